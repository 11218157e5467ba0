"""Incremental dbt builds give the same warehouse as a build from scratch.

Warehouse 1 is built in two steps, the way the pipeline builds it: load A, `dbt build` (nothing
exists yet: every model is built in full); load B, `dbt build` (the incremental models only
recompute what B touches). Warehouse 2 holds the same raw rows, A and B, and is built once with
`--full-refresh`. Every table of `marts` (and of `staging` and `intermediate`, apart from the
`load_seq` bookkeeping columns) must hold the same rows, in any order.

B is chosen to reach every way an incremental model can be wrong (macros/incremental_rows.sql,
int_r5_inspection_staff_checks): newer versions of existing keys (an inspection, a penalty, two
training records, one of them moved to another person), a new team for an inspection, an older
version loaded late (it must lose), a new roster and a new registry snapshot, a re-delivered
roster snapshot, a registry snapshot that disappears (re-delivered with every row rejected), a
late induction record that starts before an earlier inspection, and new events of every kind.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dbt_harness import insert_rows, make_warehouse, query, run_dbt  # noqa: E402

D = dt.date.fromisoformat
BUILD = ["build", "--exclude-resource-type", "unit_test"]
COMPARED_SCHEMAS = ("marts", "intermediate", "staging")
# Build times (the KPI history's, docs/restatements.md): two builds of the same rows differ there.
BUILD_TIMES = ("computed_at", "published_at", "published_before_at", "restated_at")


def _file(source: str, extract: str, load_seq: int, rows: list[dict]) -> tuple:
    """One loaded file: every row carries the file's extract date, name and load_seq."""
    meta = {"_extract_date": D(extract), "_file_name": f"{source}_{extract.replace('-', '')}.csv",
            "_load_seq": load_seq}
    return ("insert", source, [{**row, **meta} for row in rows])


def _enterprise(uscc, risk, body, status="operating"):
    return {"uscc": uscc, "enterprise_name": f"企业{uscc}", "unit_code": "D1",
            "enterprise_type": "production", "risk_level": risk, "major_hazard_level": "none",
            "standardization_grade": "3", "designated_body": body, "status": status}


def _person(pid, unit, category, hired, cert_expiry=None, separated=None, major="安全工程"):
    return {"person_id": pid, "full_name": f"姓名{pid}", "id_number": "11010519491231002X",
            "unit_code": unit, "staff_category": category, "hire_date": D(hired),
            "separation_date": D(separated) if separated else None, "education_level": "bachelor",
            "major": major, "prior_experience_years": 3.0,
            "cert_no": f"C-{pid}" if cert_expiry else None,
            "cert_expiry": D(cert_expiry) if cert_expiry else None}


def _training(rid, pid, kind, start, end, result="pass"):
    return {"record_id": rid, "person_id": pid, "training_type": kind, "start_date": D(start),
            "end_date": D(end), "result": result}


def _inspection(iid, mode, task, uscc, body, start, end, publicity=None):
    return {"inspection_id": iid, "inspection_mode": mode, "task_id": task, "uscc": uscc,
            "body_code": body, "start_date": D(start), "end_date": D(end),
            "publicity_date": D(publicity) if publicity else None}


def _team(iid, *members):
    return [{"inspection_id": iid, "person_id": p, "role": r} for p, r in members]


def _penalty(case_no, uscc, body, decision, circumstance, fine, status="closed", major=False,
             review=None):
    return {"case_no": case_no, "uscc": uscc, "body_code": body,
            "filed_date": D(decision) - dt.timedelta(days=10), "decision_date": D(decision),
            "violation_code": "V1", "circumstance": circumstance, "fine_amount": fine,
            "is_major": major, "legal_review_date": D(review) if review else None,
            "status": status}


ROSTER_2021 = [
    _person("O1", "D1", "officer", "2015-01-01", "2030-12-31"),
    _person("O2", "D1", "officer", "2016-01-01", "2022-03-31"),
    _person("N1", "D2", "officer", "2021-03-01", "2030-12-31"),
    _person("A1", "D1", "auxiliary", "2018-01-01"),
]

