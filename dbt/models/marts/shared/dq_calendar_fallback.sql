-- Data-quality finding: the years of the working-day calendar for which some dates had neither
-- a calendar file nor the library's published schedule, and were taken as Monday-Friday.
-- Deadlines in those years may be off by holidays: deliver a calendar file to fix them.

with calendar as (
    select
        calendar_date,
        day_source,
        extract(year from calendar_date) as calendar_year
    from {{ ref('int_calendar_workdays') }}
),

per_year as (
    select
        cast(calendar_year as integer) as year,
        count(*) as days_in_calendar,
        sum(case when day_source = 'file' then 1 else 0 end) as file_days,
        sum(case when day_source = 'library' then 1 else 0 end) as library_days,
        sum(case when day_source = 'weekday_fallback' then 1 else 0 end) as fallback_days,
        min(case when day_source = 'weekday_fallback' then calendar_date end) as first_fallback_date,
        max(case when day_source = 'weekday_fallback' then calendar_date end) as last_fallback_date
    from calendar
    group by calendar_year
),

library as (
    select
        max(extract(year from calendar_date)) as library_last_year,
        max(library_version) as library_version
    from {{ ref('int_calendar_library_spark' if target.type == 'spark' else 'int_calendar_library') }}
),

final as (
    select
        per_year.year,
        per_year.days_in_calendar,
        cast(per_year.file_days as bigint) as file_days,
        cast(per_year.library_days as bigint) as library_days,
        cast(per_year.fallback_days as bigint) as fallback_days,
        per_year.first_fallback_date,
        per_year.last_fallback_date,
        cast(library.library_last_year as integer) as library_last_year,
        library.library_version
    from per_year
    cross join library
    where per_year.fallback_days > 0
)

select * from final
