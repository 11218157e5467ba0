"""The whole job (ingest → dbt → checks → serving copy) on a tiny inbox worked out by hand."""
from __future__ import annotations

import datetime as dt
import stat

import dagster as dg
import duckdb
import pytest

from dagster_project.contracts import load_contracts
from dagster_project.ingest.checksums import id_check_digit
from ingest_helpers import TRAINING, UNITS, write_csv

D = dt.date
ROSTER = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "离岗日期", "最高学历", "所学专业",
          "入职前相关工作年限", "执法证号", "执法证有效期至"]


def _id(n: int) -> str:
    first17 = f"65010219850615{n:03d}"
    return first17 + id_check_digit(first17)


# P1 officer BT01 hired 2018-01-01, 本科 安全工程, no prior years: practical 3.08 y at D1 → qualified.
# P2 officer BT01 hired 2020-12-01, 本科 安全工程, 1.5 prior years: 1.5 + 61/365.25 = 1.67 < 2 at D1;
#    1.5 + 395/365.25 = 2.58 at D2 → qualified at D2 only.
# P3 officer BT01, 大专 法学 (not safety-related): never qualified; leaves 2021-06-30.
# P4 auxiliary BT01: never counted.
# P5 officer BT00, 硕士 化学工程 (not in the majors file → not safety-related, a finding).
# P6 officer BT01 hired 2021-10-01, 本科 安全工程, 3 prior years → qualified at D2.
PEOPLE = {
    "P1": ["BT01", "执法人员", "2018-01-01", "", "本科", "安全工程", "0"],
    "P2": ["BT01", "执法人员", "2020-12-01", "", "本科", "安全工程", "1.5"],
    "P3": ["BT01", "执法人员", "2016-05-01", "", "大专", "法学", "10"],
    "P4": ["BT01", "执法辅助人员", "2019-01-01", "", "本科", "安全工程", "5"],
    "P5": ["BT00", "执法人员", "2015-03-01", "", "硕士研究生", "化学工程", "5"],
    "P6": ["BT01", "执法人员", "2021-10-01", "", "本科", "安全工程", "3"],
}


