-- R1 Professional staff ratio (the 75% target), rules.md R1.
-- One row per roster snapshot date D and unit of the units snapshot in force at D (also units
-- with nobody in post), one row per D for a unit code that officers in post carry but the units
-- snapshot does not list (row_type = unlisted_unit), and one 'ALL' row per D from the summed
-- counts of all of them.
--
-- Exact arithmetic: with the target t as DECIMAL(18,6) and n officers in post,
--   required_qualified = ceil(t * n)          (exact in DECIMAL, e.g. 0.75 * 3 = 2.25 -> 3)
--   people_gap         = max(0, required_qualified - qualified)   (0 when n = 0)
--   meets_target       = qualified >= t * n  <=>  people_gap = 0  (NULL when n = 0)
-- qualified_ratio (a DOUBLE) is for display only; no decision is taken on it.

with params as (
    select
        professional_target_ratio,
        cast(professional_target_ratio as decimal(18, 6)) as target_exact,
        professional_target_deadline,
        min_education_level,
        min_practical_years
    from {{ ref('int_policy_parameters') }}
),

as_of_dates as (
    select distinct extract_date as as_of_date
    from {{ ref('stg_roster') }}
),

units_at_date as (
    select
        as_of_dates.as_of_date,
        units.unit_code,
        units.unit_name,
        units.level as unit_level
    from as_of_dates
    inner join {{ ref('int_unit_state') }} as units
        on units.valid_from <= as_of_dates.as_of_date
        and as_of_dates.as_of_date < units.valid_to
),

counts as (
    select
        as_of_date,
        unit_code,
        count(*) as officers_in_post,
        sum(case when is_qualified then 1 else 0 end) as qualified_officers
    from {{ ref('int_officer_qualification') }}
    group by as_of_date, unit_code
),

unit_rows as (
    select
        coalesce(units_at_date.as_of_date, counts.as_of_date) as as_of_date,
        coalesce(units_at_date.unit_code, counts.unit_code) as unit_code,
        units_at_date.unit_name,
        units_at_date.unit_level,
        case when units_at_date.unit_code is null then 'unlisted_unit' else 'unit' end as row_type,
        coalesce(counts.officers_in_post, 0) as officers_in_post,
        coalesce(counts.qualified_officers, 0) as qualified_officers
    from units_at_date
    full outer join counts
        on units_at_date.as_of_date = counts.as_of_date
        and units_at_date.unit_code = counts.unit_code
),

all_rows as (
    select
        as_of_dates.as_of_date,
        'ALL' as unit_code,
        '全兵团 (all units)' as unit_name,
        cast(null as {{ dbt.type_string() }}) as unit_level,
        'all' as row_type,
        coalesce(sum(unit_rows.officers_in_post), 0) as officers_in_post,
        coalesce(sum(unit_rows.qualified_officers), 0) as qualified_officers
    from as_of_dates
    left join unit_rows
        on as_of_dates.as_of_date = unit_rows.as_of_date
    group by as_of_dates.as_of_date
),

all_and_units as (
    select * from unit_rows
    union all
    select * from all_rows
),

measured as (
    select
        all_and_units.*,
        cast(ceil(params.target_exact * all_and_units.officers_in_post) as bigint) as required_qualified,
        params.professional_target_ratio,
        params.professional_target_deadline,
        params.min_education_level,
        params.min_practical_years
    from all_and_units
    cross join params
),

final as (
    select
        as_of_date,
        unit_code,
        unit_name,
        unit_level,
        row_type,
        cast(officers_in_post as bigint) as officers_in_post,
        cast(qualified_officers as bigint) as qualified_officers,
        case
            when officers_in_post > 0 then cast(qualified_officers as double) / officers_in_post
        end as qualified_ratio,
        professional_target_ratio as target_ratio,
        case
            when officers_in_post > 0 then qualified_officers >= required_qualified
        end as meets_target,
        case when officers_in_post > 0 then required_qualified else 0 end as required_qualified,
        case
            when officers_in_post > 0
                then cast(greatest(0, required_qualified - qualified_officers) as bigint)
            else cast(0 as bigint)
        end as people_gap,
        professional_target_deadline,
        as_of_date > professional_target_deadline as past_target_deadline,
        min_education_level,
        min_practical_years
    from measured
)

select * from final
