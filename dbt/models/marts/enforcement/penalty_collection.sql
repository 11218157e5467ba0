-- R9 collection and referral: per decision year and deciding body (body_code 'ALL' for the whole
-- corps), the share of fines paid and the cases referred to the judiciary. Revoked cases are
-- left out.

with cases as (
    select
        decision_year as year,
        body_code,
        fine_amount,
        paid,
        referred
    from {{ ref('int_r9_penalty_cases') }}
    where not is_revoked
),

by_scope as (
    select year, 'ALL' as body_code, fine_amount, paid, referred from cases
    union all
    select year, body_code, fine_amount, paid, referred from cases
),

totals as (
    select
        year,
        body_code,
        count(*) as cases,
        sum(fine_amount) as fine_total,
        sum(case when paid then 1 else 0 end) as paid_cases,
        sum(case when paid then fine_amount else 0 end) as fine_paid_total,
        sum(case when referred then 1 else 0 end) as referred_cases
    from by_scope
    group by year, body_code
)

select
    year,
    body_code,
    cases,
    cast(fine_total as decimal(18, 2)) as fine_total,
    cast(paid_cases as bigint) as paid_cases,
    cast(fine_paid_total as decimal(18, 2)) as fine_paid_total,
    case when fine_total > 0 then fine_paid_total / fine_total end as fine_paid_share,
    cast(paid_cases as double) / cases as paid_case_share,
    cast(referred_cases as bigint) as referred_cases,
    cast(referred_cases as double) / cases as referred_share
from totals
