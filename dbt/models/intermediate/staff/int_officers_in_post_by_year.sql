-- For each R3 year: the officers in post at the year's reference date (Y-12-31, or latest D for
-- the current year) by the roster snapshot in force then (rules.md R3), with their unit and
-- hire date from that state.

with years as (
    select * from {{ ref('int_staff_rule_years') }}
),

person_state as (
    select * from {{ ref('int_person_state') }}
),

final as (
    select
        years.year,
        years.year_start,
        years.year_end,
        years.reference_date,
        years.year_finished,
        person_state.snapshot_date as roster_snapshot_date,
        person_state.person_id,
        person_state.unit_code,
        person_state.hire_date,
        person_state.file_name as source_file,
        person_state.source_row_number
    from years
    inner join person_state
        on person_state.valid_from <= years.reference_date
        and years.reference_date < person_state.valid_to
    where person_state.staff_category = 'officer'
      and person_state.hire_date <= years.reference_date
      and (person_state.separation_date is null or person_state.separation_date > years.reference_date)
)

select * from final
