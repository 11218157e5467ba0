-- R9: revoked cases counted on their own, per decision year and deciding body (body_code 'ALL'
-- for the whole corps).

with cases as (
    select
        decision_year as year,
        body_code,
        is_revoked,
        fine_amount
    from {{ ref('int_r9_penalty_cases') }}
),

by_scope as (
    select year, 'ALL' as body_code, is_revoked, fine_amount from cases
    union all
    select year, body_code, is_revoked, fine_amount from cases
)

select
    year,
    body_code,
    count(*) as cases_all,
    cast(sum(case when is_revoked then 1 else 0 end) as bigint) as revoked_cases,
    cast(sum(case when is_revoked then 1 else 0 end) as double) / count(*) as revoked_share,
    cast(sum(case when is_revoked then fine_amount else 0 end) as decimal(18, 2))
        as revoked_fine_total
from by_scope
group by year, body_code
