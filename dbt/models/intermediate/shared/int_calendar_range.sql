-- The date range int_calendar_workdays covers (one row).
-- range_start: 2019-01-01, or 1 January of an earlier year if a working-day-relevant date is
--   earlier.
-- range_end: 31 December two years after the latest working-day-relevant date.
-- Working-day-relevant dates: inspection, penalty and draw dates (deadlines are counted from
-- them), calendar file dates, now and the latest roster date. Personal dates (birth, hire,
-- certificate expiry) and training dates are left out: no deadline is counted from them, and a
-- mistyped far-future date there must not stretch the calendar.

with relevant_dates as (
    select start_date as d from {{ ref('stg_inspections') }}
    union all select end_date from {{ ref('stg_inspections') }}
    union all select publicity_date from {{ ref('stg_inspections') }}
    union all select filed_date from {{ ref('stg_penalties') }}
    union all select decision_date from {{ ref('stg_penalties') }}
    union all select legal_review_date from {{ ref('stg_penalties') }}
    union all select publicity_date from {{ ref('stg_penalties') }}
    union all select draw_date from {{ ref('stg_random_tasks') }}
    union all select calendar_date from {{ ref('stg_calendar') }}
    union all select now_date from {{ ref('int_now') }}
    union all select latest_roster_date from {{ ref('int_now') }}
),

bounds as (
    select
        min(d) as earliest_date,
        max(d) as latest_date
    from relevant_dates
),

final as (
    select
        least(
            cast('2019-01-01' as date),
            coalesce(cast(date_trunc('year', earliest_date) as date), cast('2019-01-01' as date))
        ) as range_start,
        cast(
            {{ dbt.dateadd(
                'day', -1,
                dbt.dateadd('year', 3, "date_trunc('year', coalesce(latest_date, cast('2019-01-01' as date)))")
            ) }} as date
        ) as range_end,
        earliest_date,
        latest_date
    from bounds
)

select * from final
