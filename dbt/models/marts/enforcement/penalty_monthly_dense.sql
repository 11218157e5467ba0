-- A dense monthly penalty series for trend lines: every month from the first decision month of
-- any case to the month of now (or of the last decision, if later) × every body (the units of
-- the latest units snapshot and every body that decided a case), with zeros where no case was
-- decided. penalty_monthly (the analyst contract) has rows only where cases exist, so a line
-- drawn from it skips the empty months. Revoked cases are left out, as in penalty_monthly.

with cases as (
    select
        decision_month,
        body_code,
        fine_amount,
        confiscation_amount,
        is_revoked
    from {{ ref('int_r9_penalty_cases') }}
),

bounds as (
    select
        min(cases.decision_month) as first_month,
        max(cases.decision_month) as last_decision_month
    from cases
),

now_month as (
    select cast({{ dbt.date_trunc('month', 'now_date') }} as date) as now_month
    from {{ ref('int_now') }}
),

-- The working-day calendar covers every penalty date and now (int_calendar_range), so its days
-- give every month of the series without a generator of our own.
months as (
    select distinct cast({{ dbt.date_trunc('month', 'calendar.calendar_date') }} as date) as month
    from {{ ref('int_calendar_workdays') }} as calendar
    cross join bounds
    cross join now_month
    where
        calendar.calendar_date >= bounds.first_month
        and calendar.calendar_date < {{ dbt.dateadd(
            'month', 1,
            'case when bounds.last_decision_month > now_month.now_month'
            ~ ' then bounds.last_decision_month else now_month.now_month end') }}
),

bodies as (
    select unit_code as body_code from {{ ref('dim_units') }}
    union
    select body_code from cases
),

monthly as (
    select
        decision_month as month,
        body_code,
        count(*) as cases,
        sum(fine_amount) as fine_total,
        percentile_cont(0.5) within group (order by fine_amount) as fine_median,
        sum(confiscation_amount) as confiscation_total
    from cases
    where not is_revoked
    group by decision_month, body_code
),

final as (
    select
        months.month,
        bodies.body_code,
        cast(coalesce(monthly.cases, 0) as bigint) as cases,
        cast(coalesce(monthly.fine_total, 0) as decimal(18, 2)) as fine_total,
        cast(monthly.fine_median as decimal(18, 2)) as fine_median,
        cast(coalesce(monthly.confiscation_total, 0) as decimal(18, 2)) as confiscation_total
    from months
    cross join bodies
    left join monthly
        on
            months.month = monthly.month
            and bodies.body_code = monthly.body_code
)

select * from final
