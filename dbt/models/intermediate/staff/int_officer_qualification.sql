-- R1 qualification of every officer in post at each roster snapshot date D.
-- Qualified = all of:
--   education_level >= min_education_level (order of sources.md, macro education_rank);
--   major classified safety_related in the majors snapshot in force at D (an unlisted or blank
--     major counts as not safety-related);
--   practical years >= min_practical_years, practical years = prior_experience_years (blank = 0)
--     + (D - hire_date) / 365.25. Compared exactly, multiplied out by 365.25 in DECIMAL:
--     prior * 365.25 + days_in_post >= min_practical_years * 365.25.

with params as (
    select min_education_level, min_practical_years
    from {{ ref('int_policy_parameters') }}
),

officers as (
    select *
    from {{ ref('int_staff_in_post') }}
    where staff_category = 'officer'
),

majors as (
    select major, safety_related, snapshot_date, valid_from, valid_to
    from {{ ref('int_major_state') }}
),

assessed as (
    select
        officers.as_of_date,
        officers.person_id,
        officers.unit_code,
        officers.hire_date,
        officers.education_level,
        coalesce(
            {{ education_rank('officers.education_level') }}
            >= {{ education_rank('params.min_education_level') }},
            false
        ) as education_ok,
        officers.major,
        majors.major is not null as major_listed,
        majors.safety_related as major_safety_related,
        coalesce(majors.safety_related, false) as major_ok,
        officers.prior_experience_years,
        {{ dbt.datediff('officers.hire_date', 'officers.as_of_date', 'day') }} as days_in_post,
        coalesce(
            cast(coalesce(officers.prior_experience_years, 0) as decimal(18, 6)) * cast(365.25 as decimal(6, 2))
            + {{ dbt.datediff('officers.hire_date', 'officers.as_of_date', 'day') }}
            >= cast(params.min_practical_years as decimal(18, 6)) * cast(365.25 as decimal(6, 2)),
            false
        ) as practical_ok,
        params.min_education_level,
        params.min_practical_years,
        officers.source_file,
        officers.source_row_number
    from officers
    cross join params
    left join majors
        on officers.major = majors.major
        and majors.valid_from <= officers.as_of_date
        and officers.as_of_date < majors.valid_to
),

final as (
    select
        as_of_date,
        person_id,
        unit_code,
        hire_date,
        education_level,
        education_ok,
        major,
        major_listed,
        major_safety_related,
        major_ok,
        prior_experience_years,
        days_in_post,
        -- in double: Spark would divide by the DECIMAL literal in DECIMAL, to 6 places
        coalesce(prior_experience_years, 0) + days_in_post / cast(365.25 as double) as practical_years,
        practical_ok,
        education_ok and major_ok and practical_ok as is_qualified,
        -- the conditions missed, as codes in alphabetical order (so the list is sorted by
        -- construction); '' when qualified. A blank major is unlisted, like an unknown one.
        concat_ws(',',
            case when not education_ok then 'education' end,
            case when not practical_ok then 'experience' end,
            case when major_listed and not major_ok then 'major_not_safety' end,
            case when not major_listed then 'major_unlisted' end
        ) as not_qualified_reason,
        min_education_level,
        min_practical_years,
        source_file,
        source_row_number
    from assessed
)

select * from final
