-- R6: object-pool findings of double-random tasks:
-- `drawn_outside_pool` (one row per task and enterprise drawn outside the derived pool) and
-- `pool_out_of_step` (one row per task whose reported entity_pool_size differs from the derived
-- pool size by more than 10%; uscc is null).

with tasks as (
    select
        task_id,
        unit_code,
        draw_date,
        draw_year,
        entity_pool_size,
        derived_pool_size,
        pool_size_deviation,
        pool_size_tolerance,
        pool_out_of_step
    from {{ ref('int_r6_task_summary') }}
),

outside as (
    select
        task_id,
        uscc,
        inspection_ids
    from {{ ref('int_r6_task_draws') }}
    where not in_pool
),

findings as (
    select
        tasks.task_id,
        'drawn_outside_pool' as finding_type,
        outside.uscc,
        outside.inspection_ids
    from outside
    inner join tasks
        on outside.task_id = tasks.task_id

    union all

    select
        task_id,
        'pool_out_of_step' as finding_type,
        cast(null as {{ dbt.type_string() }}) as uscc,
        '' as inspection_ids
    from tasks
    where pool_out_of_step
)

select
    findings.task_id,
    findings.finding_type,
    findings.uscc,
    tasks.unit_code,
    tasks.draw_date,
    tasks.draw_year as year,
    findings.inspection_ids,
    tasks.entity_pool_size,
    tasks.derived_pool_size,
    tasks.pool_size_deviation,
    tasks.pool_size_tolerance
from findings
inner join tasks
    on findings.task_id = tasks.task_id
