-- rules.md "years" for R3: every calendar year from the year after policy_effective_date up to
-- the year of the latest roster date (latest D), with the date each year is judged at:
-- Y-12-31 for a finished year (latest D >= Y-12-31), latest D for the current year.

with params as (
    select policy_effective_date from {{ ref('int_policy_parameters') }}
),

now as (
    select latest_roster_date from {{ ref('int_now') }}
),

bounds as (
    select
        cast(extract(year from params.policy_effective_date) as integer) + 1 as first_year,
        cast(extract(year from now.latest_roster_date) as integer) as last_year,
        now.latest_roster_date
    from params
    cross join now
    where now.latest_roster_date is not null
),

years as (
    select
        {{ unnest_integers('first_year', 'last_year') }} as year,
        latest_roster_date
    from bounds
),

dated as (
    select
        year,
        cast(cast(year as {{ dbt.type_string() }}) || '-01-01' as date) as year_start,
        cast(cast(year as {{ dbt.type_string() }}) || '-12-31' as date) as year_end,
        latest_roster_date
    from years
),

final as (
    select
        year,
        year_start,
        year_end,
        latest_roster_date >= year_end as year_finished,
        case when latest_roster_date >= year_end then year_end else latest_roster_date end as reference_date
    from dated
)

select * from final
