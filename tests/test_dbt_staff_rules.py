"""End-to-end dbt test of the staff rules R1-R4 (and the shared foundation) on hand-made raw rows.

One `dbt build` (seed + models + data tests + unit tests) per scenario, via module-scoped
fixtures. The expected mart rows below were worked out by hand from the data in `SCENARIO`;
the reasoning is in the comments next to each expectation.

Policy defaults (seed): effective 2020-11-23, target 0.75, min education associate,
min practical years 2.0, induction 90 days / grace 180, refresher 14 days, practical window 3.
"""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

try:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from dbt_harness import DBT_DIR, insert_rows, make_warehouse, query, run_dbt
except ImportError:  # if tests/ ever becomes a package
    from tests.dbt_harness import DBT_DIR, insert_rows, make_warehouse, query, run_dbt

D = dt.date.fromisoformat
D1, D2 = D("2022-06-30"), D("2023-06-30")  # the two roster snapshots (as-of dates)

# Everything the staff rules and the shared foundation own; the R5-R9 models (built in
# models/*/enforcement by another engineer) are left out so that this test does not depend on
# work in progress there. --indirect-selection cautious keeps tests whose parents are not all
# selected out too.
STAFF_SELECTION = [
    "--select",
    "path:seeds",
    "path:models/staging",
    "path:models/intermediate/shared",
    "path:models/intermediate/staff",
    "path:models/marts/shared",
    "path:models/marts/staff",
    "path:tests/assert_kpi_all_row_equals_sum_of_units.sql",
    "path:tests/assert_drilldowns_add_up.sql",
    "path:tests/generic",
    "--indirect-selection",
    "cautious",
]


def _units(extract: str, codes: list[tuple[str, str, str, str | None]]) -> list[dict]:
    return [
        {"unit_code": c, "unit_name": n, "level": lvl, "parent_code": p, "_extract_date": extract}
        for c, n, lvl, p in codes
    ]


UNITS_2021 = [
    ("BT", "兵团应急管理局", "corps", None),
    ("S1", "第一师", "division", "BT"),
    ("S2", "第二师", "division", "BT"),
    ("S3", "第三师", "division", "BT"),  # nobody ever in post
]
UNITS_2023 = UNITS_2021 + [("S4", "第四师", "division", "BT")]  # S4 exists from 2023-01-01


def _person(pid, unit, category, education, major, hire, prior=None, sep=None, cert=None, expiry=None):
    return {
        "person_id": pid, "full_name": f"姓名{pid}", "id_number": "11010519491231002X",
        "unit_code": unit, "staff_category": category, "education_level": education,
        "major": major, "hire_date": hire, "prior_experience_years": prior,
        "separation_date": sep, "cert_no": cert, "cert_expiry": expiry,
    }


ROSTER_D1 = [
    _person("P01", "S1", "officer", "bachelor", "安全工程", "2015-03-01", None, None, "C01", "2025-12-31"),
    _person("P02", "S1", "officer", "associate", "化学工程与工艺", "2020-11-23", 1.5),  # hired ON the effective date
    _person("P03", "S1", "officer", "high_school", "安全工程", "2010-05-01", 0, None, "C03", "2022-06-29"),
    _person("P04", "S1", "officer", "master", "汉语言文学", "2012-01-01", None, None, "C04", "2022-06-30"),
    _person("P05", "S1", "auxiliary", "bachelor", "消防工程", "2018-01-01"),
    _person("P06", "S2", "expert", "doctor", "安全工程", "2019-01-01"),
    _person("P07", "S2", "officer", "bachelor", "应急管理", "2012-07-01", None, None, "C07", "2022-09-28"),
    _person("P08", "S2", "officer", "bachelor", "安全工程", "2021-03-01", 0, None, "C08", "2022-09-29"),
    _person("P09", "BT", "officer", "bachelor", "安全工程", "2019-01-01", None, "2022-06-30", "C09", "2025-01-01"),
    _person("P10", "S2", "officer", "bachelor", "安全工程", "2022-08-01", 0),  # not yet hired at D1
]
ROSTER_D2 = [
    _person("P01", "S1", "officer", "bachelor", "安全工程", "2015-03-01", None, None, "C01", "2025-12-31"),
    _person("P02", "S1", "officer", "associate", "化学工程与工艺", "2020-11-23", 1.5, None, "C02", "2028-01-01"),
    _person("P03", "S1", "officer", "associate", "安全工程", "2010-05-01", 0, None, "C03", "2026-06-30"),
    _person("P04", "S1", "officer", "master", "汉语言文学", "2012-01-01", None, None, "C04", "2022-06-30"),
    _person("P05", "S1", "auxiliary", "bachelor", "消防工程", "2018-01-01"),
    _person("P06", "S2", "expert", "doctor", "安全工程", "2019-01-01"),
    _person("P07", "S2", "officer", "bachelor", "应急管理", "2012-07-01", None, None, "C07", "2027-01-01"),
    _person("P08", "S2", "officer", "bachelor", "安全工程", "2021-03-01", 0, None, "C08", "2022-09-29"),
    _person("P10", "S2", "officer", "bachelor", "安全工程", "2022-08-01", 0),
    _person("P11", "S4", "officer", "associate", "化学工程与工艺", "2023-01-10", 3, None, "C11", "2023-09-01"),
    # P09 has left: simply absent
]


