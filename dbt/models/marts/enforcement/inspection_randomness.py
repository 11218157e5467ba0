"""R6 randomness check: the chi-square p-value per organising unit and year.

Everything but the p-value is computed in SQL (int_r6_randomness_stats); this model adds the
chi-square survival function, which SQL does not have, and the "draws not uniform" flag.
"""

import pandas as pd
from scipy.stats import chi2

P_VALUE_THRESHOLD = 0.01


def model(dbt, session):
    dbt.config(materialized="table")
    stats = dbt.ref("int_r6_randomness_stats").df()

    p_values = []
    for applied, statistic, dof in zip(stats["test_applied"], stats["chi_square"], stats["dof"]):
        if bool(applied) and pd.notna(statistic) and pd.notna(dof) and dof >= 1:
            p_values.append(float(chi2.sf(float(statistic), int(dof))))
        else:
            p_values.append(None)

    result = stats.copy()
    result["p_value"] = pd.array(p_values, dtype="Float64")
    result["p_value_threshold"] = P_VALUE_THRESHOLD
    result["draws_not_uniform"] = pd.array(
        [None if p is None else p < P_VALUE_THRESHOLD for p in p_values], dtype="boolean"
    )
    result["randomness_status"] = [
        "no_test" if p is None else ("not_uniform" if p < P_VALUE_THRESHOLD else "uniform")
        for p in p_values
    ]
    result["dof"] = result["dof"].astype("Int32")
    return result[
        [
            "unit_code",
            "year",
            "tasks",
            "enterprises_drawn",
            "entities_drawn_reported",
            "draws_outside_pool",
            "pool_size",
            "expected_draws",
            "observed_draws",
            "test_applied",
            "chi_square",
            "dof",
            "p_value",
            "p_value_threshold",
            "draws_not_uniform",
            "randomness_status",
        ]
    ]
