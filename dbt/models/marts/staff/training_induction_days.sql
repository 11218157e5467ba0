-- R2 drill-down: for each officer and as-of date D of training_induction_status who must take
-- induction training, the induction records started on or before D, passed or not, with the days
-- each adds to induction_days (days <= D; a day two records share is given to the earlier one),
-- so the counted_days of an officer and date add up to its induction_days.

with status as (
    select as_of_date, person_id, unit_code
    from {{ ref('training_induction_status') }}
    where induction_required
),

records as (
    select *
    from {{ ref('int_training_record_days') }}
    where training_type = 'induction'
),

final as (
    select
        status.as_of_date,
        status.person_id,
        status.unit_code,
        records.record_id,
        records.start_date,
        records.end_date,
        records.result,
        records.counts,
        cast({{ covered_days('records.new_from', 'records.end_date', none, 'status.as_of_date') }} as integer)
            as counted_days,
        records.source_file,
        records.source_row_number
    from status
    inner join records
        on status.person_id = records.person_id
        and records.start_date <= status.as_of_date
)

select * from final