def _training(rid, pid, ttype, start, end, result, extract="2023-07-05"):
    return {
        "record_id": rid, "person_id": pid, "training_type": ttype, "start_date": start,
        "end_date": end, "result": result, "_extract_date": extract,
    }


TRAINING = [
    # induction
    _training("T01", "P02", "induction", "2020-12-01", "2021-01-15", "pass"),
    _training("T02", "P02", "induction", "2021-01-10", "2021-02-28", "pass"),  # overlaps T01
    _training("T04", "P08", "induction", "2022-07-01", "2022-09-30", "pass"),  # after D1
    _training("T05", "P10", "induction", "2022-09-01", "2022-10-31", "absent"),
    _training("T06", "P11", "induction", "2023-02-01", "2023-03-31", "pass"),
    # refresher
    _training("R01", "P01", "refresher", "2021-12-25", "2022-01-10", "pass"),  # across a year end
    _training("R02", "P01", "refresher", "2021-06-01", "2021-06-07", "pass"),
    _training("R03", "P02", "refresher", "2021-05-01", "2021-05-14", "fail"),
    _training("R04", "P03", "refresher", "2021-09-01", "2021-09-14", "pass"),
    _training("R05", "P03", "refresher", "2021-09-05", "2021-09-10", "pass"),  # inside R04
    _training("R06", "P01", "refresher", "2022-11-01", "2022-11-03", "pass"),
    _training("R07", "P02", "refresher", "2022-03-01", "2022-03-14", "pass"),
    _training("R08", "P04", "refresher", "2022-12-20", "2023-01-05", "pass"),  # across a year end
    _training("R09", "P07", "refresher", "2022-04-01", "2022-04-20", "pass"),
    _training("R10", "P08", "refresher", "2022-05-01", "2022-05-14", "absent"),
    _training("R11", "P07", "refresher", "2023-06-20", "2023-07-10", "pass"),  # runs past latest D
    _training("R12", "P08", "refresher", "2023-03-01", "2023-03-20", "pass"),
    _training("R13", "P01", "refresher", "2023-07-01", "2023-07-20", "pass"),  # after latest D
    _training("R14", "P09", "refresher", "2021-03-01", "2021-03-20", "pass"),
    # practical
    _training("K01", "P01", "practical", "2019-06-01", "2019-06-30", "pass"),
    _training("K02", "P03", "practical", "2018-12-01", "2018-12-31", "pass"),  # ends exactly 3 years before 2021-12-31
    _training("K03", "P07", "practical", "2022-03-01", "2022-03-31", "pass"),
    _training("K04", "P02", "practical", "2021-10-01", "2021-10-31", "fail"),
    _training("K05", "P09", "practical", "2020-05-01", "2020-05-31", "pass"),
]
# T03 was first delivered as a pass (which would make P08 compliant at D1), then corrected to a
# fail in a later file: only the current version counts.
TRAINING_T03_V1 = _training("T03", "P08", "induction", "2021-03-01", "2021-05-31", "pass", "2021-06-01")
TRAINING_T03_V2 = _training("T03", "P08", "induction", "2021-03-01", "2021-05-31", "fail", "2021-07-01")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = make_warehouse(tmp_path_factory.mktemp("staff_rules"))
    _load_scenario(db)
    run_dbt(db, ["build", *STAFF_SELECTION])
    return db


