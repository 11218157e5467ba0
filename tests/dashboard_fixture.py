"""A small hand-made serving copy for the dashboard tests.

``build_serving_db(path)`` writes a DuckDB file with the `marts` tables the app reads (the
analyst contract's tables and the extra marts, with the columns the dbt models produce) and the
`audit` tables, holding a few rows whose key figures the tests check on the pages.

Expected figures are module constants (``CORPS_RATIO`` …) so the tests and the fixture cannot
drift apart.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

D = dt.date.fromisoformat

AS_OF_DATES = [D("2022-11-30"), D("2022-12-31"), D("2023-01-31")]
LATEST = AS_OF_DATES[-1]

# key figures at the latest as-of date, shown on the leadership page
CORPS_RATIO = 0.75
CORPS_OFFICERS = 40
CORPS_QUALIFIED = 30
CORPS_GAP = 0
DIVISION_GAP_D01 = 1

# (name, type) per column, then rows as tuples in column order
Table = tuple[list[tuple[str, str]], list[tuple[Any, ...]]]

UNITS = [
    ("BT", "兵团应急管理局", "corps", None),
    ("D01", "第一师", "division", "BT"),
    ("D02", "第二师", "division", "BT"),
    ("D03", "第三师", "division", "BT"),
]

# as_of → unit → (in post, qualified, ratio, meets, gap)
KPI = {
    D("2022-11-30"): {
        "BT": (10, 7, 0.7, False, 1), "D01": (20, 12, 0.6, False, 3),
        "D02": (10, 7, 0.7, False, 1), "D03": (0, 0, None, None, 0),
        "ALL": (40, 26, 0.65, False, 4),
    },
    D("2022-12-31"): {
        "BT": (10, 8, 0.8, True, 0), "D01": (20, 13, 0.65, False, 2),
        "D02": (10, 8, 0.8, True, 0), "D03": (0, 0, None, None, 0),
        "ALL": (40, 29, 0.725, False, 1),
    },
    LATEST: {
        "BT": (10, 8, 0.8, True, 0), "D01": (20, 14, 0.7, False, DIVISION_GAP_D01),
        "D02": (10, 8, 0.8, True, 0), "D03": (0, 0, None, None, 0),
        "ALL": (CORPS_OFFICERS, CORPS_QUALIFIED, CORPS_RATIO, True, CORPS_GAP),
    },
}

USCC = {
    "A": "91650100MA0000001A",
    "B": "91650100MA0000002B",
    "C": "91650100MA0000003C",
}
# person, unit, hire date, induction days, status (the same at every as-of date)
INDUCTION = [
    ("P001", "D01", "2021-03-01", 95, "compliant"),
    ("P002", "D01", "2021-06-01", 30, "overdue"),
    ("P003", "D02", "2022-10-01", 20, "in_progress"),
    ("P004", "BT", "2015-05-01", 0, "not_required"),
]
INDUCTION_RATE = 1 / 3  # compliant among those required (not_required left out)
REFRESHER = [
    (2022, "P001", "D01", "2021-03-01", 15, "compliant"),
    (2022, "P002", "D01", "2021-06-01", 5, "non_compliant"),
    (2022, "P004", "BT", "2015-05-01", 14, "compliant"),
    (2023, "P001", "D01", "2021-03-01", 0, "pending"),
    (2023, "P002", "D01", "2021-06-01", 3, "pending"),
    (2023, "P004", "BT", "2015-05-01", 14, "compliant"),
]
ENTERPRISE_NAMES = {"A": "新疆甲化工有限公司", "B": "乙危险品储运有限公司", "C": "丙化学试剂经营部"}


def _tables() -> dict[str, Table]:
    tables: dict[str, Table] = {}

    tables["marts.dim_units"] = (
        [("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"), ("level", "VARCHAR"),
         ("parent_code", "VARCHAR"), ("parent_name", "VARCHAR"), ("snapshot_date", "DATE")],
        [(code, name, level, parent, "兵团应急管理局" if parent else None, D("2022-01-01"))
         for code, name, level, parent in UNITS],
    )
    tables["marts.policy_parameters"] = (
        [("parameter", "VARCHAR"), ("value", "VARCHAR"), ("description", "VARCHAR")],
        [
            ("policy_effective_date", "2020-11-23", "政策生效日期 / Date the policy took effect"),
            ("professional_target_ratio", "0.75", "专业人员占比目标 / Target share"),
            ("professional_target_deadline", "2022-12-31", "专业人员占比目标完成期限 / Deadline"),
            ("min_education_level", "associate", "最低学历(大专) / Minimum education level"),
            ("min_practical_years", "2.0", "最低实践年限 / Minimum practical years"),
            ("induction_min_days", "90", "入职培训最少天数 / Induction minimum days"),
            ("induction_grace_days", "180", "入职培训宽限天数 / Induction grace days"),
            ("refresher_min_days", "14", "年度复训最少天数 / Refresher minimum days"),
            ("practical_window_years", "3", "岗位实训统计年限 / Practical window"),
            ("min_officers_per_inspection", "2", "每次检查最少执法人员数 / Minimum officers"),
            ("random_publicity_workdays", "20", "双随机检查结果公示期限 / Publicity workdays"),
            ("penalty_publicity_workdays", "7", "行政处罚公示期限 / Penalty publicity workdays"),
            ("duplicate_window_days", "30", "重复检查时间窗 / Duplicate window"),
            ("conflict_exempt_modes", "complaint,accident", "不计入冲突的检查方式 / Exempt modes"),
            ("min_inspections_red", "4", "红色 / red"),
            ("min_inspections_orange", "2", "橙色 / orange"),
            ("min_inspections_yellow", "1", "黄色 / yellow"),
            ("min_inspections_blue", "0", "蓝色 / blue"),
        ],
    )
    names = {u[0]: u[1] for u in UNITS}
    levels = {u[0]: u[2] for u in UNITS}
    tables["marts.kpi_professional_ratio"] = (
        [("as_of_date", "DATE"), ("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"),
         ("unit_level", "VARCHAR"), ("row_type", "VARCHAR"), ("officers_in_post", "BIGINT"),
         ("qualified_officers", "BIGINT"), ("qualified_ratio", "DOUBLE"),
         ("target_ratio", "DOUBLE"), ("meets_target", "BOOLEAN"),
         ("required_qualified", "BIGINT"), ("people_gap", "HUGEINT"),
         ("professional_target_deadline", "DATE"), ("past_target_deadline", "BOOLEAN"),
         ("min_education_level", "VARCHAR"), ("min_practical_years", "DOUBLE")],
        [
            (as_of, unit, names.get(unit, "全兵团 (all units)"), levels.get(unit),
             "all" if unit == "ALL" else "unit", v[0], v[1], v[2], 0.75, v[3], v[1] + v[4], v[4],
             D("2022-12-31"), as_of > D("2022-12-31"), "associate", 2.0)
            for as_of, units in KPI.items()
            for unit, v in units.items()
        ],
    )
    tables["marts.training_induction_status"] = (
        [("as_of_date", "DATE"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("hire_date", "DATE"), ("induction_required", "BOOLEAN"), ("induction_days", "INTEGER"),
         ("days_since_hire", "INTEGER"), ("status", "VARCHAR"),
         ("policy_effective_date", "DATE"), ("induction_min_days", "INTEGER"),
         ("induction_grace_days", "INTEGER")],
        [
            (as_of, pid, unit, D(hire), status != "not_required", days,
             (as_of - D(hire)).days, status, D("2020-11-23"), 90, 180)
            for as_of in AS_OF_DATES
            for pid, unit, hire, days, status in INDUCTION
        ],
    )
    tables["marts.training_refresher_status"] = (
        [("year", "INTEGER"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("hire_date", "DATE"), ("reference_date", "DATE"), ("year_finished", "BOOLEAN"),
         ("refresher_days", "INTEGER"), ("status", "VARCHAR"), ("refresher_min_days", "INTEGER")],
        [
            (year, pid, unit, D(hire), D("2022-12-31") if year == 2022 else LATEST, year == 2022,
             days, status, 14)
            for year, pid, unit, hire, days, status in REFRESHER
        ],
    )
    tables["marts.training_practical_share"] = (
        [("year", "INTEGER"), ("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"),
         ("row_type", "VARCHAR"), ("reference_date", "DATE"), ("year_finished", "BOOLEAN"),
         ("officers_in_post", "BIGINT"), ("officers_with_practical", "BIGINT"),
         ("practical_share", "DOUBLE"), ("practical_window_years", "INTEGER")],
        [
            (year, unit, names.get(unit, "全兵团 (all units)"), "all" if unit == "ALL" else "unit",
             D("2022-12-31") if year == 2022 else LATEST, year == 2022, n, k, k / n, 3)
            for year, unit, n, k in [
                (2022, "BT", 10, 10), (2022, "D01", 20, 10), (2022, "D02", 10, 9),
                (2022, "ALL", 40, 29), (2023, "BT", 10, 10), (2023, "D01", 20, 11),
                (2023, "D02", 10, 9), (2023, "ALL", 40, 30),
            ]
        ],
    )
    tables["marts.certificate_findings"] = (
        [("as_of_date", "DATE"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("finding", "VARCHAR"), ("has_cert_no", "BOOLEAN"), ("cert_expiry", "DATE"),
         ("days_to_expiry", "INTEGER"), ("expiry_warning_days", "INTEGER")],
        [
            (LATEST, "P002", "D01", "expired", True, D("2022-12-01"), -61, 90),
            (LATEST, "P003", "D02", "expiring_90d", True, D("2023-03-01"), 29, 90),
            (LATEST, "P005", "D02", "missing", False, None, None, 90),
        ],
    )
    tables["marts.staff_qualification"] = (
        [("as_of_date", "DATE"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("hire_date", "DATE"), ("education_level", "VARCHAR"), ("education_ok", "BOOLEAN"),
         ("major", "VARCHAR"), ("major_listed", "BOOLEAN"), ("major_safety_related", "BOOLEAN"),
         ("major_ok", "BOOLEAN"), ("prior_experience_years", "DOUBLE"), ("days_in_post", "BIGINT"),
         ("practical_years", "DOUBLE"), ("practical_ok", "BOOLEAN"), ("is_qualified", "BOOLEAN"),
         ("min_education_level", "VARCHAR"), ("min_practical_years", "DOUBLE")],
        [
            (LATEST, "P001", "D01", D("2021-03-01"), "bachelor", True, "化学工程", True, True, True,
             1.0, 701, 2.92, True, True, "associate", 2.0),
            (LATEST, "P002", "D01", D("2021-06-01"), "secondary", False, "化学工艺与安全", False,
             None, False, 0.0, 609, 1.67, False, False, "associate", 2.0),
        ],
    )
    tables["marts.dq_unclassified_majors"] = (
        [("as_of_date", "DATE"), ("unit_code", "VARCHAR"), ("major", "VARCHAR"),
         ("officers", "BIGINT"), ("majors_snapshot_date", "DATE")],
        [(as_of, "D01", "化学工艺与安全", 1, D("2022-01-01")) for as_of in AS_OF_DATES],
    )
    # The path to the target (issue 16): D01 gap 1, the deadline month 2023-03 two months on.
    tables["marts.kpi_target_path"] = (
        [("as_of_date", "DATE"), ("unit_code", "VARCHAR"), ("people_gap", "BIGINT"),
         ("qualified_change_12m", "BIGINT"), ("ratio_change_12m", "DOUBLE"),
         ("pace_base_date", "DATE"), ("projected_target_month", "DATE"),
         ("path_status", "VARCHAR"), ("hires_per_month_to_deadline", "BIGINT")],
        [(LATEST, "ALL", 0, 3, 0.05, None, None, "met", 0),
         (LATEST, "D01", 1, 2, 0.1, None, D("2023-07-01"), "behind", 1)],
    )
    tables["marts.kpi_target_path_months"] = (
        [("as_of_date", "DATE"), ("unit_code", "VARCHAR"), ("target_month", "DATE"),
         ("months_left", "BIGINT"), ("people_gap", "BIGINT"), ("hires_per_month_needed", "BIGINT"),
         ("is_policy_deadline_month", "BOOLEAN")],
        [(LATEST, "D01", D("2023-02-01"), 1, 7, 7, False),
         (LATEST, "D01", D("2023-03-01"), 2, 7, 4, True)],
    )
    # The quarterly bulletin (issue 16): the professional ratio of KPI at each quarter's last
    # as-of date (2022-12-31, 2023-01-31), ranked: D02 first, D01 second, D03 (nobody) unranked.
    bulletin_columns = [
        ("quarter", "VARCHAR"), ("year", "INTEGER"), ("quarter_number", "INTEGER"),
        ("quarter_start", "DATE"), ("quarter_end", "DATE"), ("as_of_date", "DATE"),
        ("period_start", "DATE"), ("measure_order", "INTEGER"), ("measure", "VARCHAR"),
        ("higher_is_better", "BOOLEAN"), ("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"),
        ("numerator", "BIGINT"), ("denominator", "BIGINT"), ("value", "DOUBLE"),
        ("rank", "BIGINT"), ("units_ranked", "BIGINT"), ("corps_numerator", "BIGINT"),
        ("corps_denominator", "BIGINT"), ("corps_value", "DOUBLE"), ("target", "DOUBLE"),
        ("meets_target", "BOOLEAN"),
    ]
    bulletin_rows = []
    for quarter, start, end, as_of in (("2022Q4", "2022-10-01", "2022-12-31", AS_OF_DATES[1]),
                                       ("2023Q1", "2023-01-01", "2023-03-31", LATEST)):
        corps = KPI[as_of]["ALL"]
        for unit, rank in (("D02", 1), ("D01", 2), ("D03", None)):
            in_post, qualified, ratio, meets, _ = KPI[as_of][unit]
            name = next(n for code, n, _, _ in UNITS if code == unit)
            bulletin_rows.append((
                quarter, as_of.year, int(quarter[-1]), D(start), D(end), as_of,
                D(f"{as_of.year}-01-01"), 1, "professional_ratio", True, unit, name, qualified,
                in_post, ratio, rank, 2, corps[1], corps[0], corps[2], 0.75, meets))
    tables["marts.bulletin_division_ranking"] = (bulletin_columns, bulletin_rows)
    tables["marts.inspection_checks"] = (
        [("inspection_id", "VARCHAR"), ("inspection_mode", "VARCHAR"), ("task_id", "VARCHAR"),
         ("uscc", "VARCHAR"), ("body_code", "VARCHAR"), ("start_date", "DATE"),
         ("end_date", "DATE"), ("staff_count", "BIGINT"), ("qualified_officers", "INTEGER"),
         ("min_officers_per_inspection", "INTEGER"), ("team_valid", "BOOLEAN"),
         ("staff_absent_from_roster", "INTEGER"), ("untrained_inspector", "BOOLEAN"),
         ("induction_min_days", "INTEGER"), ("policy_effective_date", "DATE"),
         ("task_known", "BOOLEAN"), ("draw_date", "DATE"), ("starts_on_or_after_draw", "BOOLEAN"),
         ("task_valid", "BOOLEAN"), ("random_publicity_workdays", "INTEGER"),
         ("publicity_deadline", "DATE"), ("publicity_date", "DATE"),
         ("publicity_status", "VARCHAR"), ("now_date", "DATE")],
        [
            ("I001", "double_random", "RT01", USCC["A"], "D01", D("2022-03-01"), D("2022-03-02"),
             2, 2, 2, True, 0, False, 90, D("2020-11-23"), True, D("2022-02-20"), True, True, 20,
             D("2022-03-30"), D("2022-03-20"), "on_time", D("2023-01-31")),
            ("I002", "double_random", "RT01", USCC["B"], "D01", D("2022-03-05"), D("2022-03-05"),
             2, 1, 2, False, 1, True, 90, D("2020-11-23"), True, D("2022-02-20"), True, True, 20,
             D("2022-04-02"), None, "overdue", D("2023-01-31")),
            ("I003", "key", None, USCC["A"], "D02", D("2022-04-10"), D("2022-04-11"),
             3, 3, 2, True, 0, False, 90, D("2020-11-23"), None, None, None, None, 20,
             None, None, "not_required", D("2023-01-31")),
            ("I004", "double_random", "RT02", USCC["C"], "D02", D("2023-01-10"), D("2023-01-11"),
             2, 2, 2, True, 0, False, 90, D("2020-11-23"), True, D("2023-01-05"), True, True, 20,
             D("2023-02-10"), None, "pending", D("2023-01-31")),
        ],
    )
    tables["marts.inspection_team_findings"] = (
        [("inspection_id", "VARCHAR"), ("finding_type", "VARCHAR"), ("person_id", "VARCHAR"),
         ("role", "VARCHAR"), ("body_code", "VARCHAR"), ("start_date", "DATE"),
         ("detail", "VARCHAR")],
        [
            ("I002", "absent_from_roster", "P099", "assist", "D01", D("2022-03-05"),
             "not in the roster in force at the start date"),
            ("I002", "team_too_small", None, None, "D01", D("2022-03-05"),
             "1 qualified officer(s) of 2 staff; 2 required"),
        ],
    )
    tables["marts.inspection_randomness"] = (
        [("unit_code", "VARCHAR"), ("year", "INTEGER"), ("tasks", "INTEGER"),
         ("enterprises_drawn", "INTEGER"), ("entities_drawn_reported", "INTEGER"),
         ("draws_outside_pool", "INTEGER"), ("pool_size", "INTEGER"), ("expected_draws", "DOUBLE"),
         ("observed_draws", "INTEGER"), ("test_applied", "BOOLEAN"), ("chi_square", "DOUBLE"),
         ("dof", "INTEGER"), ("p_value", "DOUBLE"), ("p_value_threshold", "DOUBLE"),
         ("draws_not_uniform", "BOOLEAN"), ("randomness_status", "VARCHAR")],
        [
            ("D01", 2022, 1, 2, 2, 0, 3, 2.0, 2, True, 12.5, 2, 0.0019, 0.01, True, "not_uniform"),
            ("D02", 2023, 1, 1, 1, 0, 1, 1.0, 1, False, None, None, None, 0.01, None, "no_test"),
        ],
    )
    tables["marts.inspection_pool_findings"] = (
        [("task_id", "VARCHAR"), ("finding_type", "VARCHAR"), ("uscc", "VARCHAR"),
         ("unit_code", "VARCHAR"), ("draw_date", "DATE"), ("year", "INTEGER"),
         ("inspection_ids", "VARCHAR"), ("entity_pool_size", "BIGINT"),
         ("derived_pool_size", "INTEGER"), ("pool_size_deviation", "DOUBLE"),
         ("pool_size_tolerance", "DECIMAL(3,2)")],
        [("RT01", "pool_out_of_step", None, "D01", D("2022-02-20"), 2022, "", 5, 3, 0.667, 0.1)],
    )
    tables["marts.inspection_rotation_findings"] = (
        [("person_id", "VARCHAR"), ("uscc", "VARCHAR"), ("first_inspection_id", "VARCHAR"),
         ("first_start_date", "DATE"), ("second_inspection_id", "VARCHAR"),
         ("second_start_date", "DATE"), ("days_apart", "INTEGER"),
         ("rotation_window_days", "INTEGER")],
        [("P001", USCC["A"], "I001", D("2022-03-01"), "I005", D("2022-09-01"), 184, 365)],
    )
    tables["marts.enforcement_body_conflicts"] = (
        [("year", "INTEGER"), ("uscc", "VARCHAR"), ("conflict_type", "VARCHAR"),
         ("designated_body", "VARCHAR"), ("bodies", "VARCHAR"), ("inspection_ids", "VARCHAR"),
         ("case_nos", "VARCHAR"), ("body_count", "INTEGER"), ("inspection_count", "INTEGER"),
         ("case_count", "INTEGER"), ("is_year_to_date", "BOOLEAN"),
         ("duplicate_window_days", "INTEGER"), ("conflict_exempt_modes", "VARCHAR"),
         ("body_list", "VARCHAR[]"), ("inspection_id_list", "VARCHAR[]"),
         ("case_no_list", "VARCHAR[]")],
        [
            (2022, USCC["A"], "multiple_bodies", "D01", "D01,D02", "I001,I003", "", 2, 2, 0,
             False, 30, "complaint,accident", ["D01", "D02"], ["I001", "I003"], []),
            (2022, USCC["A"], "non_designated_body", "D01", "D02", "I003", "", 1, 1, 0,
             False, 30, "complaint,accident", ["D02"], ["I003"], []),
            (2022, USCC["B"], "non_designated_penalty", "D01", "D02", "", "新应急罚〔2022〕2号",
             1, 0, 1, False, 30, "complaint,accident", ["D02"], [], ["新应急罚〔2022〕2号"]),
        ],
    )
    tables["marts.supervision_frequency"] = (
        [("year", "INTEGER"), ("uscc", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("designated_body", "VARCHAR"), ("risk_level", "VARCHAR"),
         ("standardization_grade", "VARCHAR"), ("major_hazard_level", "VARCHAR"),
         ("inspections", "INTEGER"), ("required_inspections", "INTEGER"),
         ("under_inspected", "BOOLEAN"), ("is_year_to_date", "BOOLEAN"),
         ("min_inspections_red", "INTEGER"), ("min_inspections_orange", "INTEGER"),
         ("min_inspections_yellow", "INTEGER"), ("min_inspections_blue", "INTEGER")],
        [
            (2022, USCC["A"], "D01", "D01", "red", "2", "2", 2, 4, True, False, 4, 2, 1, 0),
            (2022, USCC["B"], "D01", "D01", "yellow", "3", "none", 1, 1, False, False, 4, 2, 1, 0),
            (2022, USCC["C"], "D02", "D02", "blue", "none", "none", 0, 0, False, False, 4, 2, 1, 0),
            (2023, USCC["A"], "D01", "D01", "red", "2", "2", 0, 4, True, True, 4, 2, 1, 0),
            (2023, USCC["C"], "D02", "D02", "blue", "none", "none", 1, 0, False, True, 4, 2, 1, 0),
        ],
    )
    tables["marts.supervision_by_level"] = (
        [("year", "INTEGER"), ("dimension", "VARCHAR"), ("level", "VARCHAR"),
         ("enterprises", "BIGINT"), ("inspections", "HUGEINT"),
         ("avg_inspections_per_enterprise", "DOUBLE"), ("under_inspected_enterprises", "HUGEINT"),
         ("is_year_to_date", "BOOLEAN")],
        [
            (2022, "risk_level", "red", 1, 2, 2.0, 1, False),
            (2022, "risk_level", "yellow", 1, 1, 1.0, 0, False),
            (2022, "risk_level", "blue", 1, 0, 0.0, 0, False),
            (2022, "standardization_grade", "2", 1, 2, 2.0, 1, False),
            (2022, "standardization_grade", "3", 1, 1, 1.0, 0, False),
            (2022, "standardization_grade", "none", 1, 0, 0.0, 0, False),
        ],
    )
    tables["marts.penalty_checks"] = (
        [("case_no", "VARCHAR"), ("uscc", "VARCHAR"), ("body_code", "VARCHAR"),
         ("inspection_id", "VARCHAR"), ("filed_date", "DATE"), ("decision_date", "DATE"),
         ("decision_month", "DATE"), ("decision_year", "INTEGER"), ("violation_code", "VARCHAR"),
         ("circumstance", "VARCHAR"), ("fine_amount", "DOUBLE"), ("confiscation_amount", "DOUBLE"),
         ("is_major", "BOOLEAN"), ("status", "VARCHAR"), ("is_revoked", "BOOLEAN"),
         ("fine_min", "DOUBLE"), ("fine_max", "DOUBLE"), ("band_status", "VARCHAR"),
         ("legal_review_date", "DATE"), ("legal_review_status", "VARCHAR"),
         ("penalty_publicity_workdays", "INTEGER"), ("publicity_deadline", "DATE"),
         ("publicity_date", "DATE"), ("publicity_status", "VARCHAR"), ("paid_date", "DATE"),
         ("paid", "BOOLEAN"), ("referred", "BOOLEAN"), ("risk_level", "VARCHAR"),
         ("now_date", "DATE")],
        [
            ("新应急罚〔2022〕1号", USCC["A"], "D01", "I002", D("2022-03-10"), D("2022-04-15"),
             D("2022-04-01"), 2022, "V01", "general", 50000.0, 0.0, True, "closed", False,
             10000.0, 30000.0, "above", D("2022-04-10"), "ok", 7, D("2022-04-26"),
             D("2022-04-20"), "on_time", D("2022-05-01"), True, False, "red", D("2023-01-31")),
            ("新应急罚〔2022〕2号", USCC["B"], "D02", None, D("2022-05-01"), D("2022-05-20"),
             D("2022-05-01"), 2022, "V01", "general", 20000.0, None, False, "executing", False,
             10000.0, 30000.0, "within", None, "not_required", 7, D("2022-05-31"), None,
             "overdue", None, False, True, "yellow", D("2023-01-31")),
            ("新应急罚〔2023〕1号", USCC["A"], "D01", None, D("2022-12-20"), D("2023-01-05"),
             D("2023-01-01"), 2023, "V02", "minor", 3000.0, None, True, "executing", False,
             5000.0, 10000.0, "below", D("2023-01-06"), "after_decision", 7, D("2023-01-16"),
             D("2023-01-12"), "on_time", None, False, False, "red", D("2023-01-31")),
            ("新应急罚〔2023〕2号", USCC["C"], "D02", None, D("2023-01-02"), D("2023-01-10"),
             D("2023-01-01"), 2023, "V01", "general", 15000.0, None, False, "revoked", True,
             10000.0, 30000.0, "within", None, "not_required", 7, D("2023-01-19"), None,
             "pending", None, False, False, "blue", D("2023-01-31")),
        ],
    )
    tables["marts.penalty_monthly"] = (
        [("month", "DATE"), ("body_code", "VARCHAR"), ("violation_code", "VARCHAR"),
         ("circumstance", "VARCHAR"), ("cases", "BIGINT"), ("fine_total", "DOUBLE"),
         ("fine_median", "DOUBLE"), ("confiscation_total", "DOUBLE")],
        [
            (D("2022-04-01"), "D01", "V01", "general", 1, 50000.0, 50000.0, 0.0),
            (D("2022-05-01"), "D02", "V01", "general", 1, 20000.0, 20000.0, None),
            (D("2023-01-01"), "D01", "V02", "minor", 1, 3000.0, 3000.0, None),
        ],
    )
    trend_cols = [
        ("month", "DATE"), ("dimension", "VARCHAR"), ("dimension_value", "VARCHAR"),
        ("cases", "INTEGER"), ("fine_total", "DOUBLE"), ("fine_median", "DOUBLE"),
        ("confiscation_total", "DOUBLE"), ("prior_year_month", "DATE"),
        ("cases_prior_year", "INTEGER"), ("fine_total_prior_year", "DOUBLE"),
        ("fine_median_prior_year", "DOUBLE"), ("confiscation_total_prior_year", "DOUBLE"),
        ("cases_change", "INTEGER"), ("fine_total_change", "DOUBLE"),
        ("fine_total_change_ratio", "DOUBLE"), ("cases_change_ratio", "DOUBLE"),
    ]
    trend_rows = []
    for dim, value, month, cases, fine in [
        ("all", "ALL", "2022-04-01", 1, 50000.0), ("all", "ALL", "2022-05-01", 1, 20000.0),
        ("all", "ALL", "2023-01-01", 1, 3000.0),
        ("body_code", "D01", "2022-04-01", 1, 50000.0),
        ("body_code", "D02", "2022-05-01", 1, 20000.0),
        ("body_code", "D01", "2023-01-01", 1, 3000.0),
        ("violation_code", "V01", "2022-04-01", 1, 50000.0),
        ("violation_code", "V01", "2022-05-01", 1, 20000.0),
        ("violation_code", "V02", "2023-01-01", 1, 3000.0),
        ("circumstance", "general", "2022-04-01", 1, 50000.0),
        ("circumstance", "general", "2022-05-01", 1, 20000.0),
        ("circumstance", "minor", "2023-01-01", 1, 3000.0),
        ("risk_level", "red", "2022-04-01", 1, 50000.0),
        ("risk_level", "yellow", "2022-05-01", 1, 20000.0),
        ("risk_level", "red", "2023-01-01", 1, 3000.0),
    ]:
        m = D(month)
        prior = m.replace(year=m.year - 1)
        trend_rows.append(
            (m, dim, value, cases, fine, fine, 0.0, prior, 0, 0.0, None, 0.0, cases, fine,
             None, None)
        )
    tables["marts.penalty_trends"] = (trend_cols, trend_rows)
    tables["marts.penalty_consistency"] = (
        [("year", "INTEGER"), ("violation_code", "VARCHAR"), ("circumstance", "VARCHAR"),
         ("body_code", "VARCHAR"), ("cases", "BIGINT"), ("fine_mean", "DOUBLE"),
         ("fine_stddev", "DOUBLE"), ("fine_cv", "DOUBLE"), ("fine_median", "DOUBLE"),
         ("corps_median", "DOUBLE"), ("median_minus_corps_median", "DOUBLE"),
         ("median_to_corps_median", "DOUBLE")],
        [
            (2022, "V01", "general", "ALL", 2, 35000.0, 21213.2, 0.606, 35000.0, 35000.0, 0.0, 1.0),
            (2022, "V01", "general", "D01", 1, 50000.0, None, None, 50000.0, 35000.0, 15000.0,
             1.43),
            (2022, "V01", "general", "D02", 1, 20000.0, None, None, 20000.0, 35000.0, -15000.0,
             0.57),
        ],
    )
    tables["marts.penalty_collection"] = (
        [("year", "INTEGER"), ("body_code", "VARCHAR"), ("cases", "BIGINT"),
         ("fine_total", "DOUBLE"), ("paid_cases", "HUGEINT"), ("fine_paid_total", "DOUBLE"),
         ("fine_paid_share", "DOUBLE"), ("paid_case_share", "DOUBLE"),
         ("referred_cases", "HUGEINT"), ("referred_share", "DOUBLE")],
        [
            (2022, "ALL", 2, 70000.0, 1, 50000.0, 0.714, 0.5, 1, 0.5),
            (2022, "D01", 1, 50000.0, 1, 50000.0, 1.0, 1.0, 0, 0.0),
            (2022, "D02", 1, 20000.0, 0, 0.0, 0.0, 0.0, 1, 1.0),
            (2023, "ALL", 1, 3000.0, 0, 0.0, 0.0, 0.0, 0, 0.0),
        ],
    )
    tables["marts.penalty_revoked"] = (
        [("year", "INTEGER"), ("body_code", "VARCHAR"), ("cases_all", "BIGINT"),
         ("revoked_cases", "HUGEINT"), ("revoked_share", "DOUBLE"),
         ("revoked_fine_total", "DOUBLE")],
        [(2023, "ALL", 2, 1, 0.5, 15000.0), (2022, "ALL", 2, 0, 0.0, 0.0)],
    )
    tables["marts.enterprise_history"] = (
        [("uscc", "VARCHAR"), ("snapshot_date", "DATE"), ("valid_from", "DATE"),
         ("valid_to", "DATE"), ("in_latest_snapshot", "BOOLEAN"), ("enterprise_name", "VARCHAR"),
         ("unit_code", "VARCHAR"), ("park_name", "VARCHAR"), ("enterprise_type", "VARCHAR"),
         ("risk_level", "VARCHAR"), ("major_hazard_level", "VARCHAR"),
         ("standardization_grade", "VARCHAR"), ("designated_body", "VARCHAR"),
         ("status", "VARCHAR"), ("previous_snapshot_date", "DATE"),
         ("is_first_appearance", "BOOLEAN"), ("risk_level_changed", "BOOLEAN"),
         ("designated_body_changed", "BOOLEAN"), ("status_changed", "BOOLEAN")],
        [
            (USCC["A"], D("2022-01-01"), D("1900-01-01"), D("2022-07-01"), False,
             ENTERPRISE_NAMES["A"], "D01", "独山子化工园区", "production", "orange", "2", "2",
             "D01", "operating", None, True, False, False, False),
            (USCC["A"], D("2022-07-01"), D("2022-07-01"), D("9999-12-31"), True,
             ENTERPRISE_NAMES["A"], "D01", "独山子化工园区", "production", "red", "2", "2",
             "D01", "operating", D("2022-01-01"), False, True, False, False),
            (USCC["B"], D("2022-07-01"), D("1900-01-01"), D("9999-12-31"), True,
             ENTERPRISE_NAMES["B"], "D01", None, "storage", "yellow", "none", "3", "D01",
             "operating", None, True, False, False, False),
            (USCC["C"], D("2022-07-01"), D("1900-01-01"), D("9999-12-31"), True,
             ENTERPRISE_NAMES["C"], "D02", None, "trade", "blue", "none", "none", "D02",
             "operating", None, True, False, False, False),
        ],
    )
    tables["marts.dim_enterprises"] = (
        [("uscc", "VARCHAR"), ("enterprise_name", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("risk_level", "VARCHAR"), ("designated_body", "VARCHAR"), ("status", "VARCHAR"),
         ("registry_date", "DATE"), ("in_latest_registry", "BOOLEAN"), ("in_registry", "BOOLEAN")],
        [
            (USCC["A"], ENTERPRISE_NAMES["A"], "D01", "red", "D01", "operating", D("2022-07-01"), True, True),
            (USCC["B"], ENTERPRISE_NAMES["B"], "D01", "yellow", "D01", "operating", D("2022-07-01"), True, True),
            (USCC["C"], ENTERPRISE_NAMES["C"], "D02", "blue", "D02", "operating", D("2022-07-01"), True, True),
        ],
    )
    tables["marts.dq_calendar_fallback"] = (
        [("year", "INTEGER"), ("days_in_calendar", "BIGINT"), ("file_days", "HUGEINT"),
         ("library_days", "HUGEINT"), ("fallback_days", "HUGEINT"),
         ("first_fallback_date", "DATE"), ("last_fallback_date", "DATE"),
         ("library_last_year", "INTEGER"), ("library_version", "VARCHAR")],
        [(2024, 366, 0, 0, 366, D("2024-01-01"), D("2024-12-31"), 2023, "1.10")],
    )
    tables["marts.dq_reject_status"] = (
        [("file_name", "VARCHAR"), ("row_number", "BIGINT"), ("source", "VARCHAR"),
         ("extract_date", "DATE"), ("load_seq", "BIGINT"), ("record_key", "VARCHAR"),
         ("unit_code", "VARCHAR"), ("status", "VARCHAR"), ("closed_by_file", "VARCHAR"),
         ("closed_at", "TIMESTAMP")],
        [
            ("roster_20230131.xlsx", 7, "roster", D("2023-01-31"), 1, "P007", "D01", "open", None, None),
            ("roster_20230131.xlsx", 9, "roster", D("2023-01-31"), 1, "P009", "D02", "closed",
             "roster_20230228.xlsx", dt.datetime(2023, 3, 1, 8, 0)),
        ],
    )
    # roster due far in the future; penalties due long ago; training never delivered
    tables["marts.dq_source_freshness"] = (
        [("source", "VARCHAR"), ("title", "VARCHAR"), ("kind", "VARCHAR"), ("cadence", "VARCHAR"),
         ("expected_every_days", "BIGINT"), ("files_loaded", "BIGINT"),
         ("last_extract_date", "DATE"), ("last_file_name", "VARCHAR"),
         ("last_loaded_at", "TIMESTAMP"), ("next_due_date", "DATE"), ("schedule_status", "VARCHAR")],
        [
            ("roster", "执法人员花名册（月度）", "snapshot", "monthly", 31, 2, D("2099-01-01"),
             "roster_20990101.xlsx", dt.datetime(2099, 1, 2, 8, 0), D("2099-02-01"), "scheduled"),
            ("penalties", "行政处罚决定", "event", "weekly", 7, 1, D("2023-01-31"),
             "penalties_20230131.csv", dt.datetime(2023, 2, 1, 8, 0), D("2023-02-07"), "scheduled"),
            ("training", "培训记录", "event", "weekly", 7, 0, None, None, None, None, "never_loaded"),
        ],
    )
    # 修正记录: the January roster sent again on 2023-02-20 with D01's figures corrected, and a
    # late penalty file of D02
    tables["marts.kpi_restatements"] = (
        [("kpi", "VARCHAR"), ("period", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("value_before", "DOUBLE"), ("value_after", "DOUBLE"), ("published_before_at", "TIMESTAMP"),
         ("restated_at", "TIMESTAMP"), ("caused_by_files", "VARCHAR"), ("load_seq_before", "BIGINT"),
         ("load_seq_after", "BIGINT")],
        [
            ("professional_qualified_officers", "2023-01-31", "D01", 13.0, 14.0,
             dt.datetime(2023, 2, 1, 8, 5), dt.datetime(2023, 2, 20, 9, 0), "roster_20230131.xlsx", 2, 3),
            ("professional_qualified_ratio", "2023-01-31", "D01", 0.65, 0.7,
             dt.datetime(2023, 2, 1, 8, 5), dt.datetime(2023, 2, 20, 9, 0), "roster_20230131.xlsx", 2, 3),
            ("penalty_cases", "2023-01", "D02", 3.0, 4.0, dt.datetime(2023, 2, 1, 8, 5),
             dt.datetime(2023, 2, 10, 9, 0), "penalties_20230209.csv", 2, 4),
        ],
    )
    # as dagster_project/publish.py writes it from the dbt manifest
    tables["marts.column_docs"] = (
        [("table_name", "VARCHAR"), ("column_name", "VARCHAR"), ("table_description", "VARCHAR"),
         ("description", "VARCHAR")],
        [
            ("kpi_professional_ratio", "", "R1 — professional staff ratio (the 75% target).", ""),
            ("kpi_professional_ratio", "qualified_ratio", "",
             "qualified_officers / officers_in_post; NULL when nobody is in post."),
            ("kpi_professional_ratio", "people_gap", "",
             "Additional qualified officers needed to meet the target."),
        ],
    )
    tables["audit.load_manifest"] = (
        [("run_id", "VARCHAR"), ("load_seq", "BIGINT"), ("file_name", "VARCHAR"),
         ("source", "VARCHAR"), ("extract_date", "DATE"), ("content_hash", "VARCHAR"),
         ("status", "VARCHAR"), ("rows_read", "BIGINT"), ("rows_loaded", "BIGINT"),
         ("rows_rejected", "BIGINT"), ("message", "VARCHAR"), ("loaded_at", "TIMESTAMP")],
        [
            ("r1", 1, "roster_20230131.xlsx", "roster", D("2023-01-31"), "h1", "loaded", 42, 40,
             2, None, dt.datetime(2023, 2, 1, 8, 0)),
            ("r1", 2, "penalties_20230131.csv", "penalties", D("2023-01-31"), "h2", "loaded", 4,
             4, 0, None, dt.datetime(2023, 2, 1, 8, 1)),
            ("r1", None, "notes_20230131.txt", None, None, None, "refused", None, None, None,
             "文件名不符合任何数据源 / name fits no source", dt.datetime(2023, 2, 1, 8, 2)),
        ],
    )
    tables["audit.rejects"] = (
        [("load_seq", "BIGINT"), ("file_name", "VARCHAR"), ("source", "VARCHAR"),
         ("extract_date", "DATE"), ("row_number", "BIGINT"), ("column_name", "VARCHAR"),
         ("raw_value", "VARCHAR"), ("reason_code", "VARCHAR"), ("reason", "VARCHAR")],
        [
            (1, "roster_20230131.xlsx", "roster", D("2023-01-31"), 7, "id_number",
             "65010119900101001X", "bad_checksum", "身份证号校验位错误"),
            (1, "roster_20230131.xlsx", "roster", D("2023-01-31"), 9, "hire_date", "2023-02-30",
             "bad_date", "日期无法识别"),
        ],
    )
    tables["audit.orphans"] = (
        [("source", "VARCHAR"), ("record_key", "VARCHAR"), ("reference_column", "VARCHAR"),
         ("reference_value", "VARCHAR"), ("referenced_source", "VARCHAR"),
         ("file_name", "VARCHAR")],
        [("training", "T009", "person_id", "P777", "roster", "training_20230131.csv")],
    )
    tables["audit.check_results"] = (
        [("check_name", "VARCHAR"), ("asset", "VARCHAR"), ("passed", "BOOLEAN"),
         ("severity", "VARCHAR"), ("message", "VARCHAR"), ("checked_at", "TIMESTAMP")],
        [("rows_accounted_for", "raw.roster", True, "error", "42 = 40 + 2",
          dt.datetime(2023, 2, 1, 8, 5))],
    )
    _add_lineage_and_drilldowns(tables)
    return tables


# --- drill-down (issue 16 part 1): the rows behind a figure and the file row of each -------------
ROSTER_FILE = "roster_20230131.xlsx"
# D01 at LATEST: 20 officers in post, 14 qualified (KPI), and one auxiliary not counted
DRILL_UNIT = "D01"
DRILL_REASONS = {"": 14, "experience": 3, "major_not_safety": 2,
                 "education,experience,major_unlisted": 1, "auxiliary": 1}
P002_REASON = "education,experience,major_unlisted"
P002_ROSTER_ROW = 16
TRAINING_FILE = "training_20230131.csv"
# year, person, record, start, end, result, counts, counted days, file row: P001's 2022 days are
# 15 = TR1 10 + TR2 5 (its 3 days shared with TR1 count for TR1) + TR3 failed 0
REFRESHER_DAYS = [
    (2022, "P001", "TR1", "2022-03-01", "2022-03-10", "pass", True, 10, 2),
    (2022, "P001", "TR2", "2022-03-08", "2022-03-15", "pass", True, 5, 3),
    (2022, "P001", "TR3", "2022-09-01", "2022-09-20", "fail", False, 0, 4),
    (2022, "P002", "TR4", "2022-06-01", "2022-06-05", "pass", True, 5, 5),
]
# P001's induction days at LATEST are 95 = TI1 92 + TI2 3 (2021-06-01..03, after TI1's end)
INDUCTION_DAYS = [
    ("P001", "TI1", "2021-03-01", "2021-05-31", "pass", True, 92, 6),
    ("P001", "TI2", "2021-05-20", "2021-06-03", "pass", True, 3, 7),
]
PENALTIES_FILE = "penalties_20230131.xlsx"


def _with_columns(table: Table, extra: list[tuple[str, str]], values) -> Table:
    """The table with more columns; `values(i, row)` gives row i's values for them."""
    columns, rows = table
    return columns + extra, [tuple(row) + tuple(values(i, row)) for i, row in enumerate(rows)]


