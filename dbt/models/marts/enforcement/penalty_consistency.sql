-- R9 consistency: per decision year, violation code and circumstance, the spread of fines
-- (count, mean, sample standard deviation, coefficient of variation), corps-wide
-- (body_code = 'ALL') and per deciding body, with each body's median against the corps median.
-- Revoked cases are left out.

with cases as (
    select
        decision_year as year,
        violation_code,
        circumstance,
        body_code,
        fine_amount
    from {{ ref('int_r9_penalty_cases') }}
    where not is_revoked
),

by_scope as (
    select year, violation_code, circumstance, 'ALL' as body_code, fine_amount
    from cases
    union all
    select year, violation_code, circumstance, body_code, fine_amount
    from cases
),

stats as (
    select
        year,
        violation_code,
        circumstance,
        body_code,
        count(*) as cases,
        avg(fine_amount) as fine_mean,
        stddev_samp(fine_amount) as fine_stddev,
        percentile_cont(0.5) within group (order by fine_amount) as fine_median
    from by_scope
    group by year, violation_code, circumstance, body_code
),

corps as (
    select
        year,
        violation_code,
        circumstance,
        fine_median as corps_median
    from stats
    where body_code = 'ALL'
)

select
    stats.year,
    stats.violation_code,
    stats.circumstance,
    stats.body_code,
    stats.cases,
    cast(stats.fine_mean as decimal(18, 2)) as fine_mean,
    cast(stats.fine_stddev as decimal(18, 2)) as fine_stddev,
    case when stats.fine_mean > 0 then stats.fine_stddev / stats.fine_mean end as fine_cv,
    cast(stats.fine_median as decimal(18, 2)) as fine_median,
    cast(corps.corps_median as decimal(18, 2)) as corps_median,
    cast(stats.fine_median - corps.corps_median as decimal(18, 2)) as median_minus_corps_median,
    case
        when corps.corps_median > 0 then stats.fine_median / corps.corps_median
    end as median_to_corps_median
from stats
inner join corps
    on
        stats.year = corps.year
        and stats.violation_code = corps.violation_code
        and stats.circumstance = corps.circumstance