def _load_scenario(db: Path) -> None:
    insert_rows(db, "units", _units("2021-01-01", UNITS_2021))
    insert_rows(db, "units", _units("2023-01-01", UNITS_2023))
    insert_rows(db, "majors", [
        {"major": m, "safety_related": s, "major_group": "工学", "_extract_date": "2022-01-01"}
        for m, s in [("安全工程", True), ("化学工程与工艺", True), ("汉语言文学", False)]
    ])
    insert_rows(db, "majors", [
        {"major": m, "safety_related": s, "major_group": "工学", "_extract_date": "2023-01-01"}
        for m, s in [("安全工程", True), ("化学工程与工艺", True), ("汉语言文学", False), ("应急管理", True)]
    ])
    insert_rows(db, "roster", [{**r, "_extract_date": D1} for r in ROSTER_D1])
    insert_rows(db, "roster", [{**r, "_extract_date": D2} for r in ROSTER_D2])
    insert_rows(db, "training", [TRAINING_T03_V1])
    insert_rows(db, "training", [TRAINING_T03_V2])
    insert_rows(db, "training", TRAINING)
    # calendar files: the later file wins for 2023-06-01; 2027-01-04 is beyond the library
    insert_rows(db, "calendar", [
        {"calendar_date": "2023-06-01", "is_workday": False, "_extract_date": "2023-01-01"},
        {"calendar_date": "2023-06-02", "is_workday": False, "_extract_date": "2023-01-01"},
    ])
    insert_rows(db, "calendar", [
        {"calendar_date": "2023-06-01", "is_workday": True, "_extract_date": "2023-03-01"},
        {"calendar_date": "2027-01-04", "is_workday": False, "_extract_date": "2023-03-01"},
    ])
    # inspection teams: a later batch naming I1 replaces its team; I2 keeps its first team
    insert_rows(db, "inspection_staff", [
        {"inspection_id": "I1", "person_id": "P01", "role": "lead", "_extract_date": "2023-01-10"},
        {"inspection_id": "I1", "person_id": "P02", "role": "assist", "_extract_date": "2023-01-10"},
        {"inspection_id": "I2", "person_id": "P07", "role": "lead", "_extract_date": "2023-01-10"},
    ])
    insert_rows(db, "inspection_staff", [
        {"inspection_id": "I1", "person_id": "P02", "role": "lead", "_extract_date": "2023-02-10"},
        {"inspection_id": "I1", "person_id": "P03", "role": "assist", "_extract_date": "2023-02-10"},
    ])
    # load manifest: now = latest extract date of a *loaded* file (a refused one does not count)
    insert_rows(db, "audit.load_manifest", [
        {"file_name": "roster_20230630.xlsx", "source": "roster", "extract_date": "2023-06-30", "status": "loaded"},
        {"file_name": "training_20230705.csv", "source": "training", "extract_date": "2023-07-05", "status": "loaded"},
        {"file_name": "training_20230705.csv", "source": "training", "extract_date": "2023-07-05", "status": "unchanged"},
        {"file_name": "rosterx_20230801.csv", "source": None, "extract_date": "2023-08-01", "status": "refused"},
    ])


def _rows(db: Path, sql: str) -> list[tuple]:
    return query(db, sql)


# --------------------------------------------------------------------------------- R1 ----

