-- R9 trends: one row per decision month, dimension (all, body_code, violation_code,
-- circumstance, risk_level) and value, with the same month a year earlier and the change.
-- Revoked cases are left out. A month with no cases but cases a year earlier gets a row with
-- cases = 0 (up to the month of now), so that a drop is visible.

with cases as (
    select
        decision_month as month,
        body_code,
        violation_code,
        circumstance,
        coalesce(risk_level, 'unknown') as risk_level,
        fine_amount,
        confiscation_amount
    from {{ ref('int_r9_penalty_cases') }}
    where not is_revoked
),

now_month as (
    select cast({{ dbt.date_trunc('month', 'now_date') }} as date) as now_month
    from {{ ref('int_now') }}
),

by_dimension as (
    select month, 'all' as dimension, 'ALL' as dimension_value, fine_amount, confiscation_amount
    from cases
    union all
    select month, 'body_code' as dimension, body_code, fine_amount, confiscation_amount
    from cases
    union all
    select month, 'violation_code' as dimension, violation_code, fine_amount, confiscation_amount
    from cases
    union all
    select month, 'circumstance' as dimension, circumstance, fine_amount, confiscation_amount
    from cases
    union all
    select month, 'risk_level' as dimension, risk_level, fine_amount, confiscation_amount
    from cases
),

monthly as (
    select
        month,
        dimension,
        dimension_value,
        count(*) as cases,
        sum(fine_amount) as fine_total,
        percentile_cont(0.5) within group (order by fine_amount) as fine_median,
        sum(confiscation_amount) as confiscation_total
    from by_dimension
    group by month, dimension, dimension_value
),

grid as (
    select
        month,
        dimension,
        dimension_value
    from monthly

    union

    select
        cast({{ dbt.dateadd('month', 12, 'monthly.month') }} as date) as month,
        monthly.dimension,
        monthly.dimension_value
    from monthly
    cross join now_month
    where cast({{ dbt.dateadd('month', 12, 'monthly.month') }} as date) <= now_month.now_month
),

compared as (
    select
        grid.month,
        grid.dimension,
        grid.dimension_value,
        cast(coalesce(current_month.cases, 0) as integer) as cases,
        coalesce(current_month.fine_total, 0) as fine_total,
        current_month.fine_median,
        coalesce(current_month.confiscation_total, 0) as confiscation_total,
        cast({{ dbt.dateadd('month', -12, 'grid.month') }} as date) as prior_year_month,
        cast(coalesce(prior_month.cases, 0) as integer) as cases_prior_year,
        coalesce(prior_month.fine_total, 0) as fine_total_prior_year,
        prior_month.fine_median as fine_median_prior_year,
        coalesce(prior_month.confiscation_total, 0) as confiscation_total_prior_year
    from grid
    left join monthly as current_month
        on
            grid.month = current_month.month
            and grid.dimension = current_month.dimension
            and grid.dimension_value = current_month.dimension_value
    left join monthly as prior_month
        on
            prior_month.month = cast({{ dbt.dateadd('month', -12, 'grid.month') }} as date)
            and grid.dimension = prior_month.dimension
            and grid.dimension_value = prior_month.dimension_value
)

select
    month,
    dimension,
    dimension_value,
    cases,
    cast(fine_total as decimal(18, 2)) as fine_total,
    cast(fine_median as decimal(18, 2)) as fine_median,
    cast(confiscation_total as decimal(18, 2)) as confiscation_total,
    prior_year_month,
    cases_prior_year,
    cast(fine_total_prior_year as decimal(18, 2)) as fine_total_prior_year,
    cast(fine_median_prior_year as decimal(18, 2)) as fine_median_prior_year,
    cast(confiscation_total_prior_year as decimal(18, 2)) as confiscation_total_prior_year,
    cases - cases_prior_year as cases_change,
    cast(fine_total - fine_total_prior_year as decimal(18, 2)) as fine_total_change,
    case
        when fine_total_prior_year > 0
            then (fine_total - fine_total_prior_year) / fine_total_prior_year
    end as fine_total_change_ratio,
    case
        when cases_prior_year > 0 then cast(cases - cases_prior_year as double) / cases_prior_year
    end as cases_change_ratio
from compared