STEP_A = [
    _file("units", "2021-01-01", 1, [
        {"unit_code": "BT", "unit_name": "兵团应急管理局", "level": "corps", "parent_code": None},
        {"unit_code": "D1", "unit_name": "第一师", "level": "division", "parent_code": "BT"},
        {"unit_code": "D2", "unit_name": "第二师", "level": "division", "parent_code": "BT"},
    ]),
    _file("majors", "2021-01-01", 2, [
        {"major": "安全工程", "safety_related": True, "major_group": "安全"},
        {"major": "法学", "safety_related": False, "major_group": "法学"},
    ]),
    _file("discretion_standards", "2021-01-01", 3, [
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "general",
         "fine_min": 1000.0, "fine_max": 5000.0},
        {"violation_code": "V1", "violation_name": "v1", "circumstance": "serious",
         "fine_min": 5000.0, "fine_max": 10000.0},
    ]),
    _file("enterprises", "2021-01-01", 4, [
        _enterprise("E1", "red", "D1"), _enterprise("E2", "orange", "D2"),
        _enterprise("E3", "yellow", None), _enterprise("E4", "blue", "D1", status="closed"),
    ]),
    _file("enterprises", "2022-01-01", 5, [
        _enterprise("E1", "red", "D1"), _enterprise("E2", "orange", "D1"),
        _enterprise("E3", "yellow", None),
    ]),
    _file("roster", "2021-06-30", 6, ROSTER_2021),
    _file("roster", "2021-12-31", 7, [
        *ROSTER_2021, _person("N2", "D2", "officer", "2021-10-01", "2030-12-31"),
    ]),
    _file("training", "2022-05-31", 8, [
        _training("T1", "N1", "induction", "2021-03-01", "2021-04-30"),   # 61 days
        _training("T2", "O1", "refresher", "2021-06-01", "2021-06-14"),
        _training("T3", "N2", "induction", "2021-10-01", "2021-12-31"),
        _training("T4", "O2", "practical", "2021-05-01", "2021-05-05"),
        _training("T5", "O1", "refresher", "2021-08-01", "2021-08-03"),
    ]),
    _file("random_tasks", "2022-05-31", 9, [
        {"task_id": "K1", "unit_code": "D1", "draw_date": D("2021-06-01"), "entity_pool_size": 1,
         "entities_drawn": 1},
    ]),
    _file("inspections", "2022-05-31", 10, [
        _inspection("I1", "double_random", "K1", "E1", "D1", "2021-07-05", "2021-07-06",
                    "2021-07-20"),
        _inspection("I2", "key", None, "E1", "D2", "2021-07-20", "2021-07-20"),
        _inspection("I3", "key", None, "E2", "D2", "2021-11-10", "2021-11-10"),
        _inspection("I4", "special", None, "E3", "D1", "2021-12-01", "2021-12-01"),
        _inspection("I7", "key", None, "E2", "D1", "2022-01-15", "2022-01-15"),
        _inspection("I8", "key", None, "E1", "D1", "2022-05-01", "2022-05-01"),
        _inspection("I9", "key", None, "E3", "D1", "2021-09-01", "2021-09-01"),
    ]),
    _file("inspection_staff", "2022-05-31", 11, [
        *_team("I1", ("O1", "lead"), ("N1", "assist")),
        *_team("I2", ("O2", "lead"), ("A1", "assist")),
        *_team("I3", ("N2", "lead"), ("O1", "assist")),
        *_team("I4", ("O1", "lead"), ("O2", "assist")),
        *_team("I7", ("N2", "lead"), ("O1", "assist")),
        *_team("I8", ("O2", "lead"), ("O1", "assist")),
        *_team("I9", ("O1", "lead"), ("N1", "assist")),
    ]),
    _file("penalties", "2022-05-31", 12, [
        _penalty("C1", "E1", "D2", "2021-08-02", "general", 3000.0),
        _penalty("C2", "E2", "D2", "2021-12-01", "serious", 12000.0, status="executing",
                  major=True, review="2021-11-30"),
    ]),
]

STEP_B = [
    # a new roster snapshot, in force from before I8: O2 has left by then
    _file("roster", "2022-04-30", 13, [
        _person("O1", "D1", "officer", "2015-01-01", "2030-12-31"),
        _person("O2", "D1", "officer", "2016-01-01", "2022-12-31", separated="2022-04-15"),
        _person("N1", "D2", "officer", "2021-03-01", "2030-12-31"),
        _person("N2", "D2", "officer", "2021-10-01", "2030-12-31"),
        _person("N3", "D1", "officer", "2022-03-01", "2030-12-31", major="法学"),
        _person("A1", "D1", "auxiliary", "2018-01-01"),
    ]),
    _file("enterprises", "2022-06-30", 14, [
        _enterprise("E1", "orange", "D2"), _enterprise("E2", "orange", "D1"),
        _enterprise("E3", "yellow", "D1"),
    ]),
    _file("training", "2022-06-30", 15, [
        # newer versions: N1's induction now runs to 06-15 (107 days at I1), T5 moves to O2
        _training("T1", "N1", "induction", "2021-03-01", "2021-06-15"),
        _training("T5", "O2", "refresher", "2021-08-01", "2021-08-03"),
        _training("T6", "N3", "induction", "2022-03-01", "2022-05-31"),
        # a late record, before I1 and overlapping T1
        _training("T7", "N1", "induction", "2021-05-01", "2021-05-10"),
    ]),
    _file("inspections", "2022-06-30", 16, [
        _inspection("I1", "double_random", "K1", "E1", "D1", "2021-07-05", "2021-07-06",
                    "2021-08-30"),                                     # published later
        _inspection("I5", "double_random", "K2", "E1", "D1", "2022-06-10", "2022-06-10"),
        _inspection("I6", "key", None, "E1", "D1", "2022-06-20", "2022-06-20"),
    ]),
    _file("random_tasks", "2022-06-30", 17, [
        {"task_id": "K2", "unit_code": "D1", "draw_date": D("2022-06-01"), "entity_pool_size": 2,
         "entities_drawn": 1},
    ]),
    _file("inspection_staff", "2022-06-30", 18, [
        *_team("I2", ("O1", "lead"), ("O2", "assist")),             # a new team for I2
        *_team("I5", ("O1", "lead"), ("N3", "assist")),
        *_team("I6", ("N2", "lead"), ("O2", "assist")),
    ]),
    _file("penalties", "2022-06-30", 19, [
        _penalty("C1", "E1", "D2", "2021-08-02", "general", 3000.0, status="revoked"),
        _penalty("C3", "E3", "D2", "2022-06-15", "general", 4000.0),
    ]),
    # an older version of I3 loaded late: its extract date is earlier, so it loses
    _file("inspections", "2021-11-30", 20, [
        _inspection("I3", "key", None, "E2", "D1", "2021-11-10", "2021-11-10"),
    ]),
    # the 2021-12-31 roster re-delivered: N2's certificate had expired (I7 is judged by it)
    ("delete", "roster", D("2021-12-31")),
    _file("roster", "2021-12-31", 21, [
        *ROSTER_2021, _person("N2", "D2", "officer", "2021-10-01", "2021-11-01"),
    ]),
    # the 2022-01-01 registry re-delivered with every row rejected: the date is gone
    ("delete", "enterprises", D("2022-01-01")),
]


