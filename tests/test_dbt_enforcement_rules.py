"""R5-R9 end to end: a small hand-made raw dataset, one `dbt build`, exact mart rows.

Every expected value below was worked out by hand from the data in `_load_dataset`; the
reasoning is in the comments next to it. The dbt unit tests in the model ymls cover the edges
one model at a time; this module checks that the models fit together on data that went through
staging and the shared intermediate models (snapshots in force, current versions, calendar).

The dataset
-----------
now = 2023-03-31 (the latest extract date: the penalties file). Policy parameters are the
defaults of dbt/seeds/policy_parameters.csv, so the **years** are 2021, 2022 and 2023 (2023 is
year to date).

Calendar: a calendar file covers 2021-01-01..2023-12-31 - Monday to Friday are working days,
except the holidays 2021-06-14 and 2022-10-03..07, and the make-up working days 2022-10-08 and
2022-10-09 (Saturday, Sunday).

Enterprise registry, snapshots 2021-01-01 and 2022-07-01:
    uscc  risk    grade designated status      changes in 2022-07-01
    E1    red     1     D1         operating
    E2    orange  2     D1         operating   designated D2
    E3    yellow  3     (none)     operating
    E4    blue    3     D2         operating   risk yellow
    E5    yellow  3     D1         closed      absent from 2022-07-01
Roster snapshots 2021-01-01 (O1, O2, A1), 2021-04-01 (+O3), 2022-01-01 (+N1):
    O1 officer hired 2015, certificate to 2030; O2 officer, certificate to 2022-08-09;
    O3 officer hired 2021-03-01 (induction 2021-03-01..04-30 = 61 days, a failed record
    2021-05-01..09, then 2021-06-01..07-15 = 45 days: 106 days from 2021-07-15);
    A1 auxiliary, no certificate; N1 officer hired 2022-01-01, induction 2022-01-01..03-31 = 90.
    X9 and EX1 are in no roster.
Double-random tasks: T1 (D1, drawn 2021-05-01, reports pool 3, drew 2), T2 (D1, 2022-08-01,
pool 1, drew 1), T3 (D2, 2022-09-01, pool 2, drew 1), T4 (D1, 2023-02-01, pool 1, drew 1).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dbt_harness import insert_rows, make_warehouse, query, run_dbt  # noqa: E402

D = dt.date.fromisoformat
NOW = D("2023-03-31")

HOLIDAYS = {D("2021-06-14"), *(D(f"2022-10-0{d}") for d in range(3, 8))}
MAKEUP_WORKDAYS = {D("2022-10-08"), D("2022-10-09")}


def _calendar_rows() -> list[dict]:
    rows, day = [], D("2021-01-01")
    while day <= D("2023-12-31"):
        workday = (day.weekday() < 5 and day not in HOLIDAYS) or day in MAKEUP_WORKDAYS
        rows.append({"calendar_date": day, "is_workday": workday, "_extract_date": D("2021-01-01")})
        day += dt.timedelta(days=1)
    return rows


def _enterprise(uscc, risk, grade, body, status="operating", extract="2021-01-01"):
    return {
        "uscc": uscc, "enterprise_name": f"Enterprise {uscc}", "unit_code": "D1",
        "enterprise_type": "production", "risk_level": risk, "major_hazard_level": "none",
        "standardization_grade": grade, "designated_body": body, "status": status,
        "_extract_date": D(extract),
    }


def _person(pid, category, hired, cert_expiry, extract):
    return {
        "person_id": pid, "full_name": f"Name {pid}", "id_number": "110101199001011237",
        "unit_code": "D1", "staff_category": category, "hire_date": D(hired),
        "education_level": "bachelor", "cert_no": f"C-{pid}" if cert_expiry else None,
        "cert_expiry": D(cert_expiry) if cert_expiry else None, "_extract_date": D(extract),
    }


def _insp(iid, mode, task, uscc, body, start, end, publicity=None):
    return {
        "inspection_id": iid, "inspection_mode": mode, "task_id": task, "uscc": uscc,
        "body_code": body, "start_date": D(start), "end_date": D(end),
        "publicity_date": D(publicity) if publicity else None, "_extract_date": D("2023-03-25"),
    }


def _penalty(case_no, uscc, body, decision, violation, circumstance, fine, *, major=False,
             review=None, publicity=None, paid=None, referred=False, status="closed",
             confiscation=None):
    return {
        "case_no": case_no, "uscc": uscc, "body_code": body,
        "filed_date": D(decision) - dt.timedelta(days=5), "decision_date": D(decision),
        "violation_code": violation, "circumstance": circumstance, "fine_amount": fine,
        "confiscation_amount": confiscation, "is_major": major,
        "legal_review_date": D(review) if review else None,
        "publicity_date": D(publicity) if publicity else None,
        "paid_date": D(paid) if paid else None, "referred_to_judiciary": referred,
        "status": status, "_extract_date": NOW,
    }


def _load_dataset(db: Path) -> None:
    insert_rows(db, "calendar", _calendar_rows())

    enterprises = [
        _enterprise("E1", "red", "1", "D1"),
        _enterprise("E2", "orange", "2", "D1"),
        _enterprise("E3", "yellow", "3", None),
        _enterprise("E4", "blue", "3", "D2"),
        _enterprise("E5", "yellow", "3", "D1", status="closed"),
        _enterprise("E1", "red", "1", "D1", extract="2022-07-01"),
        _enterprise("E2", "orange", "2", "D2", extract="2022-07-01"),
        _enterprise("E3", "yellow", "3", None, extract="2022-07-01"),
        _enterprise("E4", "yellow", "3", "D2", extract="2022-07-01"),
    ]
    insert_rows(db, "enterprises", enterprises)

    roster = []
    for snap in ("2021-01-01", "2021-04-01", "2022-01-01"):
        roster += [
            _person("O1", "officer", "2015-01-01", "2030-12-31", snap),
            _person("O2", "officer", "2016-01-01", "2022-08-09", snap),
            _person("A1", "auxiliary", "2018-01-01", None, snap),
        ]
        if snap >= "2021-04-01":
            roster.append(_person("O3", "officer", "2021-03-01", "2030-12-31", snap))
        if snap >= "2022-01-01":
            roster.append(_person("N1", "officer", "2022-01-01", "2030-12-31", snap))
    insert_rows(db, "roster", roster)

    training = [
        ("R1", "O3", "induction", "2021-03-01", "2021-04-30", "pass"),
        ("R2", "O3", "induction", "2021-05-01", "2021-05-09", "fail"),
        ("R3", "O3", "induction", "2021-06-01", "2021-07-15", "pass"),
        ("R4", "N1", "induction", "2022-01-01", "2022-03-31", "pass"),
    ]
    insert_rows(db, "training", [
        {"record_id": r, "person_id": p, "training_type": t, "start_date": D(s),
         "end_date": D(e), "result": res, "_extract_date": D("2023-03-01")}
        for r, p, t, s, e, res in training
    ])

    tasks = [
        ("T1", "D1", "2021-05-01", 3, 2),
        ("T2", "D1", "2022-08-01", 1, 1),
        ("T3", "D2", "2022-09-01", 2, 1),
        ("T4", "D1", "2023-02-01", 1, 1),
    ]
    insert_rows(db, "random_tasks", [
        {"task_id": t, "unit_code": u, "draw_date": D(d), "entity_pool_size": pool,
         "entities_drawn": drawn, "_extract_date": D("2023-03-01")}
        for t, u, d, pool, drawn in tasks
    ])

    dr = "double_random"
    inspections = [
        _insp("I1", dr, "T1", "E1", "D1", "2021-05-10", "2021-05-12", "2021-06-09"),
        _insp("I2", dr, "T1", "E2", "D1", "2021-05-11", "2021-05-11", "2021-06-10"),
        _insp("I11", dr, "T1", "E3", "D1", "2021-05-20", "2021-05-20", "2021-05-25"),
        _insp("I6", "key", None, "E3", "D2", "2021-07-01", "2021-07-01"),
        _insp("I12", dr, "T9", "E4", "D2", "2021-08-02", "2021-08-02"),
        _insp("I7", "complaint", None, "E1", "D2", "2022-03-01", "2022-03-01"),
        _insp("I3", dr, "T2", "E1", "D1", "2022-08-10", "2022-09-28"),
        _insp("I8", "key", None, "E1", "D2", "2022-09-05", "2022-09-05"),
        _insp("I10", dr, "T3", "E2", "D2", "2022-09-20", "2022-09-20", "2022-09-30"),
        _insp("I9", "key", None, "E2", "D1", "2022-10-15", "2022-10-15"),
        _insp("I5", dr, "T4", "E1", "D1", "2023-02-20", "2023-03-20"),
    ]
    insert_rows(db, "inspections", inspections)

    staff = [
        ("I1", "O1", "lead"), ("I1", "O3", "assist"),
        ("I2", "O1", "lead"), ("I2", "A1", "assist"),
        ("I11", "O1", "lead"), ("I11", "O2", "assist"), ("I11", "EX1", "expert"),
        ("I6", "X9", "lead"), ("I6", "O1", "assist"),
        ("I7", "O1", "lead"), ("I7", "O3", "assist"),
        ("I3", "O2", "lead"), ("I3", "O1", "assist"),
        ("I8", "O1", "lead"), ("I8", "N1", "assist"),
        ("I10", "O1", "lead"), ("I10", "O3", "assist"),
        ("I9", "O1", "lead"), ("I9", "O3", "assist"),
        ("I5", "O1", "lead"), ("I5", "N1", "assist"),
    ]
    insert_rows(db, "inspection_staff", [
        {"inspection_id": i, "person_id": p, "role": r, "_extract_date": D("2023-03-25")}
        for i, p, r in staff
    ])

    insert_rows(db, "discretion_standards", [
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "general",
         "fine_min": 1000.0, "fine_max": 5000.0, "_extract_date": D("2021-01-01")},
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "serious",
         "fine_min": 5000.0, "fine_max": 10000.0, "_extract_date": D("2021-01-01")},
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "general",
         "fine_min": 2000.0, "fine_max": 6000.0, "_extract_date": D("2022-06-01")},
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "serious",
         "fine_min": 5000.0, "fine_max": 10000.0, "_extract_date": D("2022-06-01")},
    ])

    insert_rows(db, "penalties", [
        _penalty("P-001", "E1", "D2", "2022-11-10", "V1", "general", 6000.0, major=True,
                 review="2022-11-09", publicity="2022-11-21", paid="2022-12-01",
                 confiscation=1500.0),
        _penalty("P-002", "E1", "D2", "2022-11-15", "V1", "general", 3000.0, status="revoked"),
        _penalty("P-003", "E2", "D1", "2021-06-10", "V1", "general", 999.0, major=True,
                 review="2021-06-11", publicity="2021-06-22", referred=True,
                 status="executing"),
        _penalty("P-004", "E2", "D1", "2022-06-10", "V1", "serious", 10000.5, major=True,
                 publicity="2022-06-22", paid="2022-07-01"),
        _penalty("P-005", "E4", "D2", "2023-03-28", "V2", "minor", 500.0, status="executing"),
        _penalty("P-006", "E9", "D1", "2022-11-20", "V1", "general", 2000.0,
                 publicity="2022-11-25"),
    ])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = make_warehouse(tmp_path_factory.mktemp("enforcement"))
    _load_dataset(db)
    run_dbt(db, [
        "build", "--select",
        "+path:models/intermediate/enforcement", "+path:models/marts/enforcement",
        # only tests whose every parent is built (not the staff marts' tests on stg_roster)
        "--indirect-selection", "cautious",
    ])
    return db


def _rows(db: Path, sql: str) -> list[tuple]:
    return [tuple(r) for r in query(db, sql)]


# --------------------------------------------------------------------------------------- R5

def test_inspection_checks(warehouse):
    rows = _rows(warehouse, """
        select inspection_id, qualified_officers, team_valid, untrained_inspector, task_valid,
               publicity_deadline, publicity_status
        from marts.inspection_checks order by inspection_id
    """)
    assert rows == [
        # O1 + O3 qualify; O3 has 61 induction days at 2021-05-10 (the failed record does not
        # count) < 90. Deadline: 20 working days after Wed 2021-05-12 = Wed 2021-06-09, the
        # publication day: on_time. T1 drawn 2021-05-01 <= start.
        ("I1", 2, True, True, True, D("2021-06-09"), "on_time"),
        # O3 has 106 days by 2022-09-20. 20 working days after Tue 2022-09-20, skipping the
        # 2022-10-03..07 holiday and counting the make-up days 10-08/09, is Fri 2022-10-21.
        ("I10", 2, True, False, True, D("2022-10-21"), "on_time"),
        # 20 working days after Thu 2021-05-20 across the 2021-06-14 holiday: Fri 2021-06-18.
        # The expert EX1 (in no roster) is neither counted nor examined.
        ("I11", 2, True, False, True, D("2021-06-18"), "on_time"),
        # Unknown task T9 and no staff at all. 20 working days after Mon 2021-08-02 is
        # Mon 2021-08-30, long before now: overdue.
        ("I12", 0, False, False, False, D("2021-08-30"), "overdue"),
        # A1 is an auxiliary: only O1 counts. Deadline Tue 2021-06-08, published 06-10: late.
        ("I2", 1, False, False, True, D("2021-06-08"), "late"),
        # O2's certificate expired 2022-08-09, the day before the start: only O1 counts.
        # 20 working days after Wed 2022-09-28 across the National Day holiday: 2022-10-31.
        ("I3", 1, False, False, True, D("2022-10-31"), "overdue"),
        # N1 has exactly 90 induction days by 2022-03-31: not untrained. Deadline 20 working
        # days after Mon 2023-03-20 = Mon 2023-04-17, after now (2023-03-31): pending.
        ("I5", 2, True, False, True, D("2023-04-17"), "pending"),
        # X9 is in no roster: only O1 counts. Key inspection: no deadline.
        ("I6", 1, False, False, None, None, "not_required"),
        ("I7", 2, True, False, None, None, "not_required"),
        ("I8", 2, True, False, None, None, "not_required"),
        ("I9", 2, True, False, None, None, "not_required"),
    ]


def test_inspection_team_findings(warehouse):
    rows = _rows(warehouse, """
        select inspection_id, finding_type, person_id
        from marts.inspection_team_findings order by inspection_id, finding_type, person_id
    """)
    assert rows == [
        ("I1", "induction_incomplete", "O3"),   # 61 of 90 days at 2021-05-10
        ("I12", "team_too_small", None),        # nobody on the team
        ("I2", "not_officer", "A1"),            # auxiliary in an assist role
        ("I2", "team_too_small", None),         # 1 qualified officer of 2 required
        ("I3", "no_valid_certificate", "O2"),   # expired the day before
        ("I3", "team_too_small", None),
        ("I6", "absent_from_roster", "X9"),     # in no roster in force at 2021-07-01
        ("I6", "team_too_small", None),
    ]


# --------------------------------------------------------------------------------------- R6

def test_inspection_randomness(warehouse):
    rows = _rows(warehouse, """
        select unit_code, year, tasks, enterprises_drawn, draws_outside_pool, pool_size,
               expected_draws, observed_draws, chi_square, dof, p_value, draws_not_uniform,
               randomness_status
        from marts.inspection_randomness order by unit_code, year
    """)
    # D1 2021: T1's derived pool at 2021-05-01 is {E1, E2} (E5 is closed, E3 has no body);
    # expected 2/2 = 1 each, observed E1 1 (I1), E2 1 (I2); E3 (I11) is outside the pool and
    # left out. chi-square 0 with 1 dof: p = 1.
    # D1 2022 (T2) and D1 2023 (T4): E2 moved to D2 on 2022-07-01, so the pool is {E1}: no test.
    # D2 2022: T3's pool {E2, E4}, expected 1/2 each, observed E2 1, E4 0:
    # chi-square 0.25/0.5 * 2 = 1 with 1 dof: p = chi2.sf(1, 1) = 0.3173.
    assert rows[0][:10] == ("D1", 2021, 1, 3, 1, 2, 2.0, 2, 0.0, 1)
    assert rows[0][10] == pytest.approx(1.0)
    assert rows[0][11:] == (False, "uniform")
    assert rows[1] == ("D1", 2022, 1, 1, 0, 1, 1.0, 1, None, None, None, None, "no_test")
    assert rows[2] == ("D1", 2023, 1, 1, 0, 1, 1.0, 1, None, None, None, None, "no_test")
    assert rows[3][:10] == ("D2", 2022, 1, 1, 0, 2, 1.0, 1, 1.0, 1)
    assert rows[3][10] == pytest.approx(0.317310507862914)
    assert rows[3][11:] == (False, "uniform")
    assert len(rows) == 4


def test_inspection_pool_findings(warehouse):
    rows = _rows(warehouse, """
        select task_id, finding_type, uscc, inspection_ids, entity_pool_size, derived_pool_size,
               pool_size_deviation
        from marts.inspection_pool_findings order by task_id, finding_type
    """)
    assert rows == [
        # E3 has no designated body, so it is outside T1's pool.
        ("T1", "drawn_outside_pool", "E3", "I11", 3, 2, 0.5),
        # Reported 3 against derived 2: 50% > 10%. T2-T4 report their derived sizes.
        ("T1", "pool_out_of_step", None, "", 3, 2, 0.5),
    ]


def test_inspection_rotation_findings(warehouse):
    rows = _rows(warehouse, """
        select person_id, uscc, first_inspection_id, second_inspection_id, days_apart
        from marts.inspection_rotation_findings
    """)
    # O1 on E1's double-random inspections I3 (2022-08-10) and I5 (2023-02-20): 194 days.
    # I1 -> I3 is 457 days; O1's E2 visits I2 -> I10 are 497 days apart.
    assert rows == [("O1", "E1", "I3", "I5", 194)]


def test_randomness_p_value_flags_skewed_draws():
    """The Python step alone: chi-square 8 with 1 dof (p = 0.00468) is flagged, a pool of one is
    not tested. Loads the model file and feeds it a stand-in for dbt."""
    path = (Path(__file__).resolve().parents[1]
            / "dbt/models/marts/enforcement/inspection_randomness.py")
    spec = importlib.util.spec_from_file_location("inspection_randomness", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    stats = pd.DataFrame({
        "unit_code": ["U1", "U2"], "year": [2022, 2022], "tasks": [8, 1],
        "enterprises_drawn": [1, 1], "entities_drawn_reported": [8, 1],
        "draws_outside_pool": [0, 0], "pool_size": [2, 1], "expected_draws": [8.0, 1.0],
        "observed_draws": [8, 1], "test_applied": [True, False], "chi_square": [8.0, None],
        "dof": [1, None],
    })

    class _Relation:
        def df(self):
            return stats

    class _Dbt:
        def config(self, **_):
            pass

        def ref(self, _name):
            return _Relation()

    result = module.model(_Dbt(), None)
    assert result.loc[0, "p_value"] == pytest.approx(0.004677734981047)
    assert bool(result.loc[0, "draws_not_uniform"]) is True
    assert result.loc[0, "randomness_status"] == "not_uniform"
    assert pd.isna(result.loc[1, "p_value"]) and pd.isna(result.loc[1, "draws_not_uniform"])
    assert result.loc[1, "randomness_status"] == "no_test"


# --------------------------------------------------------------------------------------- R7

def test_enforcement_body_conflicts(warehouse):
    rows = _rows(warehouse, """
        select year, uscc, conflict_type, designated_body, bodies, inspection_ids, case_nos
        from marts.enforcement_body_conflicts order by year, uscc, conflict_type
    """)
    assert rows == [
        # E3 has no designated body: its 2021 inspections I11 (D1) and I6 (D2) are listed, and
        # two bodies inspected it. No non_designated finding without a designated body.
        (2021, "E3", "multiple_bodies", None, "D1,D2", "I11,I6", ""),
        (2021, "E3", "no_designated_body", None, "D1,D2", "I11,I6", ""),
        # E1 2022: I7 is a complaint inspection (exempt). I3 (D1, 08-10) and I8 (D2, 09-05) are
        # 26 days apart; I8 is by a body other than D1. P-001 was decided by D2 (P-002 by D2 is
        # revoked and left out).
        (2022, "E1", "duplicate_inspection", "D1", "D1,D2", "I3,I8", ""),
        (2022, "E1", "multiple_bodies", "D1", "D1,D2", "I3,I8", ""),
        (2022, "E1", "non_designated_body", "D1", "D2", "I8", ""),
        (2022, "E1", "non_designated_penalty", "D1", "D2", "", "P-001"),
        # E2 moved to D2 on 2022-07-01: I10 (D2, 09-20) and I9 (D1, 10-15) are 25 days apart;
        # I9 is non-designated. P-004 (D1, 2022-06-10) was by the designated body of the time.
        (2022, "E2", "duplicate_inspection", "D2", "D1,D2", "I10,I9", ""),
        (2022, "E2", "multiple_bodies", "D2", "D1,D2", "I10,I9", ""),
        (2022, "E2", "non_designated_body", "D2", "D1", "I9", ""),
        # E3 is still operating without a body: findings with empty lists.
        (2022, "E3", "no_designated_body", None, "", "", ""),
        (2023, "E3", "no_designated_body", None, "", "", ""),
    ]


# --------------------------------------------------------------------------------------- R8

def test_supervision_frequency(warehouse):
    rows = _rows(warehouse, """
        select year, uscc, risk_level, inspections, required_inspections, under_inspected,
               is_year_to_date
        from marts.supervision_frequency order by year, uscc
    """)
    assert rows == [
        # 2021, state at 2021-12-31 = the 2021-01-01 snapshot; E5 is closed.
        (2021, "E1", "red", 1, 4, True, False),      # I1
        (2021, "E2", "orange", 1, 2, True, False),   # I2
        (2021, "E3", "yellow", 2, 1, False, False),  # I11, I6
        (2021, "E4", "blue", 1, 0, False, False),    # I12
        # 2022, state at 2022-12-31 = the 2022-07-01 snapshot (E4 yellow now).
        (2022, "E1", "red", 3, 4, True, False),      # I7 (all modes count), I3, I8
        (2022, "E2", "orange", 2, 2, False, False),  # I10, I9
        (2022, "E3", "yellow", 0, 1, True, False),
        (2022, "E4", "yellow", 0, 1, True, False),
        # 2023 up to now, against the full-year minimum.
        (2023, "E1", "red", 1, 4, True, True),       # I5
        (2023, "E2", "orange", 0, 2, True, True),
        (2023, "E3", "yellow", 0, 1, True, True),
        (2023, "E4", "yellow", 0, 1, True, True),
    ]


def test_supervision_by_level(warehouse):
    rows = _rows(warehouse, """
        select dimension, level, enterprises, inspections, avg_inspections_per_enterprise
        from marts.supervision_by_level where year = 2021 order by dimension, level
    """)
    assert rows == [
        ("risk_level", "blue", 1, 1, 1.0),
        ("risk_level", "orange", 1, 1, 1.0),
        ("risk_level", "red", 1, 1, 1.0),
        ("risk_level", "yellow", 1, 2, 2.0),
        ("standardization_grade", "1", 1, 1, 1.0),
        ("standardization_grade", "2", 1, 1, 1.0),
        ("standardization_grade", "3", 2, 3, 1.5),   # E3 (2) and E4 (1)
    ]


# --------------------------------------------------------------------------------------- R9

def test_penalty_checks(warehouse):
    rows = _rows(warehouse, """
        select case_no, status, fine_min, fine_max, band_status, legal_review_status,
               publicity_deadline, publicity_status, paid, referred, risk_level
        from marts.penalty_checks order by case_no
    """)
    assert rows == [
        # 6000 = the upper limit of the V1/general band in force since 2022-06-01: within.
        # Reviewed the day before: ok. 7 working days after Thu 2022-11-10 = Mon 2022-11-21.
        ("P-001", "closed", 2000.0, 6000.0, "within", "ok", D("2022-11-21"), "on_time",
         True, False, "red"),
        # Revoked, but still checked; unpublished and its deadline (2022-11-24) has passed.
        ("P-002", "revoked", 2000.0, 6000.0, "within", "not_required", D("2022-11-24"),
         "overdue", False, False, "red"),
        # 2021 band [1000, 5000]: 999 is below. Reviewed the day after: after_decision.
        # 7 working days after Thu 2021-06-10 across the 06-14 holiday = Tue 2021-06-22, the
        # publication day: on_time.
        ("P-003", "executing", 1000.0, 5000.0, "below", "after_decision", D("2021-06-22"),
         "on_time", False, True, "orange"),
        # 10000.5 > 10000: above. Major without review: missing. Deadline Tue 2022-06-21,
        # published 06-22: late.
        ("P-004", "closed", 5000.0, 10000.0, "above", "missing", D("2022-06-21"), "late",
         True, False, "orange"),
        # No standard for V2. Deadline Thu 2023-04-06 is after now: pending. E4 is yellow at
        # 2023-03-28 (the 2022-07-01 snapshot).
        ("P-005", "executing", None, None, "no_standard", "not_required", D("2023-04-06"),
         "pending", False, False, "yellow"),
        # 2000 = the lower limit: within. Decided on a Sunday: 7 working days after it is
        # Tue 2022-11-29. E9 is in no registry: no risk level.
        ("P-006", "closed", 2000.0, 6000.0, "within", "not_required", D("2022-11-29"),
         "on_time", False, False, None),
    ]


def test_penalty_monthly(warehouse):
    rows = _rows(warehouse, """
        select month, body_code, violation_code, circumstance, cases, fine_total, fine_median,
               confiscation_total
        from marts.penalty_monthly order by month, body_code
    """)
    assert rows == [
        (D("2021-06-01"), "D1", "V1", "general", 1, 999.0, 999.0, 0.0),
        (D("2022-06-01"), "D1", "V1", "serious", 1, 10000.5, 10000.5, 0.0),
        (D("2022-11-01"), "D1", "V1", "general", 1, 2000.0, 2000.0, 0.0),
        # P-002 (revoked, 3000) is left out.
        (D("2022-11-01"), "D2", "V1", "general", 1, 6000.0, 6000.0, 1500.0),
        (D("2023-03-01"), "D2", "V2", "minor", 1, 500.0, 500.0, 0.0),
    ]


def test_penalty_trends(warehouse):
    rows = _rows(warehouse, """
        select month, dimension_value, cases, fine_total, fine_median, cases_prior_year,
               fine_total_prior_year, fine_total_change
        from marts.penalty_trends where dimension in ('all', 'risk_level')
        order by dimension, month, dimension_value
    """)
    assert rows == [
        (D("2021-06-01"), "ALL", 1, 999.0, 999.0, 0, 0.0, 999.0),
        # June 2022 against June 2021.
        (D("2022-06-01"), "ALL", 1, 10000.5, 10000.5, 1, 999.0, 9001.5),
        # P-001 and P-006 (P-002 revoked): median of 6000 and 2000.
        (D("2022-11-01"), "ALL", 2, 8000.0, 4000.0, 0, 0.0, 8000.0),
        (D("2023-03-01"), "ALL", 1, 500.0, 500.0, 0, 0.0, 500.0),
        (D("2021-06-01"), "orange", 1, 999.0, 999.0, 0, 0.0, 999.0),
        (D("2022-06-01"), "orange", 1, 10000.5, 10000.5, 1, 999.0, 9001.5),
        (D("2022-11-01"), "red", 1, 6000.0, 6000.0, 0, 0.0, 6000.0),
        (D("2022-11-01"), "unknown", 1, 2000.0, 2000.0, 0, 0.0, 2000.0),
        (D("2023-03-01"), "yellow", 1, 500.0, 500.0, 0, 0.0, 500.0),
    ]


def test_penalty_consistency(warehouse):
    rows = _rows(warehouse, """
        select body_code, cases, fine_mean, fine_stddev, fine_cv, fine_median, corps_median,
               median_minus_corps_median
        from marts.penalty_consistency
        where year = 2022 and violation_code = 'V1' and circumstance = 'general'
        order by body_code
    """)
    # Corps: 6000 and 2000 - mean 4000, sample sd sqrt(2 * 2000^2) = 2828.43, cv 0.7071.
    assert rows[0][:3] == ("ALL", 2, 4000.0)
    assert rows[0][3] == Decimal("2828.43")  # money: DECIMAL(18,2), to the fen
    assert rows[0][4] == pytest.approx(0.70710678)
    assert rows[0][5:] == (4000.0, 4000.0, 0.0)
    assert rows[1] == ("D1", 1, 2000.0, None, None, 2000.0, 4000.0, -2000.0)
    assert rows[2] == ("D2", 1, 6000.0, None, None, 6000.0, 4000.0, 2000.0)


def test_penalty_revoked_and_collection(warehouse):
    revoked = _rows(warehouse, """
        select year, body_code, cases_all, revoked_cases, revoked_share, revoked_fine_total
        from marts.penalty_revoked where year = 2022 order by body_code
    """)
    assert revoked == [
        (2022, "ALL", 4, 1, 0.25, 3000.0),   # P-001, P-002, P-004, P-006
        (2022, "D1", 2, 0, 0.0, 0.0),
        (2022, "D2", 2, 1, 0.5, 3000.0),
    ]
    collection = _rows(warehouse, """
        select year, body_code, cases, fine_total, paid_cases, fine_paid_total, fine_paid_share,
               referred_cases, referred_share
        from marts.penalty_collection where body_code = 'ALL' order by year
    """)
    assert collection[0] == (2021, "ALL", 1, 999.0, 0, 0.0, 0.0, 1, 1.0)   # P-003 referred
    # 2022 non-revoked: P-001 (6000, paid), P-004 (10000.5, paid), P-006 (2000, unpaid).
    assert collection[1][:6] == (2022, "ALL", 3, 18000.5, 2, 16000.5)
    assert collection[1][6] == pytest.approx(16000.5 / 18000.5)
    assert collection[1][7:] == (0, 0.0)
    assert collection[2] == (2023, "ALL", 1, 500.0, 0, 0.0, 0.0, 0, 0.0)


# ------------------------------------------------------------------------------- enterprise

def test_enterprise_history(warehouse):
    rows = _rows(warehouse, """
        select uscc, snapshot_date, in_latest_snapshot, designated_body, designated_body_changed,
               risk_level_changed, is_first_appearance
        from marts.enterprise_history order by uscc, snapshot_date
    """)
    first, second = D("2021-01-01"), D("2022-07-01")
    assert rows == [
        ("E1", first, False, "D1", False, False, True),
        ("E1", second, True, "D1", False, False, False),
        ("E2", first, False, "D1", False, False, True),
        ("E2", second, True, "D2", True, False, False),
        ("E3", first, False, None, False, False, True),
        ("E3", second, True, None, False, False, False),
        ("E4", first, False, "D2", False, False, True),
        ("E4", second, True, "D2", False, True, False),   # blue -> yellow
        ("E5", first, False, "D1", False, False, True),   # closed, then gone
    ]
    columns = {c for (c,) in query(warehouse, """
        select column_name from information_schema.columns
        where table_schema = 'marts' and table_name = 'enterprise_history'
    """)}
    assert not columns & {"full_name", "id_number", "person_id"}


def test_checks_name_the_file_and_row_of_each_inspection_and_case(warehouse):
    # insert_rows numbers rows as the ingest does: the n-th data row of a file is row n + 1
    assert _rows(warehouse, """
        select inspection_id, source_file, source_row_number from marts.inspection_checks
        where inspection_id in ('I1', 'I5') order by 1""") == [
        ("I1", "inspections_20230325.csv", 2), ("I5", "inspections_20230325.csv", 12),
    ]
    assert _rows(warehouse, """
        select case_no, source_file, source_row_number from marts.penalty_checks
        where case_no in ('P-001', 'P-006') order by 1""") == [
        ("P-001", "penalties_20230331.csv", 2), ("P-006", "penalties_20230331.csv", 7),
    ]


def test_conflict_lists_keep_ids_with_inner_spaces(tmp_path):
    """An inspection number with spaces inside it ('JC 2  -X') is a valid value: sources.md
    strips only leading and trailing spaces. Its R7 findings list it as it is, and the singular
    test assert_r7_conflict_lists_consistent (run by the build) must not take the inner spaces
    for a badly separated list. Found at N = 10, where the benchmark's incremental month made
    'JC20240079387  -20250131' from a padded cell."""
    db = make_warehouse(tmp_path)
    insert_rows(db, "enterprises", [_enterprise("E1", "red", "1", "D1")])
    # D2 inspects E1 twice within the window, D1 (the designated body) once in between
    insert_rows(db, "inspections", [
        _insp("JC 1", "key", None, "E1", "D1", "2022-05-02", "2022-05-02"),
        _insp("JC 2  -X", "key", None, "E1", "D2", "2022-05-10", "2022-05-10"),
    ])
    run_dbt(db, ["build", "--select", "+enforcement_body_conflicts",
                 "--indirect-selection", "cautious"])
    rows = _rows(db, """
        select conflict_type, designated_body, bodies, inspection_ids, case_nos
        from marts.enforcement_body_conflicts order by conflict_type
    """)
    assert rows == [
        ("duplicate_inspection", "D1", "D1,D2", "JC 1,JC 2  -X", ""),
        ("multiple_bodies", "D1", "D1,D2", "JC 1,JC 2  -X", ""),
        ("non_designated_body", "D1", "D2", "JC 2  -X", ""),
    ]
    # The same lists as DuckDB LISTs: no splitting, an inner space stays inside its element.
    assert _rows(db, """
        select conflict_type, body_list, inspection_id_list, case_no_list
        from marts.enforcement_body_conflicts order by conflict_type
    """) == [
        ("duplicate_inspection", ["D1", "D2"], ["JC 1", "JC 2  -X"], []),
        ("multiple_bodies", ["D1", "D2"], ["JC 1", "JC 2  -X"], []),
        ("non_designated_body", ["D2"], ["JC 2  -X"], []),
    ]