def test_kpi_professional_ratio(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select as_of_date, unit_code, row_type, officers_in_post, qualified_officers,
               round(qualified_ratio, 6), meets_target, required_qualified, people_gap,
               target_ratio, past_target_deadline
        from marts.kpi_professional_ratio order by as_of_date, unit_code""")
    assert rows == [
        # D1 = 2022-06-30: units snapshot 2021-01-01 (BT, S1, S2, S3), majors snapshot 2022-01-01.
        # ALL: 6 officers in post (S1 4 + S2 2), 2 qualified; ceil(0.75 * 6 = 4.5) = 5 -> gap 3.
        (D1, "ALL", "all", 6, 2, 0.333333, False, 5, 3, 0.75, False),
        # BT: P09 separated ON D1 (separation_date must be > D) -> nobody in post.
        (D1, "BT", "unit", 0, 0, None, None, 0, 0, 0.75, False),
        # S1: P01 qualified; P02 associate (= minimum), 1.5 + 584/365.25 = 3.1 years -> qualified;
        # P03 high school, P04 non-safety major -> not; P05 is an auxiliary (not counted).
        # 2/4 = 0.5; ceil(0.75 * 4) = 3 -> gap 1.
        (D1, "S1", "unit", 4, 2, 0.5, False, 3, 1, 0.75, False),
        # S2: P07's major 应急管理 is not in the majors snapshot in force -> not qualified;
        # P08 486/365.25 = 1.33 practical years -> not; P06 expert, P10 hired after D1.
        # 0/2; ceil(1.5) = 2 -> gap 2.
        (D1, "S2", "unit", 2, 0, 0.0, False, 2, 2, 0.75, False),
        (D1, "S3", "unit", 0, 0, None, None, 0, 0, 0.75, False),
        # D2 = 2023-06-30: units snapshot 2023-01-01 adds S4, majors snapshot 2023-01-01 lists 应急管理.
        # ALL: 8 in post, 6 qualified = exactly 0.75 -> meets, ceil(6.0) = 6, gap 0.
        (D2, "ALL", "all", 8, 6, 0.75, True, 6, 0, 0.75, True),
        (D2, "BT", "unit", 0, 0, None, None, 0, 0, 0.75, True),
        # S1: P03 now associate -> P01, P02, P03 qualified, P04 not: 3/4 = 0.75 exactly -> meets.
        (D2, "S1", "unit", 4, 3, 0.75, True, 3, 0, 0.75, True),
        # S2: P07 (major now listed) and P08 (851 days = 2.33 years) qualified; P10 333 days = 0.91
        # years not. 2/3; ceil(0.75 * 3 = 2.25) = 3 -> gap 1.
        (D2, "S2", "unit", 3, 2, 0.666667, False, 3, 1, 0.75, True),
        (D2, "S3", "unit", 0, 0, None, None, 0, 0, 0.75, True),
        # S4: P11 associate, 3 + 171/365.25 years -> qualified.
        (D2, "S4", "unit", 1, 1, 1.0, True, 1, 0, 0.75, True),
    ]


def test_kpi_target_path(warehouse: Path) -> None:
    # D = D2 = 2023-06-30; D2 - 12 months = 2022-06-30 = D1 is the base. Default deadline
    # 2025-12-31: 30 months from 2023-06 to 2025-12. BT is the corps, not a division.
    rows = _rows(warehouse, """
        select unit_code, people_gap, pace_base_date, qualified_change_12m, months_to_target,
               projected_target_month, path_status, months_to_deadline, hires_per_month_to_deadline
        from marts.kpi_target_path order by unit_code""")
    assert rows == [
        ("ALL", 0, D1, 4, None, None, "met", 30, 0),
        ("S1", 0, D1, 1, None, None, "met", 30, 0),
        # S2: gap 1, 0 -> 2 qualified in 12 months: ceil(1 * 12 / 2) = 6 months -> 2023-12.
        ("S2", 1, D1, 2, 6, D("2023-12-01"), "on_track", 30, 1),
        ("S3", 0, D1, 0, None, None, "no_officers", 30, 0),
        # S4 did not exist at D1, but its gap is already 0.
        ("S4", 0, D1, None, None, None, "met", 30, 0),
    ]
    months = _rows(warehouse, """
        select unit_code, count(*), min(target_month), max(target_month), sum(hires_per_month_needed),
               max(case when is_policy_deadline_month then target_month end)
        from marts.kpi_target_path_months group by unit_code order by unit_code""")
    # 36 months 2023-07 .. 2026-06; S2 needs ceil(1/k) = 1 a month whatever the horizon.
    assert months == [
        ("ALL", 36, D("2023-07-01"), D("2026-06-01"), 0, D("2025-12-01")),
        ("S1", 36, D("2023-07-01"), D("2026-06-01"), 0, D("2025-12-01")),
        ("S2", 36, D("2023-07-01"), D("2026-06-01"), 36, D("2025-12-01")),
        ("S3", 36, D("2023-07-01"), D("2026-06-01"), 0, D("2025-12-01")),
        ("S4", 36, D("2023-07-01"), D("2026-06-01"), 0, D("2025-12-01")),
    ]


def test_dq_unclassified_majors(warehouse: Path) -> None:
    # Only P07's 应急管理 at D1 (the 2022-01-01 majors snapshot does not list it); the
    # auxiliary P05's unlisted 消防工程 is not an officer's major; at D2 应急管理 is listed.
    assert _rows(warehouse, """
        select as_of_date, unit_code, major, officers, majors_snapshot_date
        from marts.dq_unclassified_majors""") == [(D1, "S2", "应急管理", 1, D("2022-01-01"))]


def test_staff_headcount(warehouse: Path) -> None:
    assert _rows(warehouse, """
        select unit_code, officers_in_post, auxiliaries_in_post, experts_in_post, staff_in_post
        from marts.staff_headcount where as_of_date = '2022-06-30' order by unit_code""") == [
        ("ALL", 6, 1, 1, 8), ("BT", 0, 0, 0, 0), ("S1", 4, 1, 0, 5), ("S2", 2, 0, 1, 3),
        ("S3", 0, 0, 0, 0),
    ]


def test_dim_units_is_latest_snapshot(warehouse: Path) -> None:
    assert _rows(warehouse, """
        select unit_code, level, parent_name, snapshot_date from marts.dim_units
        order by unit_code""") == [
        ("BT", "corps", None, D("2023-01-01")),
        ("S1", "division", "兵团应急管理局", D("2023-01-01")),
        ("S2", "division", "兵团应急管理局", D("2023-01-01")),
        ("S3", "division", "兵团应急管理局", D("2023-01-01")),
        ("S4", "division", "兵团应急管理局", D("2023-01-01")),
    ]


# --------------------------------------------------------------------------------- R2 ----

def test_training_induction_status(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select as_of_date, person_id, unit_code, induction_days, status
        from marts.training_induction_status order by as_of_date, person_id""")
    assert rows == [
        (D1, "P01", "S1", 0, "not_required"),  # hired 2015
        # hired exactly on the effective date -> required; T01 + T02 overlap:
        # union 2020-12-01..2021-02-28 = 31 + 31 + 28 = 90 days = induction_min_days.
        (D1, "P02", "S1", 90, "compliant"),
        (D1, "P03", "S1", 0, "not_required"),
        (D1, "P04", "S1", 0, "not_required"),
        (D1, "P07", "S2", 0, "not_required"),
        # T03's current version failed (the earlier "pass" was corrected); T04 starts after D1;
        # 486 days since hire > 180 -> overdue.
        (D1, "P08", "S2", 0, "overdue"),
        (D2, "P01", "S1", 0, "not_required"),
        (D2, "P02", "S1", 90, "compliant"),
        (D2, "P03", "S1", 0, "not_required"),
        (D2, "P04", "S1", 0, "not_required"),
        (D2, "P07", "S2", 0, "not_required"),
        (D2, "P08", "S2", 92, "compliant"),  # T04 2022-07-01..09-30 = 31 + 31 + 30
        (D2, "P10", "S2", 0, "overdue"),  # T05 absent; 333 days since hire
        (D2, "P11", "S4", 59, "in_progress"),  # T06 = 28 + 31 days; 171 days since hire <= 180
    ]



