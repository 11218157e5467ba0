-- The contract KPIs in one long table: one row per (kpi, period, unit_code) with its value, so
-- that every run's published figures can be kept and compared in one history
-- (history.kpi_published, docs/restatements.md). Only defined values: a rate with an empty
-- denominator is left out rather than NULL, because NULL in the history means "no longer
-- published".
--   period: 'YYYY-MM-DD' (roster as-of date), 'YYYY' (year) or 'YYYY-MM' (decision month).
--   unit_code: unit, 'ALL' for the corps; for penalties the deciding body.
-- Rates are counts divided once (never averages of doubles); money is rounded to the fen: a sum of doubles may differ in its last bits between two builds
-- of the same rows, which would read as a restatement.

with ratio as (
    select as_of_date, unit_code, officers_in_post, qualified_officers, qualified_ratio
    from {{ ref('kpi_professional_ratio') }}
),

professional as (
    select 'professional_officers_in_post' as kpi, cast(as_of_date as {{ dbt.type_string() }}) as period, unit_code,
           cast(officers_in_post as double) as value
    from ratio
    union all
    select 'professional_qualified_officers', cast(as_of_date as {{ dbt.type_string() }}), unit_code,
           cast(qualified_officers as double)
    from ratio
    union all
    select 'professional_qualified_ratio', cast(as_of_date as {{ dbt.type_string() }}), unit_code, qualified_ratio
    from ratio
    where qualified_ratio is not null
),

induction_scope as (
    select as_of_date, unit_code, status
    from {{ ref('training_induction_status') }}
    where induction_required
),

induction as (
    select 'induction_completion_rate' as kpi, cast(as_of_date as {{ dbt.type_string() }}) as period, unit_code,
           cast(sum(case when status = 'compliant' then 1 else 0 end) as double) / count(*) as value
    from induction_scope
    group by as_of_date, unit_code
    union all
    select 'induction_completion_rate', cast(as_of_date as {{ dbt.type_string() }}), 'ALL',
           cast(sum(case when status = 'compliant' then 1 else 0 end) as double) / count(*)
    from induction_scope
    group by as_of_date
),

refresher_scope as (
    select year, unit_code, status
    from {{ ref('training_refresher_status') }}
),

refresher as (
    select 'refresher_completion_rate' as kpi, cast(year as {{ dbt.type_string() }}) as period, unit_code,
           cast(sum(case when status = 'compliant' then 1 else 0 end) as double) / count(*) as value
    from refresher_scope
    group by year, unit_code
    union all
    select 'refresher_completion_rate', cast(year as {{ dbt.type_string() }}), 'ALL',
           cast(sum(case when status = 'compliant' then 1 else 0 end) as double) / count(*)
    from refresher_scope
    group by year
),

conflict_types as (
    -- every type of rules.md R7, so that a year without findings of a type reads 0, not absent
    select 'no_designated_body' as conflict_type
    union all select 'non_designated_body'
    union all select 'multiple_bodies'
    union all select 'duplicate_inspection'
    union all select 'non_designated_penalty'
),

conflict_counts as (
    select year, conflict_type, count(*) as findings
    from {{ ref('enforcement_body_conflicts') }}
    group by year, conflict_type
),

conflicts_by_type as (
    select years.year, conflict_types.conflict_type, coalesce(conflict_counts.findings, 0) as findings
    from {{ ref('int_r7_years') }} as years
    cross join conflict_types
    left join conflict_counts
        on years.year = conflict_counts.year
        and conflict_types.conflict_type = conflict_counts.conflict_type
),

conflicts as (
    select 'body_conflicts' as kpi, cast(year as {{ dbt.type_string() }}) as period, 'ALL' as unit_code,
           cast(sum(findings) as double) as value
    from conflicts_by_type
    group by year
    union all
    select 'body_conflicts_' || conflict_type, cast(year as {{ dbt.type_string() }}), 'ALL', cast(findings as double)
    from conflicts_by_type
),

penalty_by_body as (
    select month, body_code, sum(cases) as cases, sum(fine_total) as fine_total
    from {{ ref('penalty_monthly') }}
    group by month, body_code
    union all
    select month, 'ALL', sum(cases), sum(fine_total)
    from {{ ref('penalty_monthly') }}
    group by month
),

penalties as (
    select 'penalty_cases' as kpi, substr(cast(month as {{ dbt.type_string() }}), 1, 7) as period, body_code as unit_code,
           cast(cases as double) as value
    from penalty_by_body
    union all
    select 'penalty_fine_total', substr(cast(month as {{ dbt.type_string() }}), 1, 7), body_code,
           round(cast(fine_total as double), 2)
    from penalty_by_body
)

select kpi, period, unit_code, cast(value as double) as value from professional
union all
select kpi, period, unit_code, cast(value as double) from induction
union all
select kpi, period, unit_code, cast(value as double) from refresher
union all
select kpi, period, unit_code, cast(value as double) from conflicts
union all
select kpi, period, unit_code, cast(value as double) from penalties
