-- R6: no test for a pool of fewer than two; a test has dof = pool - 1 and 0 <= p <= 1; the flag
-- is p < 0.01.
select *
from {{ ref('inspection_randomness') }}
where
    (pool_size < 2 and (test_applied or p_value is not null or draws_not_uniform is not null))
    or (test_applied and (dof <> pool_size - 1 or p_value < 0 or p_value > 1))
    or (test_applied and draws_not_uniform <> (p_value < p_value_threshold))
    or (not test_applied and randomness_status <> 'no_test')
