-- R9: revoked cases are in penalty_checks but in no trend - penalty_monthly and the `all` rows
-- of penalty_trends count exactly the non-revoked cases.
with checks as (
    select count(*) as cases
    from {{ ref('penalty_checks') }}
    where status <> 'revoked'
),

monthly as (
    select coalesce(sum(cases), 0) as cases
    from {{ ref('penalty_monthly') }}
),

trends as (
    select coalesce(sum(cases), 0) as cases
    from {{ ref('penalty_trends') }}
    where dimension = 'all'
)

select
    checks.cases as checked_cases,
    monthly.cases as monthly_cases,
    trends.cases as trend_cases
from checks
cross join monthly
cross join trends
where checks.cases <> monthly.cases or checks.cases <> trends.cases
