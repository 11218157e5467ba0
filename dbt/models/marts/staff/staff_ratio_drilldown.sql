-- R1 drill-down: everyone in post at each roster date D, so a unit's professional ratio can be
-- traced to people. Officers are the rows of staff_qualification (counted_in_ratio, with the
-- conditions they miss); auxiliaries and experts are never officers (rules.md R1) and are listed
-- as not counted, their reason being their category. Per (as_of_date, unit_code) the counted rows
-- are officers_in_post of kpi_professional_ratio, and the qualified ones qualified_officers.

with officers as (
    select
        as_of_date,
        person_id,
        unit_code,
        'officer' as staff_category,
        true as counted_in_ratio,
        is_qualified,
        not_qualified_reason,
        education_level,
        education_ok,
        major,
        major_listed,
        major_ok,
        practical_years,
        practical_ok,
        source_file,
        source_row_number
    from {{ ref('staff_qualification') }}
),

others as (
    select
        as_of_date,
        person_id,
        unit_code,
        staff_category,
        false as counted_in_ratio,
        false as is_qualified,
        staff_category as not_qualified_reason,
        education_level,
        cast(null as boolean) as education_ok,
        major,
        cast(null as boolean) as major_listed,
        cast(null as boolean) as major_ok,
        cast(null as double) as practical_years,
        cast(null as boolean) as practical_ok,
        source_file,
        source_row_number
    from {{ ref('int_staff_in_post') }}
    where staff_category <> 'officer'
)

select * from officers
union all
select * from others
