-- Each training record with the part of it no earlier record covers, so a drill-down can give
-- every record its own days and still add up to the covered days of the status marts.
-- Records of a person and type are taken in the order of int_training_islands (start_date,
-- end_date, record_id). Every earlier record starts on or before this one, so what they cover of
-- [start_date, end_date] is a prefix ending at their furthest end (previous_reach): the new part
-- is [max(start_date, previous_reach + 1), end_date]. Summed over records and clipped to a window,
-- these parts are the distinct covered days of the window (rules.md "covered days").
-- Only passed records with both dates in order count (the filter of int_training_islands); the
-- others are kept with counts = false and no new part, for the drill-down to show them.

with records as (
    select
        record_id,
        person_id,
        training_type,
        start_date,
        end_date,
        result,
        file_name as source_file,
        source_row_number
    from {{ ref('stg_training') }}
    where person_id is not null
),

counted as (
    select
        record_id,
        max(end_date) over (
            partition by person_id, training_type
            order by start_date, end_date, record_id
            rows between unbounded preceding and 1 preceding
        ) as previous_reach
    from records
    where result = 'pass'
      and start_date is not null
      and end_date >= start_date
),

final as (
    select
        records.record_id,
        records.person_id,
        records.training_type,
        records.start_date,
        records.end_date,
        records.result,
        counted.record_id is not null as counts,
        case
            when counted.record_id is null then null
            when counted.previous_reach is null or counted.previous_reach < records.start_date
                then records.start_date
            else cast({{ dbt.dateadd('day', 1, 'counted.previous_reach') }} as date)
        end as new_from,
        records.source_file,
        records.source_row_number
    from records
    left join counted
        on records.record_id = counted.record_id
)

select * from final
