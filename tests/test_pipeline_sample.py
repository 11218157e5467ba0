"""`regwh run` on the bundled sample_data/ through Dagster: every row accounted for, every check
passing, and a second run changing nothing."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import duckdb
import pytest

from dagster_project import paths
from dagster_project.contracts import load_contracts
from dagster_project.ingest.read import decode

TABLES_TO_COMPARE = ("marts.kpi_professional_ratio", "marts.training_induction_status",
                     "marts.inspection_checks", "marts.penalty_checks", "audit.rejects", "audit.orphans")


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, dbt_manifest):
    base = tmp_path_factory.mktemp("sample")
    db = base / "wh.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("REGWH_INBOX", str(paths.DEFAULT_INBOX))
    mp.setenv("REGWH_WAREHOUSE", str(db))
    from dagster_project.runner import execute_job

    result = execute_job()
    mp.undo()
    return db, result


def _rows(db: Path, table: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(f"SELECT * EXCLUDE (loaded_at) FROM {table}" if table.endswith("manifest")
                                  else f"SELECT * FROM {table}").fetchall(), key=repr)


def test_run_succeeds_with_every_check_passing(sample_run):
    _, result = sample_run
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    # sample_data ends in 2024: today every scheduled source is overdue, a warning (freshness)
    assert [f for f in failed if f[1] != "freshness"] == []
    assert sorted(key for key, _ in failed) == sorted(
        f"raw/{source}" for source, contract in load_contracts().items()
        if contract.cadence != "as_needed")
    accounting = [e for e in evaluations if e.check_name == "load_accounting"]
    assert len(accounting) == 11


def test_every_row_accounted_for(sample_run):
    db, result = sample_run
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = dict(con.execute("SELECT status, count(*) FROM audit.load_manifest GROUP BY 1").fetchall())
        read, loaded, rejected = con.execute(
            "SELECT sum(rows_read), sum(rows_loaded), sum(rows_rejected) FROM audit.load_manifest "
            "WHERE status = 'loaded'").fetchone()
        refused = con.execute("SELECT file_name FROM audit.load_manifest WHERE status = 'refused'").fetchall()
        raw_rows = sum(con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'").fetchall())
        reject_rows = con.execute("SELECT count(DISTINCT (file_name, row_number)) FROM audit.rejects").fetchone()[0]
    files = [p for p in paths.DEFAULT_INBOX.iterdir() if p.is_file()]
    assert statuses == {"loaded": len(files) - 1, "refused": 1}
    assert refused == [("人员名单_最终版.xlsx",)]
    assert read == loaded + rejected and rejected > 0
    assert (raw_rows, reject_rows) == (loaded, rejected)


def test_names_only_in_the_restricted_copy(sample_run):
    db, _ = sample_run
    with duckdb.connect(str(db), read_only=True) as con:
        people = con.execute("SELECT count(DISTINCT person_id) FROM raw.roster").fetchone()[0]
    with duckdb.connect(str(paths.serving_path(db)), read_only=True) as con:
        assert not con.execute("SELECT count(*) FROM information_schema.columns WHERE "
                               "table_schema = 'restricted' OR column_name IN "
                               "('full_name', 'id_number')").fetchone()[0]
    with duckdb.connect(str(paths.restricted_path(db)), read_only=True) as con:
        count, named = con.execute("SELECT count(*), count(full_name) "
                                   "FROM restricted.officer_identity").fetchone()
    assert count == named == people > 0


def test_second_run_changes_nothing(sample_run, tmp_path):
    db, _ = sample_run
    copy = tmp_path / "again.duckdb"
    shutil.copy(db, copy)
    before = {t: _rows(copy, t) for t in TABLES_TO_COMPARE}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("regwh")), "run", "--inbox", str(paths.DEFAULT_INBOX),
         "--warehouse", str(copy)],
        capture_output=True, text=True, env={**os.environ, "REGWH_PROGRESS": ""},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = len([p for p in paths.DEFAULT_INBOX.iterdir() if p.is_file()])
    assert f"files: 0 loaded, {files - 1} unchanged, 1 refused, 0 ambiguous" in done.stdout
    assert "rows: 0 read, 0 loaded, 0 rejected" in done.stdout
    assert {t: _rows(copy, t) for t in TABLES_TO_COMPARE} == before


def test_drilldowns_add_up_to_the_kpi_and_name_real_file_rows(sample_run):
    db, _ = sample_run
    with duckdb.connect(str(paths.serving_path(db)), read_only=True) as con:
        mismatches = con.execute("""
            SELECT k.as_of_date, k.unit_code, k.officers_in_post, k.qualified_officers,
                   count(d.person_id) FILTER (WHERE d.counted_in_ratio),
                   count(d.person_id) FILTER (WHERE d.is_qualified)
            FROM marts.kpi_professional_ratio k
            LEFT JOIN marts.staff_ratio_drilldown d USING (as_of_date, unit_code)
            WHERE k.unit_code <> 'ALL'
            GROUP BY ALL
            HAVING k.officers_in_post <> count(d.person_id) FILTER (WHERE d.counted_in_ratio)
                OR k.qualified_officers <> count(d.person_id) FILTER (WHERE d.is_qualified)
            """).fetchall()
        compared, qualified = con.execute(
            "SELECT count(*), sum(qualified_officers) FROM marts.kpi_professional_ratio "
            "WHERE unit_code <> 'ALL'").fetchone()
        # the officers behind one unit-month, each traced to its line of a roster CSV
        traced = con.execute("""
            SELECT person_id, source_file, source_row_number FROM marts.staff_ratio_drilldown
            WHERE source_file LIKE 'roster_%.csv' AND counted_in_ratio
            ORDER BY as_of_date DESC, unit_code, person_id LIMIT 20""").fetchall()
        cases = con.execute("""
            SELECT case_no, source_file, source_row_number FROM marts.penalty_checks
            WHERE source_file LIKE '%.csv' ORDER BY case_no LIMIT 20""").fetchall()
    assert mismatches == []
    assert compared > 100 and qualified > 0
    assert len(traced) == 20 and len(cases) == 20
    for key, file_name, row_number in traced + cases:
        # row 1 is the header, as in Excel; csv records, so a quoted line break is one row. The
        # ingest stores text NFKC-normalised (（一师） → (一师)), so the cells are compared so.
        rows = list(csv.reader(io.StringIO(decode((paths.DEFAULT_INBOX / file_name).read_bytes()))))
        cells = [unicodedata.normalize("NFKC", cell).strip() for cell in rows[row_number - 1]]
        assert key in cells, (file_name, row_number, key)
