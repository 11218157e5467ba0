-- R9 trends: one row per decision month, body, violation code and circumstance. Revoked cases
-- are left out.

select
    decision_month as month,
    body_code,
    violation_code,
    circumstance,
    count(*) as cases,
    sum(fine_amount) as fine_total,
    percentile_cont(0.5) within group (order by fine_amount) as fine_median,
    sum(confiscation_amount) as confiscation_total
from {{ ref('int_r9_penalty_cases') }}
where not is_revoked
group by decision_month, body_code, violation_code, circumstance