def test_staff_ratio_drilldown_reasons(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select person_id, unit_code, counted_in_ratio, is_qualified, not_qualified_reason
        from marts.staff_ratio_drilldown where as_of_date = '2022-06-30' order by person_id""")
    assert rows == [
        ("P01", "S1", True, True, ""),
        ("P02", "S1", True, True, ""),  # 1.5 prior years + 584 days
        ("P03", "S1", True, False, "education"),  # high_school < associate
        ("P04", "S1", True, False, "major_not_safety"),  # 汉语言文学 listed, not safety-related
        ("P05", "S1", False, False, "auxiliary"),  # never an officer, not counted
        ("P06", "S2", False, False, "expert"),
        ("P07", "S2", True, False, "major_unlisted"),  # 应急管理 only listed from 2023-01-01
        ("P08", "S2", True, False, "experience"),  # 0 prior years + 486 days < 2 years
    ]
    # at D2 the 2023 majors snapshot lists 应急管理 and P08 has 851 days: both qualified
    assert _rows(warehouse, """
        select person_id, is_qualified, not_qualified_reason from marts.staff_qualification
        where as_of_date = '2023-06-30' and person_id in ('P07', 'P08') order by 1""") == [
        ("P07", True, ""), ("P08", True, ""),
    ]
    # the drill-down gives the unit's figures: S1 at D1 counts P01-P04, of whom P01 and P02 qualify
    assert _rows(warehouse, """
        select count(*) filter (where counted_in_ratio), count(*) filter (where is_qualified)
        from marts.staff_ratio_drilldown where as_of_date = '2022-06-30' and unit_code = 'S1'""") == [(4, 2)]
    assert _rows(warehouse, """
        select officers_in_post, qualified_officers from marts.kpi_professional_ratio
        where as_of_date = '2022-06-30' and unit_code = 'S1'""") == [(4, 2)]


def test_training_days_drilldown(warehouse: Path) -> None:
    refresher = _rows(warehouse, """
        select year, person_id, record_id, result, counted_days, source_file, source_row_number
        from marts.training_refresher_days
        where person_id in ('P01', 'P02', 'P03') and year in (2021, 2022) order by 1, 2, 3""")
    f = "training_20230705.csv"
    assert refresher == [
        (2021, "P01", "R01", "pass", 7, f, 7),  # 2021-12-25..31 only
        (2021, "P01", "R02", "pass", 7, f, 8),
        (2021, "P02", "R03", "fail", 0, f, 9),  # listed, but a failed record adds nothing
        (2021, "P03", "R04", "pass", 14, f, 10),
        (2021, "P03", "R05", "pass", 0, f, 11),  # inside R04: its days are R04's
        (2022, "P01", "R01", "pass", 10, f, 7),  # 2022-01-01..10
        (2022, "P01", "R06", "pass", 3, f, 12),
        (2022, "P02", "R07", "pass", 14, f, 13),
    ]
    induction = _rows(warehouse, """
        select as_of_date, person_id, record_id, counts, counted_days from marts.training_induction_days
        where as_of_date = '2022-06-30' order by 1, 2, 3""")
    assert induction == [
        (D1, "P02", "T01", True, 46),  # 2020-12-01..2021-01-15
        (D1, "P02", "T02", True, 44),  # overlaps T01: 2021-01-16..02-28 only; 46 + 44 = 90
        (D1, "P08", "T03", False, 0),  # the current version failed; T04 starts after D1
    ]


# --------------------------------------------------------------------------------- R3 ----

def test_training_refresher_status(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select year, person_id, unit_code, refresher_days, status, year_finished
        from marts.training_refresher_status order by year, person_id""")
    assert rows == [
        # 2021 (finished): the roster in force at 2021-12-31 is the earliest one (D1).
        # P08 hired 2021-03-01 (not before 2021-01-01) -> out of scope; P09 still in post then.
        (2021, "P01", "S1", 14, "compliant", True),  # R02 7 + R01's 7 days of December
        (2021, "P02", "S1", 0, "non_compliant", True),  # R03 failed
        (2021, "P03", "S1", 14, "compliant", True),  # R05 lies inside R04
        (2021, "P04", "S1", 0, "non_compliant", True),
        (2021, "P07", "S2", 0, "non_compliant", True),
        (2021, "P09", "BT", 20, "compliant", True),
        # 2022 (finished): roster in force at 2022-12-31 is D1. P09 left 2022-06-30; P10 hired
        # 2022-08-01 -> out of scope.
        (2022, "P01", "S1", 13, "non_compliant", True),  # R01's 10 January days + R06 3
        (2022, "P02", "S1", 14, "compliant", True),
        (2022, "P03", "S1", 0, "non_compliant", True),
        (2022, "P04", "S1", 12, "non_compliant", True),  # R08 2022-12-20..31
        (2022, "P07", "S2", 20, "compliant", True),
        (2022, "P08", "S2", 0, "non_compliant", True),  # R10 absent
        # 2023 (current, up to latest D = 2023-06-30): short is pending, not non_compliant.
        # P11 hired 2023-01-10 -> out of scope.
        (2023, "P01", "S1", 0, "pending", False),  # R13 starts after latest D
        (2023, "P02", "S1", 0, "pending", False),
        (2023, "P03", "S1", 0, "pending", False),
        (2023, "P04", "S1", 5, "pending", False),  # R08 2023-01-01..05
        (2023, "P07", "S2", 11, "pending", False),  # R11 2023-06-20..30 only
        (2023, "P08", "S2", 20, "compliant", False),
        (2023, "P10", "S2", 0, "pending", False),
    ]


