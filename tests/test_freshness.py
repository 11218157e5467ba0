"""Source freshness (issue 13): each contract's cadence, the due date dbt derives from the latest
loaded extract (marts.dq_source_freshness), and who reads it against today's date: the Dagster
freshness checks, the no-change rerun's record in the instance, `regwh status`."""
from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
import pytest

from dagster_project.contracts import load_contracts
from dagster_project.defs.freshness import check_evaluation
from dagster_project.freshness import overdue_sources, source_freshness
from dbt_harness import insert_rows, make_warehouse, query, run_dbt


def test_every_contract_declares_a_cadence():
    cadences = {source: c.cadence for source, c in load_contracts().items()}
    assert cadences["roster"] == "monthly"
    assert {cadences[s] for s in ("training", "random_tasks", "inspections", "inspection_staff",
                                  "penalties")} == {"weekly"}
    assert cadences["calendar"] == "as_needed"  # optional, with a fallback: never overdue
    assert load_contracts()["roster"].expected_every_days == 31


def test_source_contracts_are_written_once_and_mended_when_they_differ(tmp_path):
    from dagster_project.ingest.schema import create_raw_tables

    def table_oid(con):
        return con.execute("SELECT table_oid FROM duckdb_tables() "
                           "WHERE schema_name = 'audit' AND table_name = 'source_contracts'").fetchone()[0]

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        create_raw_tables(con)
        first = table_oid(con)
        create_raw_tables(con)  # what every load_source does: the same rows, no rewrite
        assert table_oid(con) == first
        con.execute("UPDATE audit.source_contracts SET cadence = 'yearly' WHERE source = 'roster'")
        create_raw_tables(con)
        assert con.execute("SELECT cadence, expected_every_days FROM audit.source_contracts "
                           "WHERE source = 'roster'").fetchone() == ("monthly", 31)
        assert table_oid(con) != first


@pytest.fixture(scope="module")
def freshness_db(tmp_path_factory):
    db = make_warehouse(tmp_path_factory.mktemp("freshness"))
    loaded = [
        ("roster_20240131.xlsx", "roster", "2024-01-31", "loaded", 1),
        ("roster_20240331.xlsx", "roster", "2024-03-31", "loaded", 2),
        # the same date re-delivered: the later file is the one of that date
        ("roster_20240331.csv", "roster", "2024-03-31", "loaded", 5),
        # an unchanged rerun row and a refused file say nothing about what arrived
        ("roster_20240331.csv", "roster", "2024-03-31", "unchanged", None),
        ("roster_20240630.csv", "roster", "2024-06-30", "refused", None),
        ("penalties_20240325.csv", "penalties", "2024-03-25", "loaded", 3),
        ("calendar_20231215.xlsx", "calendar", "2023-12-15", "loaded", 4),
    ]
    insert_rows(db, "audit.load_manifest", [
        {"file_name": f, "source": s, "extract_date": d, "status": st, "load_seq": seq,
         "loaded_at": f"{d} 12:00:00"} for f, s, d, st, seq in loaded])
    run_dbt(db, ["build", "--select", "dq_source_freshness"])
    return db


def test_due_date_is_the_latest_loaded_extract_plus_the_cadence(freshness_db):
    rows = {r[0]: r[1:] for r in query(freshness_db, """
        select source, files_loaded, last_extract_date, last_file_name, next_due_date,
               schedule_status
        from marts.dq_source_freshness""")}
    assert len(rows) == len(load_contracts())
    # 2024-03-31 + 31 days; three roster files loaded (the refused one is not)
    assert rows["roster"] == (3, dt.date(2024, 3, 31), "roster_20240331.csv", dt.date(2024, 5, 1),
                              "scheduled")
    assert rows["penalties"] == (1, dt.date(2024, 3, 25), "penalties_20240325.csv",
                                 dt.date(2024, 4, 1), "scheduled")
    assert rows["training"] == (0, None, None, None, "never_loaded")
    assert rows["calendar"] == (1, dt.date(2023, 12, 15), "calendar_20231215.xlsx", None,
                                "as_needed")


def test_overdue_means_past_the_due_date_on_the_day_asked(freshness_db):
    never = {s for s, c in load_contracts().items()
             if c.cadence != "as_needed" and s not in ("roster", "penalties")}
    with duckdb.connect(str(freshness_db), read_only=True) as con:
        on_due_day = {s.source for s in overdue_sources(con, dt.date(2024, 4, 1))}
        day_after = {s.source for s in overdue_sources(con, dt.date(2024, 4, 2))}
        much_later = {s.source for s in overdue_sources(con, dt.date(2025, 1, 1))}
        roster = next(s for s in source_freshness(con, dt.date(2024, 4, 2)) if s.source == "roster")
    assert on_due_day == never  # due *by* 2024-04-01: not yet overdue that day
    assert day_after == never | {"penalties"}
    assert much_later == never | {"penalties", "roster"}  # the calendar is never due
    assert not roster.overdue and "2024-05-01" in roster.line()


def test_freshness_check_is_a_warning_with_the_due_date(freshness_db):
    with duckdb.connect(str(freshness_db), read_only=True) as con:
        penalties = next(s for s in source_freshness(con, dt.date(2024, 4, 2))
                         if s.source == "penalties")
    fields = check_evaluation(penalties, dt.date(2024, 4, 2))
    result = dg.AssetCheckResult(**fields)
    assert result.asset_key == dg.AssetKey(["raw", "penalties"])
    assert (result.check_name, result.passed, result.severity) == (
        "freshness", False, dg.AssetCheckSeverity.WARN)
    assert result.metadata["next_due_date"].value == "2024-04-01"


def test_before_the_first_build_nothing_is_reported():
    with duckdb.connect() as con:
        assert source_freshness(con, dt.date(2024, 1, 1)) == []


def test_no_change_rerun_leaves_its_trace_in_the_instance(tmp_path):
    from dagster_project import paths, publish, runner
    from dagster_project.no_change import record_unchanged_rerun
    from ingest_helpers import UNITS, ingest, write_csv

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "units_20210131.csv", UNITS, [["BT00", "兵团应急管理局", "兵团", ""]])
    db = tmp_path / "wh.duckdb"
    ingest(db, inbox, run_id="first")
    run_dbt(db, ["build", "--select", "dq_source_freshness"])
    with duckdb.connect(str(db)) as con:
        publish.record_build(con, "first")
    for published in paths.published_files(db):
        published.parent.mkdir(exist_ok=True)
        published.write_bytes(b"")  # only their existence is looked at
    run_id = record_unchanged_rerun(inbox, db)
    assert run_id is not None

    runner.record_no_change_in_instance(run_id, db)

    instance = runner.instance()
    observation = instance.fetch_observations(dg.AssetKey(["audit", "load_manifest"]), limit=1)
    [record] = observation.records
    metadata = record.asset_observation.metadata
    assert metadata["run_id"].value == run_id and metadata["files_unchanged"].value == 1
    history = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey(["raw", "units"]), "freshness"), limit=1)
    evaluation = history[0].event.dagster_event.event_specific_data
    # units are yearly: 2021-01-31 + 366 days is long past
    assert not evaluation.passed
    assert evaluation.metadata["next_due_date"].value == "2022-02-01"
