"""Restatements (docs/restatements.md): a roster snapshot corrected after its figures were
published, worked out by hand, through the whole job three times."""
from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from dagster_project import paths
from ingest_helpers import UNITS, write_csv
from test_pipeline_hand_worked import PEOPLE, ROSTER, _roster_row

AS_KNOWN_AT = re.search(r"<!-- as-known-at query.*?```sql\n(.*?)```",
                        (paths.REPO_ROOT / "docs" / "restatements.md").read_text(encoding="utf-8"),
                        re.S).group(1)


def _run(inbox, db, mp):
    mp.setenv("REGWH_INBOX", str(inbox))
    mp.setenv("REGWH_WAREHOUSE", str(db))
    from dagster_project.runner import execute_job

    assert execute_job().success


def _serving(db, sql, params=None):
    with duckdb.connect(str(paths.serving_path(db)), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def _history(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT kpi, period, unit_code, value, published_at, run_id "
                           "FROM history.kpi_published ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, dbt_manifest):
    """Run 1: P1 P2 P3 of BT01 in the 2021-12-31 roster; P3 (大专 法学) is not qualified, so
    BT01 and ALL have 2 of 3 qualified. Run 2: the office sends the same snapshot again with P3's
    major corrected to 安全工程: 3 of 3. Run 3: the serving copy is lost and rebuilt from the
    same inputs: nothing changes."""
    base = tmp_path_factory.mktemp("restatements")
    inbox, db = base / "inbox", base / "wh.duckdb"
    inbox.mkdir()
    mp = pytest.MonkeyPatch()
    write_csv(inbox / "units_20210131.csv", UNITS,
              [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师阿拉尔市应急管理局", "师市", "BT00"]])
    write_csv(inbox / "majors_20200101.csv", ["专业名称", "是否安全相关"], [["安全工程", "是"], ["法学", "否"]])
    write_csv(inbox / "roster_20211231.csv", ROSTER, [_roster_row(p) for p in ("P1", "P2", "P3")])
    _run(inbox, db, mp)
    first = _history(db)
    assert PEOPLE["P3"][5] == "法学"
    corrected = _roster_row("P3")
    corrected[ROSTER.index("所学专业")] = "安全工程"
    write_csv(inbox / "roster_20211231.csv", ROSTER, [_roster_row("P1"), _roster_row("P2"), corrected])
    _run(inbox, db, mp)
    second = _history(db)
    restatements = _serving(db, "SELECT * FROM marts.kpi_restatements")
    paths.serving_path(db).unlink()
    _run(inbox, db, mp)
    mp.undo()
    return db, first, second, restatements


def test_first_publication_records_every_figure_once(runs):
    db, first, _, _ = runs
    keys = sorted((k, p, u, v) for k, p, u, v, _, _ in first)
    # At 2021-12-31 BT01: P1 (3.99 practical years) and P2 (1.5 + 395/365.25 = 2.58) qualified,
    # P3 (法学) not; BT00 has nobody, so no ratio. P2, hired after 2020-11-23 with no induction
    # record and 395 days since hire, is overdue: 0 of 1. Refresher 2021: P1 P2 P3 in scope, none
    # compliant. Year 2021 (now = 2021-12-31): no conflicts, six zeros.
    assert keys == sorted([
        ("professional_officers_in_post", "2021-12-31", "ALL", 3.0),
        ("professional_officers_in_post", "2021-12-31", "BT00", 0.0),
        ("professional_officers_in_post", "2021-12-31", "BT01", 3.0),
        ("professional_qualified_officers", "2021-12-31", "ALL", 2.0),
        ("professional_qualified_officers", "2021-12-31", "BT00", 0.0),
        ("professional_qualified_officers", "2021-12-31", "BT01", 2.0),
        ("professional_qualified_ratio", "2021-12-31", "ALL", 2 / 3),
        ("professional_qualified_ratio", "2021-12-31", "BT01", 2 / 3),
        ("induction_completion_rate", "2021-12-31", "ALL", 0.0),
        ("induction_completion_rate", "2021-12-31", "BT01", 0.0),
        ("refresher_completion_rate", "2021", "ALL", 0.0),
        ("refresher_completion_rate", "2021", "BT01", 0.0),
        ("body_conflicts", "2021", "ALL", 0.0),
        *[(f"body_conflicts_{t}", "2021", "ALL", 0.0) for t in (
            "no_designated_body", "non_designated_body", "multiple_bodies", "duplicate_inspection",
            "non_designated_penalty")],
    ])
    assert len({(r[4], r[5]) for r in first}) == 1  # one publication, one run


def test_correction_appends_only_the_changed_figures(runs):
    _, first, second, _ = runs
    added = sorted((k, p, u, v) for k, p, u, v, _, _ in set(second) - set(first))
    assert added == [
        ("professional_qualified_officers", "2021-12-31", "ALL", 3.0),
        ("professional_qualified_officers", "2021-12-31", "BT01", 3.0),
        ("professional_qualified_ratio", "2021-12-31", "ALL", 1.0),
        ("professional_qualified_ratio", "2021-12-31", "BT01", 1.0),
    ]
    assert set(first) <= set(second)


def test_restatement_log_of_the_correction(runs):
    db, first, second, shown_by_run_2 = runs
    published_1 = first[0][4]
    published_2 = max(r[4] for r in second)
    assert published_2 > published_1
    rows = _serving(db, "SELECT kpi, period, unit_code, value_before, value_after, "
                        "published_before_at, restated_at, caused_by_files "
                        "FROM marts.kpi_restatements ORDER BY kpi, unit_code")
    assert rows == [
        ("professional_qualified_officers", "2021-12-31", "ALL", 2.0, 3.0, published_1, published_2,
         "roster_20211231.csv"),
        ("professional_qualified_officers", "2021-12-31", "BT01", 2.0, 3.0, published_1, published_2,
         "roster_20211231.csv"),
        ("professional_qualified_ratio", "2021-12-31", "ALL", 2 / 3, 1.0, published_1, published_2,
         "roster_20211231.csv"),
        ("professional_qualified_ratio", "2021-12-31", "BT01", 2 / 3, 1.0, published_1, published_2,
         "roster_20211231.csv"),
    ]
    # The run that made the change showed it already, with the same times.
    assert sorted(r[:8] for r in shown_by_run_2) == rows


def test_rebuild_with_no_change_adds_no_history(runs):
    db, _, second, _ = runs
    assert paths.serving_path(db).exists()  # run 3 did rebuild and publish it
    assert _history(db) == second


def test_figure_as_known_at_an_earlier_time(runs):
    db, first, second, _ = runs
    published_1, published_2 = first[0][4], max(r[4] for r in second)
    between = published_1 + (published_2 - published_1) / 2

    def known(at):
        return _serving(db, AS_KNOWN_AT, {"as_known_at": at, "kpi": "professional_qualified_ratio",
                                          "period": "2021-12-31"})

    assert known(published_1 - dt.timedelta(seconds=1)) == []
    assert known(between) == [("professional_qualified_ratio", "2021-12-31", "ALL", 2 / 3, published_1),
                              ("professional_qualified_ratio", "2021-12-31", "BT01", 2 / 3, published_1)]
    assert known(published_2) == [("professional_qualified_ratio", "2021-12-31", "ALL", 1.0, published_2),
                                  ("professional_qualified_ratio", "2021-12-31", "BT01", 1.0, published_2)]


def test_publishing_the_same_build_twice_appends_once(tmp_path):
    from dagster_project import publish
    from dagster_project.ingest.schema import create_raw_tables

    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        create_raw_tables(con)
        con.execute("CREATE SCHEMA intermediate")
        con.execute("CREATE TABLE intermediate.int_kpi_unpublished AS SELECT * FROM (VALUES "
                    "('penalty_cases', '2022-01', 'B1', 4.0, TIMESTAMP '2022-02-01 08:00:00', 7), "
                    "('penalty_cases', '2022-01', 'ALL', NULL, TIMESTAMP '2022-02-01 08:00:00', 7)) "
                    "AS t(kpi, period, unit_code, value, computed_at, last_load_seq)")
        assert publish.record_publication(con, "run-1") == 2
        assert publish.record_publication(con, "run-2") == 0
        assert con.execute("SELECT unit_code, value, run_id, last_load_seq FROM history.kpi_published "
                           "ORDER BY unit_code").fetchall() == [("ALL", None, "run-1", 7),
                                                                ("B1", 4.0, "run-1", 7)]
        assert con.execute(f"SELECT run_id FROM {publish.STATE_SCHEMA}.last_build").fetchall() == [("run-2",)]


def test_history_is_not_appended_when_the_build_cannot_be_recorded(tmp_path, monkeypatch):
    from dagster_project import publish
    from dagster_project.ingest.schema import create_raw_tables

    def fails():
        raise OSError("dbt folder unreadable")

    monkeypatch.setattr(publish, "build_code_signature", fails)
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        create_raw_tables(con)
        con.execute("CREATE SCHEMA intermediate")
        con.execute("CREATE TABLE intermediate.int_kpi_unpublished AS SELECT 'penalty_cases' AS kpi, "
                    "'2022-01' AS period, 'B1' AS unit_code, 4.0::DOUBLE AS value, "
                    "TIMESTAMP '2022-02-01 08:00:00' AS computed_at, 7::BIGINT AS last_load_seq")
        with pytest.raises(OSError):
            publish.record_publication(con, "run-1")
        assert con.execute("SELECT count(*) FROM history.kpi_published").fetchone() == (0,)
