"""The rerun that finds nothing new (dagster_project/no_change.py): recorded without the job,
exactly as the job would record it; anything new sends the run to the job."""
from __future__ import annotations

import duckdb
import pytest

from dagster_project import paths, publish
from dagster_project.no_change import record_unchanged_rerun
from ingest_helpers import TRAINING, UNITS, ingest, query, table_snapshot, write_csv

UNIT_ROWS = [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师阿拉尔市应急管理局", "师市", "BT00"]]
TRAINING_ROWS = [["T1", "P1", "复训", "2021-03-01", "2021-03-12", "合格"]]


@pytest.fixture
def built(tmp_path):
    """An inbox of two good files and a misnamed one, loaded, with a recorded complete build."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    write_csv(inbox / "training_20210131.csv", TRAINING, TRAINING_ROWS)
    write_csv(inbox / "人员名单.csv", UNITS, UNIT_ROWS)
    db = tmp_path / "wh.duckdb"
    ingest(db, inbox, run_id="first")
    with duckdb.connect(str(db)) as con:
        publish.record_build(con, "first")
    for published in paths.published_files(db):
        published.parent.mkdir(exist_ok=True)
        published.write_bytes(b"")  # only their existence is looked at
    return inbox, db


def manifest_of(db, run_id):
    return query(db, "SELECT file_name, status, load_seq FROM audit.load_manifest WHERE run_id = ? "
                     "ORDER BY file_name", [run_id])


def test_unchanged_inbox_recorded_like_the_job_would(built):
    inbox, db = built
    before = table_snapshot(db)
    run_id = record_unchanged_rerun(inbox, db)
    assert run_id is not None
    assert manifest_of(db, run_id) == [
        ("training_20210131.csv", "unchanged", None),
        ("units_20210131.csv", "unchanged", None),
        ("人员名单.csv", "refused", None),
    ]
    after = table_snapshot(db)
    assert {k: v for k, v in after.items() if k != "audit.load_manifest"} == \
        {k: v for k, v in before.items() if k != "audit.load_manifest"}


def test_changed_file_goes_to_the_job_and_writes_nothing(built):
    inbox, db = built
    write_csv(inbox / "training_20210131.csv", TRAINING, TRAINING_ROWS + [
        ["T2", "P1", "复训", "2021-04-01", "2021-04-12", "合格"]])
    before = table_snapshot(db)
    assert record_unchanged_rerun(inbox, db) is None
    assert table_snapshot(db) == before


def test_new_file_goes_to_the_job(built):
    inbox, db = built
    write_csv(inbox / "units_20210228.csv", UNITS, UNIT_ROWS)
    assert record_unchanged_rerun(inbox, db) is None


@pytest.mark.parametrize("missing", ["build record", "serving copy", "restricted copy", "dbt docs"])
def test_no_current_build_goes_to_the_job(built, missing):
    inbox, db = built
    if missing == "build record":
        with duckdb.connect(str(db)) as con:
            con.execute(f"DROP TABLE {publish.STATE_SCHEMA}.last_build")
    else:
        serving, restricted, docs = paths.published_files(db)
        {"serving copy": serving, "restricted copy": restricted, "dbt docs": docs}[missing].unlink()
    assert record_unchanged_rerun(inbox, db) is None


def test_no_warehouse_goes_to_the_job(tmp_path):
    assert record_unchanged_rerun(tmp_path, tmp_path / "absent.duckdb") is None


def test_file_changed_after_the_check_leaves_the_rerun_unrecorded(built, monkeypatch):
    inbox, db = built
    from dagster_project import no_change

    write_csv(inbox / "training_20210131.csv", TRAINING, TRAINING_ROWS + [
        ["T2", "P1", "复训", "2021-04-01", "2021-04-12", "合格"]])
    monkeypatch.setattr(no_change, "_everything_loaded", lambda con, inbox: True)  # the race
    before = table_snapshot(db)
    assert record_unchanged_rerun(inbox, db) is None
    assert table_snapshot(db) == before
