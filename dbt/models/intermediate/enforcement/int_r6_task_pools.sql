-- R6: the derived object pool of each double-random task: enterprises whose state at draw_date is
-- `operating` with the task's organising unit as designated body. One row per task and enterprise.

with tasks as (
    select
        task_id,
        unit_code,
        draw_date
    from {{ ref('stg_random_tasks') }}
),

enterprise_state as (
    select
        uscc,
        valid_from,
        valid_to,
        status,
        designated_body
    from {{ ref('int_enterprise_state') }}
)

select
    tasks.task_id,
    tasks.unit_code,
    tasks.draw_date,
    cast(extract(year from tasks.draw_date) as integer) as draw_year,
    enterprise_state.uscc
from tasks
inner join enterprise_state
    on
        enterprise_state.valid_from <= tasks.draw_date
        and tasks.draw_date < enterprise_state.valid_to
        and enterprise_state.status = 'operating'
        and enterprise_state.designated_body = tasks.unit_code
