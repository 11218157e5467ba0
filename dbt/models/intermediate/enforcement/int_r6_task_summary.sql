-- R6: one row per double-random task: reported against derived pool size, and what it drew.

with tasks as (
    select
        task_id,
        unit_code,
        subject,
        draw_date,
        entity_pool_size,
        entities_drawn
    from {{ ref('stg_random_tasks') }}
),

pool_sizes as (
    select
        task_id,
        count(*) as derived_pool_size
    from {{ ref('int_r6_task_pools') }}
    group by task_id
),

draw_counts as (
    select
        task_id,
        count(*) as enterprises_drawn,
        sum(case when in_pool then 1 else 0 end) as drawn_in_pool,
        sum(case when in_pool then 0 else 1 end) as drawn_outside_pool
    from {{ ref('int_r6_task_draws') }}
    group by task_id
),

joined as (
    select
        tasks.task_id,
        tasks.unit_code,
        tasks.subject,
        tasks.draw_date,
        cast(extract(year from tasks.draw_date) as integer) as draw_year,
        tasks.entity_pool_size,
        tasks.entities_drawn,
        cast(coalesce(pool_sizes.derived_pool_size, 0) as integer) as derived_pool_size,
        cast(coalesce(draw_counts.enterprises_drawn, 0) as integer) as enterprises_drawn,
        cast(coalesce(draw_counts.drawn_in_pool, 0) as integer) as drawn_in_pool,
        cast(coalesce(draw_counts.drawn_outside_pool, 0) as integer) as drawn_outside_pool
    from tasks
    left join pool_sizes
        on tasks.task_id = pool_sizes.task_id
    left join draw_counts
        on tasks.task_id = draw_counts.task_id
)

select
    task_id,
    unit_code,
    subject,
    draw_date,
    draw_year,
    entity_pool_size,
    entities_drawn,
    derived_pool_size,
    enterprises_drawn,
    drawn_in_pool,
    drawn_outside_pool,
    case
        when derived_pool_size > 0
            then cast(abs(entity_pool_size - derived_pool_size) as double) / derived_pool_size
    end as pool_size_deviation,
    0.10 as pool_size_tolerance,
    -- "differs by more than 10%" of the derived (registry) size, in integer arithmetic
    coalesce(10 * abs(entity_pool_size - derived_pool_size) > derived_pool_size, false)
        as pool_out_of_step
from joined