def _add_lineage_and_drilldowns(tables: dict[str, Table]) -> None:
    lineage = [("source_file", "VARCHAR"), ("source_row_number", "BIGINT")]
    tables["marts.inspection_checks"] = _with_columns(
        tables["marts.inspection_checks"], lineage,
        lambda i, row: ("inspections_20230131.xlsx", i + 2))
    tables["marts.penalty_checks"] = _with_columns(
        tables["marts.penalty_checks"], lineage, lambda i, row: (PENALTIES_FILE, i + 2))
    reasons = {"P001": ("", 2), "P002": (P002_REASON, P002_ROSTER_ROW)}
    tables["marts.staff_qualification"] = _with_columns(
        tables["marts.staff_qualification"], [("not_qualified_reason", "VARCHAR"), *lineage],
        lambda i, row: (reasons[row[1]][0], ROSTER_FILE, reasons[row[1]][1]))

    people = [("P001", "officer", "")] + [(f"Q{n:02d}", "officer", "") for n in range(2, 15)]
    people += [("P002", "officer", P002_REASON)]
    people += [(f"Q{n:02d}", "officer", "experience") for n in range(16, 19)]
    people += [(f"Q{n:02d}", "officer", "major_not_safety") for n in range(19, 21)]
    people += [("X01", "auxiliary", "auxiliary")]
    rows = []
    for i, (pid, category, reason) in enumerate(people):
        row_number = P002_ROSTER_ROW if pid == "P002" else i + 2
        counted = category == "officer"
        rows.append((LATEST, pid, DRILL_UNIT, category, counted, counted and reason == "", reason,
                     "bachelor", None if not counted else "education" not in reason,
                     "安全工程", None, None if not counted else "major" not in reason,
                     None if not counted else 3.0, None if not counted else "experience" not in reason,
                     ROSTER_FILE, row_number))
    tables["marts.staff_ratio_drilldown"] = (
        [("as_of_date", "DATE"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("staff_category", "VARCHAR"), ("counted_in_ratio", "BOOLEAN"), ("is_qualified", "BOOLEAN"),
         ("not_qualified_reason", "VARCHAR"), ("education_level", "VARCHAR"),
         ("education_ok", "BOOLEAN"), ("major", "VARCHAR"), ("major_listed", "BOOLEAN"),
         ("major_ok", "BOOLEAN"), ("practical_years", "DOUBLE"), ("practical_ok", "BOOLEAN"),
         *lineage],
        rows,
    )
    tables["marts.training_refresher_days"] = (
        [("year", "INTEGER"), ("person_id", "VARCHAR"), ("unit_code", "VARCHAR"),
         ("record_id", "VARCHAR"), ("start_date", "DATE"), ("end_date", "DATE"),
         ("result", "VARCHAR"), ("counts", "BOOLEAN"), ("counted_days", "INTEGER"), *lineage],
        [(year, pid, "D01", rid, D(start), D(end), result, counts, days, TRAINING_FILE, n)
         for year, pid, rid, start, end, result, counts, days, n in REFRESHER_DAYS],
    )
    tables["marts.training_induction_days"] = (
        [("as_of_date", "DATE"), *tables["marts.training_refresher_days"][0][1:]],
        [(LATEST, pid, "D01", rid, D(start), D(end), result, counts, days, TRAINING_FILE, n)
         for pid, rid, start, end, result, counts, days, n in INDUCTION_DAYS],
    )


def build_serving_db(path: Path, *, skip: set[str] | frozenset[str] = frozenset()) -> Path:
    """Write the fixture serving copy to ``path`` (replaced if present) and return it.

    ``skip``: qualified table names to leave out (to test pages without an optional mart).
    """
    path = Path(path)
    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute("create schema audit")
        for qualified, (columns, rows) in _tables().items():
            if qualified in skip:
                continue
            ddl = ", ".join(f'"{name}" {kind}' for name, kind in columns)
            con.execute(f"create table {qualified} ({ddl})")
            if rows:
                marks = ", ".join("?" for _ in columns)
                con.executemany(
                    f"insert into {qualified} values ({marks})", [list(r) for r in rows]
                )
        con.execute(
            "comment on column marts.kpi_professional_ratio.target_ratio is "
            "'professional_target_ratio used'"
        )
    finally:
        con.close()
    return path


# --- the restricted copy: names of the fixture's people (restricted.officer_identity) -------------
# person → (name, ID number, unit on the latest roster snapshot)
PERSON_NAMES = {
    "P001": ("赵一鸣", "650102198506150011", "D01"),
    "P002": ("钱二娜", "650102198506150022", "D01"),
    "P003": ("孙三峰", "650102198506150033", "D02"),
    "P004": ("李四海", "650102198506150044", "BT"),
    "P005": ("周五洋", "650102198506150055", "D02"),
}


def build_restricted_db(path: Path) -> Path:
    """Write the fixture restricted copy (names and ID numbers, mode 0600) to ``path``."""
    path = Path(path)
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema restricted")
        con.execute("create table restricted.officer_identity (person_id VARCHAR, "
                    "full_name VARCHAR, id_number VARCHAR, unit_code VARCHAR, snapshot_date DATE)")
        con.executemany("insert into restricted.officer_identity values (?, ?, ?, ?, ?)",
                        [[pid, name, id_number, unit, LATEST]
                         for pid, (name, id_number, unit) in PERSON_NAMES.items()])
        # the open rejected row of marts.dq_reject_status above, whole (dagster_project/ingest)
        con.execute("create schema quarantine")
        con.execute("create table quarantine.rejected_rows (load_seq BIGINT, file_name VARCHAR, "
                    "source VARCHAR, extract_date DATE, row_number BIGINT, record_key VARCHAR, "
                    "unit_code VARCHAR, cells VARCHAR)")
        con.execute("insert into quarantine.rejected_rows values (1, 'roster_20230131.xlsx', "
                    "'roster', DATE '2023-01-31', 7, 'P007', 'D01', "
                    "'{\"人员编号\": \"P007\", \"姓名\": \"孙七\", \"身份证号\": \"65010119900101001X\"}')")
    path.chmod(0o600)
    return path