def test_training_practical_share(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select year, unit_code, officers_in_post, officers_with_practical, round(practical_share, 6)
        from marts.training_practical_share order by year, unit_code""")
    assert rows == [
        # 2021: window (2018-12-31, 2021-12-31]. K02 ends exactly 2018-12-31 -> outside.
        (2021, "ALL", 7, 2, 0.285714),
        (2021, "BT", 1, 1, 1.0),  # P09 K05
        (2021, "S1", 4, 1, 0.25),  # P01 K01 (2019-06-30)
        (2021, "S2", 2, 0, 0.0),
        (2021, "S3", 0, 0, None),
        # 2022: window (2019-12-31, 2022-12-31]; P10 is in post at 2022-12-31 (no hire-date
        # condition for the practical share); K01 has dropped out.
        (2022, "ALL", 7, 1, 0.142857),
        (2022, "BT", 0, 0, None),
        (2022, "S1", 4, 0, 0.0),
        (2022, "S2", 3, 1, 0.333333),  # P07 K03
        (2022, "S3", 0, 0, None),
        # 2023 (current): window (2020-06-30, 2023-06-30], units snapshot 2023-01-01.
        (2023, "ALL", 8, 1, 0.125),
        (2023, "BT", 0, 0, None),
        (2023, "S1", 4, 0, 0.0),
        (2023, "S2", 3, 1, 0.333333),
        (2023, "S3", 0, 0, None),
        (2023, "S4", 1, 0, 0.0),
    ]


# --------------------------------------------------------------------------------- R4 ----

def test_certificate_findings(warehouse: Path) -> None:
    rows = _rows(warehouse, """
        select as_of_date, person_id, finding, cert_expiry, days_to_expiry
        from marts.certificate_findings order by as_of_date, person_id""")
    assert rows == [
        (D1, "P02", "missing", None, None),
        (D1, "P03", "expired", D("2022-06-29"), -1),  # the day before D
        (D1, "P04", "expiring_90d", D("2022-06-30"), 0),  # on D: still valid, a warning
        (D1, "P07", "expiring_90d", D("2022-09-28"), 90),  # D + 90 included; P08 D + 91 is not
        (D2, "P04", "expired", D("2022-06-30"), -365),
        (D2, "P08", "expired", D("2022-09-29"), -274),
        (D2, "P10", "missing", None, None),
        (D2, "P11", "expiring_90d", D("2023-09-01"), 63),
    ]


# ---------------------------------------------------------------- shared foundation ----

def test_now_and_latest_roster(warehouse: Path) -> None:
    assert _rows(warehouse, "select now_date, latest_roster_date from intermediate.int_now") == [
        (D("2023-07-05"), D2)
    ]


def test_policy_parameters_published(warehouse: Path) -> None:
    published = dict(_rows(warehouse, "select parameter, value from marts.policy_parameters"))
    assert published["professional_target_ratio"] == "0.75"
    assert published["conflict_exempt_modes"] == "complaint,accident"
    assert len(published) == 19  # rules.md's 18 + target_path_deadline (issue 16)
    assert _rows(warehouse, """
        select policy_effective_date, min_education_level, induction_min_days,
               min_inspections_red, min_inspections_blue, conflict_exempt_modes
        from intermediate.int_policy_parameters""") == [
        (D("2020-11-23"), "associate", 90, 4, 0, "complaint,accident")
    ]


def test_staging_current_versions(warehouse: Path) -> None:
    assert _rows(warehouse, "select result, extract_date from staging.stg_training where record_id = 'T03'") == [
        ("fail", D("2021-07-01"))
    ]
    assert _rows(warehouse, """
        select inspection_id, person_id, role from staging.stg_inspection_staff
        order by inspection_id, person_id""") == [
        ("I1", "P02", "lead"), ("I1", "P03", "assist"), ("I2", "P07", "lead"),
    ]
    columns = {c for (c,) in _rows(warehouse, """
        select column_name from information_schema.columns
        where table_schema = 'staging' and table_name = 'stg_roster'""")}
    assert "full_name" not in columns and "id_number" not in columns


def test_lineage_names_the_file_and_row_of_the_version_kept(warehouse: Path) -> None:
    # insert_rows numbers rows as the ingest does (header = row 1): the n-th data row is row n + 1.
    # T03 was delivered twice: the kept version is the only row of training_20210701.csv.
    assert _rows(warehouse, """
        select file_name, source_row_number from staging.stg_training where record_id = 'T03'""") == [
        ("training_20210701.csv", 2)
    ]
    # R01 is the 6th row of TRAINING, all in training_20230705.csv
    assert _rows(warehouse, """
        select file_name, source_row_number from staging.stg_training where record_id = 'R01'""") == [
        ("training_20230705.csv", 7)
    ]
    # I1's team is the batch of 2023-02-10, where P03 is the 2nd data row
    assert _rows(warehouse, """
        select file_name, source_row_number from staging.stg_inspection_staff
        where inspection_id = 'I1' and person_id = 'P03'""") == [("inspection_staff_20230210.csv", 3)]
    # P11 is the 10th row of ROSTER_D2; P02 the 2nd of ROSTER_D1 (and of ROSTER_D2)
    assert _rows(warehouse, """
        select as_of_date, person_id, source_file, source_row_number from marts.staff_qualification
        where person_id in ('P02', 'P11') order by 1, 2""") == [
        (D1, "P02", "roster_20220630.csv", 3),
        (D2, "P02", "roster_20230630.csv", 3),
        (D2, "P11", "roster_20230630.csv", 11),
    ]
    assert _rows(warehouse, """
        select source_file, source_row_number from marts.training_induction_status
        where as_of_date = '2023-06-30' and person_id = 'P11'""") == [("roster_20230630.csv", 11)]
    # year 2022 is judged by the roster in force on 2022-12-31, the D1 snapshot: P07 is its 7th row
    assert _rows(warehouse, """
        select source_file, source_row_number from marts.training_refresher_status
        where year = 2022 and person_id = 'P07'""") == [("roster_20220630.csv", 8)]


def test_calendar_workdays(warehouse: Path) -> None:
    import chinese_calendar
    from chinese_calendar import constants

    library_last_year = max(d.year for d in constants.holidays)
    rows = dict(
        (r[0], r[1:])
        for r in _rows(warehouse, """
            select calendar_date, is_workday, day_source from intermediate.int_calendar_workdays
            where calendar_date in ('2023-06-01', '2023-06-02', '2024-02-04', '2024-10-01',
                                    '2027-01-04', '2027-01-05', '2029-12-31', '2030-01-01')""")
    )
    assert rows[D("2023-06-01")] == (True, "file")  # the later calendar file wins
    assert rows[D("2023-06-02")] == (False, "file")  # a Friday declared a holiday
    assert rows[D("2024-02-04")] == (True, "library")  # a Sunday make-up workday
    assert rows[D("2024-10-01")] == (False, "library")  # National Day
    assert rows[D("2027-01-04")] == (False, "file")
    assert chinese_calendar.is_workday(D("2024-02-04"))
    if library_last_year < 2027:
        assert rows[D("2027-01-05")] == (True, "weekday_fallback")
    # range: to 31 December two years after the latest relevant date (2027-01-04)
    assert D("2029-12-31") in rows and D("2030-01-01") not in rows
    fallback_years = [y for (y,) in _rows(warehouse, "select year from marts.dq_calendar_fallback order by year")]
    assert fallback_years == list(range(max(library_last_year + 1, 2019), 2030))
    # N-th working day strictly after X: 2024-09-30 (Mon) + 1 working day skips the National Day
    # holidays (2024-10-01..07) -> 2024-10-08
    assert _rows(warehouse, """
        select nxt.calendar_date
        from intermediate.int_calendar_workdays as x
        join intermediate.int_calendar_workdays as nxt
          on nxt.is_workday and nxt.workday_seq = x.workday_seq + 1
        where x.calendar_date = '2024-09-30'""") == [(D("2024-10-08"),)]


# -------------------------------------------------------- changing a policy parameter ----

@pytest.fixture(scope="module")
def warehouse_with_edited_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same scenario, built from a copy of dbt/ whose seed sets target 0.5 and high school."""
    root = tmp_path_factory.mktemp("edited_policy")
    project = root / "dbt"
    shutil.copytree(DBT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    seed = project / "seeds" / "policy_parameters.csv"
    with seed.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    edits = {"professional_target_ratio": "0.5", "min_education_level": "high_school"}
    for row in rows:
        row["value"] = edits.get(row["parameter"], row["value"])
    with seed.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["parameter", "value", "description"])
        writer.writeheader()
        writer.writerows(rows)
    db = make_warehouse(root)
    _load_scenario(db)
    run_dbt(db, ["build", "--select", "+kpi_professional_ratio", "--indirect-selection", "cautious"],
            project_dir=project)
    return db


def test_policy_parameter_change_changes_kpi(warehouse_with_edited_policy: Path) -> None:
    rows = _rows(warehouse_with_edited_policy, """
        select unit_code, officers_in_post, qualified_officers, target_ratio, meets_target,
               required_qualified, people_gap, min_education_level
        from marts.kpi_professional_ratio where as_of_date = '2022-06-30' order by unit_code""")
    assert rows == [
        # P03 (high school) now qualifies: ALL 3/6 = 0.5 >= 0.5, ceil(0.5 * 6) = 3 -> gap 0.
        ("ALL", 6, 3, 0.5, True, 3, 0, "high_school"),
        ("BT", 0, 0, 0.5, None, 0, 0, "high_school"),
        ("S1", 4, 3, 0.5, True, 2, 0, "high_school"),
        ("S2", 2, 0, 0.5, False, 1, 1, "high_school"),
        ("S3", 0, 0, 0.5, None, 0, 0, "high_school"),
    ]
    published = dict(_rows(warehouse_with_edited_policy, "select parameter, value from marts.policy_parameters"))
    assert published["professional_target_ratio"] == "0.5"
