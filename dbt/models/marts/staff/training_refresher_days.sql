-- R3 drill-down: for each (year, officer) of training_refresher_status, the refresher records
-- that meet the year's window [Y-01-01, reference_date], passed or not, with the days each adds
-- to refresher_days (a day two records share is given to the earlier one), so the counted_days
-- of a year and officer add up to its refresher_days.

with status as (
    select year, person_id, unit_code, reference_date
    from {{ ref('training_refresher_status') }}
),

years as (
    select year, year_start
    from {{ ref('int_staff_rule_years') }}
),

records as (
    select *
    from {{ ref('int_training_record_days') }}
    where training_type = 'refresher'
),

final as (
    select
        status.year,
        status.person_id,
        status.unit_code,
        records.record_id,
        records.start_date,
        records.end_date,
        records.result,
        records.counts,
        cast({{ covered_days('records.new_from', 'records.end_date', 'years.year_start', 'status.reference_date') }} as integer)
            as counted_days,
        records.source_file,
        records.source_row_number
    from status
    inner join years
        on status.year = years.year
    inner join records
        on status.person_id = records.person_id
        and records.start_date <= status.reference_date
        and records.end_date >= years.year_start
)

select * from final
