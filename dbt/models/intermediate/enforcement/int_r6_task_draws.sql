-- R6: enterprises drawn by each known double-random task (named by the task's inspections), and
-- whether each lies in the task's derived pool. One row per task and enterprise.

with tasks as (
    select
        task_id,
        unit_code,
        draw_date
    from {{ ref('stg_random_tasks') }}
),

inspections as (
    select
        inspection_id,
        task_id,
        uscc,
        start_date
    from {{ ref('stg_inspections') }}
    where inspection_mode = 'double_random' and task_id is not null
),

pools as (
    select
        task_id,
        uscc
    from {{ ref('int_r6_task_pools') }}
),

draws as (
    select
        inspections.task_id,
        inspections.uscc,
        count(*) as inspections,
        min(inspections.start_date) as first_start_date,
        {{ sorted_listagg('inspections.inspection_id', "','") }}
            as inspection_ids
    from inspections
    inner join tasks
        on inspections.task_id = tasks.task_id
    group by inspections.task_id, inspections.uscc
)

select
    draws.task_id,
    tasks.unit_code,
    tasks.draw_date,
    cast(extract(year from tasks.draw_date) as integer) as draw_year,
    draws.uscc,
    draws.inspections,
    draws.first_start_date,
    draws.inspection_ids,
    pools.uscc is not null as in_pool
from draws
inner join tasks
    on draws.task_id = tasks.task_id
left join pools
    on
        draws.task_id = pools.task_id
        and draws.uscc = pools.uscc
