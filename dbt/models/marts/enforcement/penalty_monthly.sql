-- R9 trends: one row per decision month, body, violation code and circumstance. Revoked cases
-- are left out.

select
    decision_month as month,
    body_code,
    violation_code,
    circumstance,
    count(*) as cases,
    cast(sum(fine_amount) as decimal(18, 2)) as fine_total,
    cast(percentile_cont(0.5) within group (order by fine_amount) as decimal(18, 2)) as fine_median,
    cast(sum(confiscation_amount) as decimal(18, 2)) as confiscation_total
from {{ ref('int_r9_penalty_cases') }}
where not is_revoked
group by decision_month, body_code, violation_code, circumstance
