-- R3 On-the-job practical training (岗位实训, task 79), rules.md R3: for each year Y (as R3)
-- and each unit, the share of officers in post at Y's reference date (Y-12-31; latest D for the
-- current year) with at least one passed `practical` record whose end_date lies in the
-- practical_window_years years up to that date: reference_date - N years < end_date <=
-- reference_date. Units are those of the units snapshot in force at the reference date (also
-- without officers), plus unit codes officers carry that it does not list, plus an 'ALL' row.

with params as (
    select practical_window_years from {{ ref('int_policy_parameters') }}
),

years as (
    select year, reference_date, year_finished
    from {{ ref('int_staff_rule_years') }}
),

officers as (
    select * from {{ ref('int_officers_in_post_by_year') }}
),

practical as (
    select person_id, end_date
    from {{ ref('stg_training') }}
    where training_type = 'practical'
      and result = 'pass'
),

officer_flags as (
    select
        officers.year,
        officers.person_id,
        officers.unit_code,
        exists (
            select 1
            from practical
            where practical.person_id = officers.person_id
              and practical.end_date <= officers.reference_date
              and practical.end_date > cast({{ dbt.dateadd('year', '-params.practical_window_years', 'officers.reference_date') }} as date)
        ) as has_practical
    from officers
    cross join params
),

counts as (
    select
        year,
        unit_code,
        count(*) as officers_in_post,
        sum(case when has_practical then 1 else 0 end) as officers_with_practical
    from officer_flags
    group by year, unit_code
),

units_at_year as (
    select
        years.year,
        units.unit_code,
        units.unit_name
    from years
    inner join {{ ref('int_unit_state') }} as units
        on units.valid_from <= years.reference_date
        and years.reference_date < units.valid_to
),

unit_rows as (
    select
        coalesce(units_at_year.year, counts.year) as year,
        coalesce(units_at_year.unit_code, counts.unit_code) as unit_code,
        units_at_year.unit_name,
        case when units_at_year.unit_code is null then 'unlisted_unit' else 'unit' end as row_type,
        coalesce(counts.officers_in_post, 0) as officers_in_post,
        coalesce(counts.officers_with_practical, 0) as officers_with_practical
    from units_at_year
    full outer join counts
        on units_at_year.year = counts.year
        and units_at_year.unit_code = counts.unit_code
),

all_rows as (
    select
        years.year,
        'ALL' as unit_code,
        '全兵团 (all units)' as unit_name,
        'all' as row_type,
        coalesce(sum(unit_rows.officers_in_post), 0) as officers_in_post,
        coalesce(sum(unit_rows.officers_with_practical), 0) as officers_with_practical
    from years
    left join unit_rows
        on years.year = unit_rows.year
    group by years.year
),

final as (
    select
        rows.year,
        rows.unit_code,
        rows.unit_name,
        rows.row_type,
        years.reference_date,
        years.year_finished,
        cast(rows.officers_in_post as bigint) as officers_in_post,
        cast(rows.officers_with_practical as bigint) as officers_with_practical,
        case
            when rows.officers_in_post > 0
                then cast(rows.officers_with_practical as double) / rows.officers_in_post
        end as practical_share,
        params.practical_window_years
    from (
        select * from unit_rows
        union all
        select * from all_rows
    ) as rows
    inner join years
        on rows.year = years.year
    cross join params
)

select * from final
