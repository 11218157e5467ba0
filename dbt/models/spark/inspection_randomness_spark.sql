-- The Spark target's marts.inspection_randomness (docs/scale-out.md): the same table and columns
-- as the Python model models/marts/enforcement/inspection_randomness.py (enabled on DuckDB; a
-- name of its own as models/spark/int_calendar_library_spark.sql says), with scipy's
-- chi2.sf(x, k) in SQL. chi2.sf(x, k) = Q(a, z), the regularised upper incomplete gamma with
-- a = k / 2, z = x / 2, computed as scipy's Cephes does, by region:
--   z < a + 1: Q = 1 - P, P(a, z) = Σ_{n >= 0} exp(c + l_n), c = a ln z - z - ln Γ(a + 1),
--     l_0 = 0, l_n = l_{n-1} + ln z - ln(a + n): the power series, term by term in logs so no
--     term overflows; the terms fall like a normal curve of width √z past n = z - a, so
--     z + 10 √z + 30 of them leave a tail below 1e-17. Here Q is not small: no cancellation.
--   z >= a + 1: Q = exp(a ln z - z - ln Γ(a)) · CF, the continued fraction by the modified
--     Lentz method (Numerical Recipes gcf), a fixed 300 steps (it converges in far fewer;
--     further steps multiply by 1). Small p-values keep their relative precision.
-- 2a is an integer, so ln Γ(a + 1) = Σ_{j=1..⌊a⌋} ln(f + j) + (f = ½: ln(√π / 2)), f = a - ⌊a⌋.
{{ config(schema='marts', alias='inspection_randomness', materialized='table') }}

{#- One Lentz step's new c and 1/d; a denominator that reaches 0 is replaced by a tiny number. -#}
{%- set lentz_c = "acc.b + 2 + (-i * (i - a)) / acc.c" -%}
{%- set lentz_d = "(-i * (i - a)) * acc.d + acc.b + 2" -%}
{%- set floor_c = "(case when abs(" ~ lentz_c ~ ") < 1e-300d then 1e-300d else " ~ lentz_c ~ " end)" -%}
{%- set floor_d = "(case when abs(" ~ lentz_d ~ ") < 1e-300d then 1e-300d else " ~ lentz_d ~ " end)" %}

with stats as (
    select * from {{ ref('int_r6_randomness_stats') }}
),

tested as (
    select
        *,
        coalesce(test_applied and chi_square is not null and dof >= 1, false) as has_test,
        dof / 2.0d as a,
        chi_square / 2.0d as z
    from stats
),

gamma as (
    select
        *,
        case when has_test and z > 0 then
            a * ln(z) - z
            - aggregate(sequence(1, greatest(cast(floor(a) as int), 1)), 0d,
                        (acc, j) -> acc + case when j <= floor(a) then ln(a - floor(a) + j) else 0d end)
            - case when a > floor(a) then ln(sqrt(pi()) / 2) else 0d end
        end as log_prefix
    from tested
),

p_values as (
    select
        *,
        case
            when not has_test then null
            when z = 0 then 1d
            when z >= a + 1 then exp(log_prefix + ln(a)) * aggregate(
                sequence(1, 300),
                named_struct('b', z + 1 - a, 'c', 1e300d, 'd', 1 / (z + 1 - a), 'h', 1 / (z + 1 - a)),
                (acc, i) -> named_struct(
                    'b', acc.b + 2,
                    'c', {{ floor_c }},
                    'd', 1 / {{ floor_d }},
                    'h', acc.h * {{ floor_c }}
                        / {{ floor_d }}
                ),
                acc -> acc.h
            )
            else greatest(0d, 1d - aggregate(
                sequence(1, cast(ceil(z + 10 * sqrt(z) + 30) as int)),
                named_struct('log_term', 0d, 'total', exp(log_prefix)),
                (acc, n) -> named_struct(
                    'log_term', acc.log_term + ln(z) - ln(a + n),
                    'total', acc.total + exp(log_prefix + acc.log_term + ln(z) - ln(a + n))
                ),
                acc -> acc.total
            ))
        end as p_value
    from gamma
)

select
    unit_code,
    year,
    tasks,
    enterprises_drawn,
    entities_drawn_reported,
    draws_outside_pool,
    pool_size,
    expected_draws,
    observed_draws,
    test_applied,
    chi_square,
    cast(dof as int) as dof,
    p_value,
    0.01d as p_value_threshold,  -- P_VALUE_THRESHOLD of the Python model
    p_value < 0.01d as draws_not_uniform,
    case
        when p_value is null then 'no_test'
        when p_value < 0.01d then 'not_uniform'
        else 'uniform'
    end as randomness_status
from p_values