def _roster_row(pid: str, separation: str = "") -> list[str]:
    unit, category, hire, _, education, major, prior = PEOPLE[pid]
    n = int(pid[1:])
    return [pid, f"人员{n}", _id(n), unit, category, hire, separation, education, major, prior,
            f"ZF{n:04d}", "2026-12-31"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, dbt_manifest):
    base = tmp_path_factory.mktemp("hand")
    inbox = base / "inbox"
    inbox.mkdir()
    write_csv(inbox / "units_20210131.csv", UNITS,
              [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师阿拉尔市应急管理局", "师市", "BT00"]])
    write_csv(inbox / "majors_20200101.csv", ["专业名称", "是否安全相关"], [["安全工程", "是"], ["法学", "否"]])
    write_csv(inbox / "roster_20210131.csv", ROSTER, [_roster_row(p) for p in ("P1", "P2", "P3", "P4", "P5")])
    write_csv(inbox / "roster_20211231.csv", ROSTER,
              [_roster_row(p) for p in ("P1", "P2", "P4", "P5", "P6")] + [_roster_row("P3", "2021-06-30")])
    # P2: two overlapping passed induction records → 2020-12-01 … 2021-03-15 = 31+31+28+15 = 105 days.
    # P6: a failed induction record, which does not count.
    write_csv(inbox / "training_20211231.csv", TRAINING, [
        ["T1", "P2", "入职培训", "2020-12-01", "2021-01-31", "合格"],
        ["T2", "P2", "入职培训", "2021-01-15", "2021-03-15", "合格"],
        ["T3", "P6", "入职培训", "2021-10-01", "2021-12-31", "不合格"],
    ])
    db = base / "wh.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("REGWH_INBOX", str(inbox))
    mp.setenv("REGWH_WAREHOUSE", str(db))
    from dagster_project.runner import execute_job

    result = execute_job()
    mp.undo()
    assert result.success
    return db, result


def q(db, sql):
    with duckdb.connect(str(db).replace(".duckdb", ".serving.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_check_passed(warehouse):
    _, result = warehouse
    evaluations = result.get_asset_check_evaluations()
    assert evaluations, "no asset checks ran"
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    # the freshness warnings say the 2021 inbox is long overdue today (tests/test_freshness.py)
    overdue = [(key, name) for key, name in failed if name == "freshness"]
    assert [f for f in failed if f not in overdue] == []
    assert {key for key, _ in overdue} == {
        f"raw/{source}" for source, contract in load_contracts().items()
        if contract.cadence != "as_needed"}
    assert all(e.severity == dg.AssetCheckSeverity.WARN for e in evaluations
               if e.check_name == "freshness")


def test_kpi_professional_ratio_by_hand(warehouse):
    db, _ = warehouse
    rows = q(db, "SELECT as_of_date, unit_code, officers_in_post, qualified_officers, "
                 "round(qualified_ratio, 4), meets_target, people_gap FROM marts.kpi_professional_ratio "
                 "ORDER BY 1, 2")
    assert rows == [
        # D1: BT01 in post P1 P2 P3, qualified P1 → 1/3; gap ⌈0.75×3⌉ − 1 = 3 − 1 = 2.
        (D(2021, 1, 31), "ALL", 4, 1, 0.25, False, 2),
        (D(2021, 1, 31), "BT00", 1, 0, 0.0, False, 1),
        (D(2021, 1, 31), "BT01", 3, 1, 0.3333, False, 2),
        # D2: P3 has left; BT01 P1 P2 P6 all qualified; ALL 3/4 = 0.75 exactly meets the target.
        (D(2021, 12, 31), "ALL", 4, 3, 0.75, True, 0),
        (D(2021, 12, 31), "BT00", 1, 0, 0.0, False, 1),
        (D(2021, 12, 31), "BT01", 3, 3, 1.0, True, 0),
    ]


def test_induction_status_by_hand(warehouse):
    db, _ = warehouse
    rows = q(db, "SELECT as_of_date, person_id, induction_days, status FROM marts.training_induction_status "
                 "ORDER BY 1, 2")
    assert [(d, p, s) for d, p, _, s in rows] == [
        (D(2021, 1, 31), "P1", "not_required"),
        (D(2021, 1, 31), "P2", "in_progress"),  # 62 days by D1, 61 days since hire ≤ 180
        (D(2021, 1, 31), "P3", "not_required"),
        (D(2021, 1, 31), "P5", "not_required"),
        (D(2021, 12, 31), "P1", "not_required"),
        (D(2021, 12, 31), "P2", "compliant"),  # 105 covered days ≥ 90
        (D(2021, 12, 31), "P5", "not_required"),
        (D(2021, 12, 31), "P6", "in_progress"),  # failed record does not count; 91 days since hire
    ]
    days = {(d, p): n for d, p, n, _ in rows}
    assert days[(D(2021, 1, 31), "P2")] == 62 and days[(D(2021, 12, 31), "P2")] == 105
    assert days[(D(2021, 12, 31), "P6")] == 0


def test_serving_copy_has_no_personal_data(warehouse):
    db, _ = warehouse
    schemas = {s for (s,) in q(db, "SELECT DISTINCT table_schema FROM information_schema.tables")}
    assert schemas <= {"marts", "audit"}
    columns = {c for (c,) in q(db, "SELECT column_name FROM information_schema.columns")}
    assert not columns & {"full_name", "id_number"}


def test_names_are_published_to_the_restricted_copy_only(warehouse):
    db, _ = warehouse
    restricted = db.with_name("wh.restricted.duckdb")
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600
    with duckdb.connect(str(restricted), read_only=True) as con:
        schemas = {s for (s,) in con.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables").fetchall()}
        rows = con.execute("SELECT person_id, full_name, id_number, unit_code, snapshot_date "
                           "FROM restricted.officer_identity ORDER BY 1").fetchall()
    assert schemas == {"restricted", "quarantine"}  # names, and rejected rows whole
    # every person of the latest roster (P3 has left but is still listed), as on that snapshot
    assert rows == [(p, f"人员{p[1:]}", _id(int(p[1:])), PEOPLE[p][0], D(2021, 12, 31))
                    for p in sorted(PEOPLE)]


def test_docs_written_next_to_the_warehouse(warehouse):
    db, _ = warehouse
    dbt_docs = (db.parent / "dbt_docs" / "index.html").read_text(encoding="utf-8")
    assert "kpi_professional_ratio" in dbt_docs
    assert (db.parent / "data_docs").is_dir()


def test_drilldown_reasons_and_file_rows_by_hand(warehouse):
    db, _ = warehouse
    # roster_20210131.csv lists P1 P2 P3 P4 P5 on rows 2-6 (row 1 is the header)
    rows = q(db, "SELECT person_id, counted_in_ratio, is_qualified, not_qualified_reason, source_file, "
                 "source_row_number FROM marts.staff_ratio_drilldown WHERE as_of_date = DATE '2021-01-31' "
                 "ORDER BY person_id")
    f1 = "roster_20210131.csv"
    assert rows == [
        ("P1", True, True, "", f1, 2),
        ("P2", True, False, "experience", f1, 3),  # 1.5 + 61/365.25 years < 2
        ("P3", True, False, "major_not_safety", f1, 4),  # 法学 is listed 否
        ("P4", False, False, "auxiliary", f1, 5),  # never counted
        ("P5", True, False, "major_unlisted", f1, 6),  # 化学工程 is not in the majors file
    ]
    # roster_20211231.csv: P1 P2 P4 P5 P6 P3 → P6 is on row 6
    assert q(db, "SELECT source_file, source_row_number FROM marts.staff_qualification "
                 "WHERE as_of_date = DATE '2021-12-31' AND person_id = 'P6'") == [("roster_20211231.csv", 6)]
    # P2's induction days at D2 = T1 62 + T2 43 (from 2021-02-01, after T1's end) = 105
    assert q(db, "SELECT record_id, counts, counted_days, source_file, source_row_number "
                 "FROM marts.training_induction_days WHERE as_of_date = DATE '2021-12-31' "
                 "ORDER BY person_id, record_id") == [
        ("T1", True, 62, "training_20211231.csv", 2),
        ("T2", True, 43, "training_20211231.csv", 3),
        ("T3", False, 0, "training_20211231.csv", 4),  # P6's failed record
    ]