def _apply(db: Path, steps: list[tuple]) -> None:
    for action, table, payload in steps:
        if action == "insert":
            insert_rows(db, table, payload)
        else:
            with duckdb.connect(str(db)) as con:
                con.execute(f"delete from raw.{table} where _extract_date = ?", [payload])


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every table of the compared schemas: its rows, sorted, without load_seq and build times,
    floats rounded."""
    out = {}
    names = query(db, "select schema_name, table_name from duckdb_tables() where schema_name in "
                      f"{COMPARED_SCHEMAS!r}")
    for schema, table in names:
        columns = [c for (c,) in query(db, f"""
            select column_name from duckdb_columns()
            where schema_name = '{schema}' and table_name = '{table}' and column_name <> 'load_seq'
              and column_name not in {BUILD_TIMES!r}
            order by column_index""")]
        rows = query(db, f"select {', '.join(columns)} from {schema}.{table}")
        rows = [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in rows]
        out[f"{schema}.{table}"] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("incremental")
    stepwise = make_warehouse(base, "stepwise.duckdb")
    _apply(stepwise, STEP_A)
    run_dbt(stepwise, BUILD)
    _apply(stepwise, STEP_B)
    run_dbt(stepwise, BUILD)

    scratch = make_warehouse(base, "scratch.duckdb")
    _apply(scratch, STEP_A + STEP_B)
    run_dbt(scratch, [*BUILD, "--full-refresh"])
    return stepwise, scratch


def test_second_build_was_incremental(builds):
    stepwise, _ = builds
    # rows written by the first build are still there: only what B touches was recomputed
    assert query(stepwise, "select count(distinct load_seq) from staging.stg_inspections") == [(2,)]
    loads = dict(query(stepwise, """
        select load_seq, count(distinct inspection_id)
        from intermediate.int_r5_inspection_staff_checks group by load_seq"""))
    # the newest input load at each build: 11 (inspection_staff) for A, 21 (the roster) for B
    assert set(loads) == {11, 21}
    # I3 (an older version loaded late loses) and I4 (nothing new) are left as they were
    assert loads[11] == 2
    assert query(stepwise, "select distinct inspection_id from intermediate."
                           "int_r5_inspection_staff_checks where load_seq = 11 order by 1") == [
        ("I3",), ("I4",)]


def test_incremental_build_equals_full_refresh(builds):
    stepwise, scratch = builds
    incremental, full = _tables(stepwise), _tables(scratch)
    assert sorted(incremental) == sorted(full)
    assert any(rows for name, rows in full.items() if name.startswith("marts."))
    for name in sorted(full):
        assert incremental[name] == full[name], name


def test_step_b_reached_the_marts(builds):
    stepwise, _ = builds
    # I1's newer version: published 2021-08-30, after its deadline; I3 keeps body D2
    assert query(stepwise, "select inspection_id, body_code, publicity_status from "
                           "marts.inspection_checks where inspection_id in ('I1', 'I3') "
                           "order by 1") == [("I1", "D1", "late"), ("I3", "D2", "not_required")]
    # N1 now has 107 induction days at I1 and I9 (T1 to 06-15; T7 lies inside it): trained
    assert query(stepwise, "select inspection_id, untrained_inspector from marts.inspection_checks "
                           "where inspection_id in ('I1', 'I9') order by 1") == [
        ("I1", False), ("I9", False)]
    # I7: N2's certificate expired by the re-delivered snapshot; I8: O2 left before it
    assert query(stepwise, "select inspection_id, qualified_officers from marts.inspection_checks "
                           "where inspection_id in ('I7', 'I8') order by 1") == [("I7", 1), ("I8", 1)]
    # C1 revoked: no longer a non-designated penalty
    assert query(stepwise, "select count(*) from marts.enforcement_body_conflicts "
                           "where conflict_type = 'non_designated_penalty' and uscc = 'E1'") == [(0,)]
