-- Everyone in post at each roster snapshot date D (rules.md "in post at D"): the roster
-- snapshot of date D, hire_date <= D and (separation_date blank or > D). All staff
-- categories; the staff rules keep officers only.
-- A view: a filter of the incremental table stg_roster (docs/performance.md).
{{ config(materialized='view') }}

with roster as (
    select * from {{ ref('stg_roster') }}
),

final as (
    select
        extract_date as as_of_date,
        person_id,
        unit_code,
        staff_category,
        employment_type,
        hire_date,
        separation_date,
        education_level,
        major,
        prior_experience_years,
        professional_title,
        registered_safety_engineer,
        cert_no,
        cert_expiry,
        file_name as source_file,
        source_row_number
    from roster
    where hire_date <= extract_date
      and (separation_date is null or separation_date > extract_date)
)

select * from final
