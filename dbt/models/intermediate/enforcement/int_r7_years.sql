-- The **years** of rules.md for R7 and R8: every calendar year from the year after
-- policy_effective_date up to the year of now. One row per year.

with params as (
    select cast(extract(year from policy_effective_date) as integer) as effective_year
    from {{ ref('int_policy_parameters') }}
),

now_date as (
    select
        now_date,
        cast(extract(year from now_date) as integer) as now_year
    from {{ ref('int_now') }}
),

series as (
    {{ dbt.generate_series(200) }}
),

years as (
    select
        cast(params.effective_year + series.generated_number as integer) as year,
        now_date.now_date
    from series
    cross join params
    cross join now_date
    where params.effective_year + series.generated_number <= now_date.now_year
)

select
    year,
    cast(cast(year as {{ dbt.type_string() }}) || '-01-01' as date) as year_start,
    cast(cast(year as {{ dbt.type_string() }}) || '-12-31' as date) as year_end,
    now_date < cast(cast(year as {{ dbt.type_string() }}) || '-12-31' as date) as is_year_to_date,
    now_date
from years
