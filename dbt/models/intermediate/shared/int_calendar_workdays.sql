-- The official working-day calendar over int_calendar_range, one row per date.
-- Each date's value comes from, in this order:
--   1. `file`             the latest calendar file covering it (stg_calendar);
--   2. `library`          China's published holidays and make-up workdays (int_calendar_library);
--   3. `weekday_fallback` Monday-Friday, for dates the library does not know yet.
-- workday_seq counts working days on or before the date, so "the N-th working day strictly
-- after X" is the working day whose workday_seq = workday_seq(X) + N.

with calendar_range as (
    select range_start, range_end from {{ ref('int_calendar_range') }}
),

spine as (
    select {{ unnest_days('range_start', 'range_end') }} as calendar_date
    from calendar_range
),

calendar_file as (
    select calendar_date, is_workday from {{ ref('stg_calendar') }}
),

library as (
    select calendar_date, is_workday from {{ ref('int_calendar_library_spark' if target.type == 'spark' else 'int_calendar_library') }}
),

resolved as (
    select
        spine.calendar_date,
        case
            when calendar_file.is_workday is not null then calendar_file.is_workday
            when library.is_workday is not null then library.is_workday
            else {{ iso_weekday('spine.calendar_date') }} <= 5
        end as is_workday,
        case
            when calendar_file.is_workday is not null then 'file'
            when library.is_workday is not null then 'library'
            else 'weekday_fallback'
        end as day_source
    from spine
    left join calendar_file
        on spine.calendar_date = calendar_file.calendar_date
    left join library
        on spine.calendar_date = library.calendar_date
),

final as (
    select
        calendar_date,
        is_workday,
        sum(case when is_workday then 1 else 0 end) over (
            order by calendar_date
            rows between unbounded preceding and current row
        ) as workday_seq,
        day_source
    from resolved
)

select * from final
