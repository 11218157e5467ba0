-- R6: per organising unit and draw year, the chi-square statistic of the draws. The p-value is
-- added by the Python model inspection_randomness (scipy's chi-square survival function).
--
-- pool of the unit-year = every enterprise in the derived pool of at least one of its tasks;
-- expected draws = sum over those tasks of entities_drawn / derived pool size;
-- observed draws = distinct tasks whose inspections name it while it was in that task's pool
-- (draws outside the pool are a finding of their own and stay out of the statistic).

with tasks as (
    select
        task_id,
        unit_code,
        draw_year,
        entities_drawn,
        derived_pool_size,
        enterprises_drawn,
        drawn_outside_pool
    from {{ ref('int_r6_task_summary') }}
),

pools as (
    select
        task_id,
        uscc
    from {{ ref('int_r6_task_pools') }}
),

draws as (
    select
        task_id,
        uscc,
        in_pool
    from {{ ref('int_r6_task_draws') }}
),

expected as (
    select
        tasks.unit_code,
        tasks.draw_year,
        pools.uscc,
        sum(cast(tasks.entities_drawn as double) / tasks.derived_pool_size) as expected_draws
    from pools
    inner join tasks
        on pools.task_id = tasks.task_id
    group by tasks.unit_code, tasks.draw_year, pools.uscc
),

observed as (
    select
        tasks.unit_code,
        tasks.draw_year,
        draws.uscc,
        count(distinct draws.task_id) as observed_draws
    from draws
    inner join tasks
        on draws.task_id = tasks.task_id
    where draws.in_pool
    group by tasks.unit_code, tasks.draw_year, draws.uscc
),

members as (
    select
        expected.unit_code,
        expected.draw_year,
        expected.uscc,
        expected.expected_draws,
        coalesce(observed.observed_draws, 0) as observed_draws
    from expected
    left join observed
        on
            expected.unit_code = observed.unit_code
            and expected.draw_year = observed.draw_year
            and expected.uscc = observed.uscc
),

pool_stats as (
    select
        unit_code,
        draw_year,
        count(*) as pool_size,
        sum(expected_draws) as expected_draws,
        sum(observed_draws) as observed_draws,
        sum(
            case
                when expected_draws > 0
                    then (observed_draws - expected_draws) * (observed_draws - expected_draws)
                    / expected_draws
                else 0
            end
        ) as chi_square_sum
    from members
    group by unit_code, draw_year
),

unit_years as (
    select
        unit_code,
        draw_year,
        count(*) as tasks,
        sum(entities_drawn) as entities_drawn_reported,
        sum(drawn_outside_pool) as draws_outside_pool
    from tasks
    group by unit_code, draw_year
),

enterprises_drawn as (
    select
        tasks.unit_code,
        tasks.draw_year,
        count(distinct draws.uscc) as enterprises_drawn
    from draws
    inner join tasks
        on draws.task_id = tasks.task_id
    group by tasks.unit_code, tasks.draw_year
),

joined as (
    select
        unit_years.unit_code,
        unit_years.draw_year,
        cast(unit_years.tasks as integer) as tasks,
        cast(coalesce(enterprises_drawn.enterprises_drawn, 0) as integer) as enterprises_drawn,
        cast(unit_years.entities_drawn_reported as integer) as entities_drawn_reported,
        cast(unit_years.draws_outside_pool as integer) as draws_outside_pool,
        cast(coalesce(pool_stats.pool_size, 0) as integer) as pool_size,
        coalesce(pool_stats.expected_draws, 0) as expected_draws,
        cast(coalesce(pool_stats.observed_draws, 0) as integer) as observed_draws,
        pool_stats.chi_square_sum
    from unit_years
    left join enterprises_drawn
        on
            unit_years.unit_code = enterprises_drawn.unit_code
            and unit_years.draw_year = enterprises_drawn.draw_year
    left join pool_stats
        on
            unit_years.unit_code = pool_stats.unit_code
            and unit_years.draw_year = pool_stats.draw_year
)

select
    unit_code,
    draw_year as year,
    tasks,
    enterprises_drawn,
    entities_drawn_reported,
    draws_outside_pool,
    pool_size,
    expected_draws,
    observed_draws,
    pool_size >= 2 and expected_draws > 0 as test_applied,
    case when pool_size >= 2 and expected_draws > 0 then chi_square_sum end as chi_square,
    case when pool_size >= 2 and expected_draws > 0 then cast(pool_size - 1 as integer) end as dof
from joined
