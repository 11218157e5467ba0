"""Quality suites (dagster_project/quality) on a small hand-made warehouse.

Good marts pass every suite; each kind of damage leadership must never see (a ratio above 1, an
ALL row that does not add up, two induction statuses for one officer, a name column in marts, a
mart that triples, a rejected ID number kept in audit) fails its own suite and only that one.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.defs.quality import CHECK_RESULTS_KEY, quality_assets
from dagster_project.quality import SUITES
from dagster_project.quality.runner import run_quality
from dagster_project.resources import Warehouse

ALL_SUITES = {s.name for s in SUITES}

GOOD_MARTS = """
CREATE SCHEMA marts;
CREATE SCHEMA audit;
CREATE TABLE marts.policy_parameters AS SELECT * FROM (VALUES
    ('policy_effective_date', '2020-11-23', ''), ('professional_target_ratio', '0.75', ''),
    ('induction_min_days', '90', ''), ('induction_grace_days', '180', ''),
    ('refresher_min_days', '14', ''), ('min_officers_per_inspection', '2', '')
) t(parameter, value, description);

-- R1: XJ 3/4 meets the target; D1 7/10 is 1 short (⌈7.5⌉ − 7); D2 has nobody in post.
CREATE TABLE marts.kpi_professional_ratio AS SELECT
    CAST(as_of_date AS DATE) AS as_of_date, unit_code, officers_in_post, qualified_officers,
    CASE WHEN officers_in_post > 0 THEN qualified_officers / officers_in_post END AS qualified_ratio,
    0.75 AS target_ratio,
    CASE WHEN officers_in_post > 0 THEN qualified_officers / officers_in_post >= 0.75 END
        AS meets_target,
    people_gap
FROM (VALUES
    ('2024-01-31', 'XJ', 4, 3, 0), ('2024-01-31', 'D1', 10, 7, 1), ('2024-01-31', 'D2', 0, 0, 0),
    ('2024-01-31', 'ALL', 14, 10, 1),
    ('2024-02-29', 'XJ', 4, 4, 0), ('2024-02-29', 'D1', 12, 9, 0), ('2024-02-29', 'D2', 1, 0, 1),
    ('2024-02-29', 'ALL', 17, 13, 0)
) t(as_of_date, unit_code, officers_in_post, qualified_officers, people_gap);

CREATE TABLE marts.training_induction_status AS SELECT
    CAST(as_of_date AS DATE) AS as_of_date, person_id, unit_code, CAST(hire_date AS DATE) AS hire_date,
    induction_days, status
FROM (VALUES
    ('2024-01-31', 'P1', 'XJ', '2021-01-10', 95, 'compliant'),
    ('2024-01-31', 'P2', 'D1', '2023-12-01', 30, 'in_progress'),
    ('2024-01-31', 'P3', 'D1', '2023-01-01', 10, 'overdue'),
    ('2024-01-31', 'P4', 'D1', '2019-05-01', 0, 'not_required'),
    ('2024-02-29', 'P1', 'XJ', '2021-01-10', 95, 'compliant')
) t(as_of_date, person_id, unit_code, hire_date, induction_days, status);

CREATE TABLE marts.training_refresher_status AS SELECT * FROM (VALUES
    (2023, 'P1', 'XJ', 14, 'compliant'), (2023, 'P4', 'D1', 5, 'non_compliant'),
    (2024, 'P1', 'XJ', 3, 'pending')
) t(year, person_id, unit_code, refresher_days, status);

CREATE TABLE marts.inspection_checks AS SELECT
    inspection_id, inspection_mode, task_id, uscc, body_code, CAST(start_date AS DATE) AS start_date,
    CAST(end_date AS DATE) AS end_date, qualified_officers, team_valid, untrained_inspector,
    CAST(publicity_deadline AS DATE) AS publicity_deadline, publicity_status
FROM (VALUES
    ('I1', 'double_random', 'T1', 'E1', 'B1', '2023-03-01', '2023-03-02', 2, true, false,
     '2023-03-30', 'on_time'),
    ('I2', 'key', NULL, 'E1', 'B2', '2023-05-01', '2023-05-01', 1, false, true, NULL,
     'not_required')
) t(inspection_id, inspection_mode, task_id, uscc, body_code, start_date, end_date,
    qualified_officers, team_valid, untrained_inspector, publicity_deadline, publicity_status);

CREATE TABLE marts.penalty_checks AS SELECT
    case_no, body_code, CAST(decision_date AS DATE) AS decision_date, violation_code, circumstance,
    fine_amount, status, band_status, legal_review_status, publicity_status
FROM (VALUES
    ('C1', 'B1', '2023-04-01', 'V1', 'general', 5000.0, 'closed', 'within', 'ok', 'on_time'),
    ('C2', 'B2', '2023-06-01', 'V2', 'severe', 90000.0, 'revoked', 'above', 'not_required',
     'pending')
) t(case_no, body_code, decision_date, violation_code, circumstance, fine_amount, status,
    band_status, legal_review_status, publicity_status);

CREATE TABLE marts.enforcement_body_conflicts AS SELECT * FROM (VALUES
    (2023, 'E1', 'multiple_bodies', 'B1', 'B1,B2', 'I1,I2', ''),
    (2023, 'E2', 'no_designated_body', NULL, '', '', '')
) t(year, uscc, conflict_type, designated_body, bodies, inspection_ids, case_nos);

CREATE TABLE marts.supervision_frequency AS SELECT * FROM (VALUES
    (2023, 'E1', 'red', 3, 4, true), (2023, 'E2', 'blue', 0, 0, false)
) t(year, uscc, risk_level, inspections, required_inspections, under_inspected);

CREATE TABLE marts.penalty_monthly AS SELECT * FROM (VALUES
    (DATE '2023-04-01', 'B1', 'V1', 'general', 1, 5000.0, 5000.0),
    (DATE '2023-06-01', 'B2', 'V2', 'severe', 1, 90000.0, 90000.0)
) t(month, body_code, violation_code, circumstance, cases, fine_total, fine_median);

CREATE TABLE audit.rejects (load_seq BIGINT, file_name VARCHAR, source VARCHAR,
    extract_date DATE, row_number BIGINT, column_name VARCHAR, raw_value VARCHAR,
    reason_code VARCHAR, reason VARCHAR);
INSERT INTO audit.rejects VALUES
    (1, 'roster_20240131.xlsx', 'roster', DATE '2024-01-31', 5, 'hire_date', 'soon', 'type', 'not a date');
"""


def make_warehouse(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(GOOD_MARTS)
    return path


def run(db: Path, run_id: str, docs: Path | None = None):
    docs = docs or db.parent / "data_docs"
    with duckdb.connect(str(db)) as con:
        return {r.suite: r for r in run_quality(con, docs, run_id)}


def statuses(results) -> dict[str, str]:
    return {name: r.status for name, r in results.items()}


def failing(results) -> set[str]:
    return {name for name, r in results.items() if r.status != "passed"}


def damage(db: Path, sql: str) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute(sql)


@pytest.fixture
def db(tmp_path):
    return make_warehouse(tmp_path / "wh.duckdb")


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    """One run on the good warehouse (GX is slow to import; share it)."""
    tmp = tmp_path_factory.mktemp("good")
    db = make_warehouse(tmp / "wh.duckdb")
    cwd_before = set(Path.cwd().iterdir())
    started = time.perf_counter()
    results = run(db, "run-good")
    seconds = time.perf_counter() - started
    return db, results, seconds, cwd_before


def test_good_marts_pass_every_suite(good_run):
    db, results, seconds, _ = good_run
    assert set(results) == ALL_SUITES
    assert statuses(results) == {name: "passed" for name in ALL_SUITES}, {
        n: [(o.expectation, o.observed, o.details) for o in r.failed_expectations] or r.reason
        for n, r in results.items() if r.status != "passed"}
    assert all(r.passed > 0 and r.failed == 0 for r in results.values())
    print(f"run_quality on the fixture: {seconds:.2f}s")


def test_data_docs_and_audit_rows_written(good_run):
    db, results, _, cwd_before = good_run
    docs = db.parent / "data_docs"
    assert (docs / "index.html").is_file()
    summary = (docs / "summary.html").read_text(encoding="utf-8")
    assert "run-good" in summary and summary.count('<tr class="passed">') == len(ALL_SUITES)
    for r in results.values():
        assert r.docs_page is not None and r.docs_page.is_file(), r.suite
        assert r.docs_page.is_relative_to(docs)
    assert not [p for p in db.parent.iterdir() if p.name.startswith(".data_docs")]
    with duckdb.connect(str(db), read_only=True) as con:
        per_suite = dict(con.execute(
            "SELECT suite, count(*) FROM audit.check_results WHERE run_id = 'run-good' "
            "AND success GROUP BY suite").fetchall())
        assert set(per_suite) == ALL_SUITES
        assert con.execute("SELECT count(*) FROM audit.check_results WHERE NOT success"
                           ).fetchone()[0] == 0
        counts = dict(con.execute("SELECT table_name, row_count FROM audit.mart_row_counts "
                                  "WHERE run_id = 'run-good'").fetchall())
    assert counts["kpi_professional_ratio"] == 8 and counts["penalty_monthly"] == 2
    # GX wrote nothing into the working directory (the repository when tests run from it).
    assert set(Path.cwd().iterdir()) == cwd_before


def test_missing_marts_are_skipped_not_failed(tmp_path):
    db = tmp_path / "wh.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA marts; CREATE TABLE marts.supervision_frequency AS "
                    "SELECT 2023 AS year, 'E1' AS uscc, 'red' AS risk_level, 4 AS inspections, "
                    "4 AS required_inspections, false AS under_inspected")
    results = run(db, "run-1")
    assert results["supervision_frequency"].status == "passed"
    skipped = {n for n, r in results.items() if r.status == "skipped"}
    assert skipped == ALL_SUITES - {"supervision_frequency", "marts_no_pii", "mart_row_counts"}
    assert "does not exist yet" in results["kpi_professional_ratio"].reason
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT expectation, success, details FROM audit.check_results "
                           "WHERE suite = 'kpi_professional_ratio'").fetchall()
    assert rows == [("(suite skipped)", None, "marts.kpi_professional_ratio does not exist yet")]


def test_ratio_above_one_fails_kpi(db):
    damage(db, "UPDATE marts.kpi_professional_ratio SET qualified_ratio = 1.2 "
               "WHERE unit_code = 'XJ' AND as_of_date = DATE '2024-01-31'")
    results = run(db, "run-1")
    assert failing(results) == {"kpi_professional_ratio"}
    failed = {o.expectation.split("(")[0] + ":" + o.expectation.split("column=")[-1].split(",")[0]
              for o in results["kpi_professional_ratio"].failed_expectations}
    assert "expect_column_values_to_be_between:qualified_ratio" in failed
    between = next(o for o in results["kpi_professional_ratio"].failed_expectations
                   if "column=qualified_ratio" in o.expectation)
    assert between.observed.startswith("1 of 8 rows unexpected")
    rows = json.loads(between.details)["partial_unexpected_index_list"]
    assert rows == [{"qualified_ratio": 1.2, "as_of_date": "2024-01-31", "unit_code": "XJ"}]


def test_all_row_that_does_not_sum_fails_kpi(db):
    damage(db, "UPDATE marts.kpi_professional_ratio SET officers_in_post = 15, "
               "qualified_ratio = 10 / 15, people_gap = 2 "
               "WHERE unit_code = 'ALL' AND as_of_date = DATE '2024-01-31'")
    results = run(db, "run-1")
    assert failing(results) == {"kpi_professional_ratio"}
    failed = [o.expectation for o in results["kpi_professional_ratio"].failed_expectations]
    assert failed == ["expect_column_values_to_be_between(column=all_officers_diff, "
                      "max_value=0.0, min_value=0.0)"]


def test_missing_all_row_fails_kpi(db):
    damage(db, "DELETE FROM marts.kpi_professional_ratio WHERE unit_code = 'ALL' "
               "AND as_of_date = DATE '2024-02-29'")
    results = run(db, "run-1")
    failed = [o.expectation for o in results["kpi_professional_ratio"].failed_expectations]
    assert failed == ["expect_column_values_to_be_in_set(column=all_rows_for_date, value_set=1)"]


def test_duplicate_induction_status_fails_induction(db):
    damage(db, "INSERT INTO marts.training_induction_status VALUES "
               "(DATE '2024-01-31', 'P2', 'D1', DATE '2023-12-01', 30, 'overdue')")
    results = run(db, "run-1")
    assert failing(results) == {"training_induction_status"}
    failed = [o.expectation for o in results["training_induction_status"].failed_expectations]
    assert "expect_compound_columns_to_be_unique(column_list=as_of_date,person_id)" in failed


def test_unknown_status_fails(db):
    damage(db, "UPDATE marts.training_refresher_status SET status = 'done' WHERE year = 2024")
    results = run(db, "run-1")
    assert failing(results) == {"training_refresher_status"}


def test_pii_column_in_marts_fails(db):
    damage(db, "ALTER TABLE marts.training_induction_status ADD COLUMN full_name VARCHAR; "
               "CREATE TABLE marts.people AS SELECT 'P1' AS person_id, 'x' AS \"身份证号\"")
    results = run(db, "run-1")
    # marts.people also changes the row counts (a new mart passes: nothing to compare with)
    assert failing(results) == {"marts_no_pii"}
    outcomes = results["marts_no_pii"].failed_expectations
    assert len(outcomes) == 2
    found = {tuple(sorted(row.items())) for o in outcomes
             for row in json.loads(o.details)["partial_unexpected_index_list"]}
    assert (("column_name", "full_name"), ("column_name_lower", "full_name"),
            ("table_name", "training_induction_status")) in found
    assert (("column_name", "身份证号"), ("table_name", "people")) in found


def test_rejected_id_number_kept_in_audit_fails(db):
    # The ingest names the column by its header; a missing (blank) name keeps nothing: fine.
    damage(db, "INSERT INTO audit.rejects VALUES "
               "(1, 'roster_20240131.xlsx', 'roster', DATE '2024-01-31', 7, '身份证号', "
               "'65010119900101123X', 'bad_id_number', 'bad'), "
               "(1, 'roster_20240131.xlsx', 'roster', DATE '2024-01-31', 8, '姓名', NULL, "
               "'missing_required', 'blank'), "
               "(1, 'roster_20240131.xlsx', 'roster', DATE '2024-01-31', 9, '身份证号', "
               "'650***********1231', 'bad_id_number', 'masked by the ingest: fine')")
    results = run(db, "run-1")
    assert failing(results) == {"audit_no_pii_values"}
    (outcome,) = results["audit_no_pii_values"].failed_expectations
    assert outcome.observed.startswith("1 of 3 rows unexpected")
    assert json.loads(outcome.details)["partial_unexpected_index_list"] == [
        {"personal_value_kept": True, "file_name": "roster_20240131.xlsx", "row_number": 7,
         "column_name": "身份证号"}]
    # the ID number itself is not repeated in the results
    with duckdb.connect(str(db), read_only=True) as con:
        text = con.execute("SELECT string_agg(coalesce(observed, '') || coalesce(details, '')) "
                           "FROM audit.check_results").fetchone()[0]
    assert "65010119900101123X" not in text


def test_missing_contract_column_fails(db):
    damage(db, "ALTER TABLE marts.supervision_frequency DROP COLUMN under_inspected")
    results = run(db, "run-1")
    assert failing(results) == {"supervision_frequency"}
    (outcome,) = results["supervision_frequency"].failed_expectations
    assert outcome.expectation.startswith("expect_table_columns_to_match_set")


def test_row_count_band_against_previous_run(db):
    first = run(db, "run-1")
    assert first["mart_row_counts"].status == "passed"  # first run: nothing to compare with
    damage(db, "INSERT INTO marts.penalty_monthly SELECT * FROM marts.penalty_monthly; "
               "INSERT INTO marts.penalty_monthly SELECT * FROM marts.penalty_monthly LIMIT 2")
    second = run(db, "run-2")
    assert failing(second) == {"mart_row_counts"}
    (outcome,) = second["mart_row_counts"].failed_expectations
    assert "column=ratio" in outcome.expectation
    assert json.loads(outcome.details)["partial_unexpected_index_list"] == [
        {"ratio": 3.0, "table_name": "penalty_monthly"}]
    # a retry of run-2 compares with run-1 again, not with itself, and replaces its own rows
    again = run(db, "run-2")
    assert failing(again) == {"mart_row_counts"}
    # the next run compares with run-2: back within the band
    third = run(db, "run-3")
    assert failing(third) == set()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT run_id, count(*) FROM audit.mart_row_counts GROUP BY 1 "
                           "ORDER BY 1").fetchall() == [("run-1", 9), ("run-2", 9), ("run-3", 9)]
        assert con.execute("SELECT count(DISTINCT checked_at) FROM audit.check_results "
                           "WHERE run_id = 'run-2'").fetchone()[0] == 1


def test_dropped_mart_fails_row_counts(db):
    run(db, "run-1")
    damage(db, "DROP TABLE marts.penalty_monthly")
    results = run(db, "run-2")
    assert failing(results) == {"mart_row_counts"}


def test_docs_dir_that_is_not_data_docs_is_refused(db, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with duckdb.connect(str(db)) as con, pytest.raises(ValueError, match="not a Data Docs"):
        run_quality(con, other, "run-1")
    assert (other / "notes.txt").read_text() == "mine"


def test_dagster_checks_fail_without_failing_the_run(db):
    damage(db, "UPDATE marts.kpi_professional_ratio SET qualified_ratio = 1.2 "
               "WHERE unit_code = 'XJ' AND as_of_date = DATE '2024-01-31'; "
               "DROP TABLE marts.training_refresher_status")
    (asset,) = quality_assets([dg.AssetKey(["marts", "kpi_professional_ratio"])])
    assert asset.key == CHECK_RESULTS_KEY
    assert {k.name for k in asset.check_keys} == ALL_SUITES
    result = dg.materialize([asset], resources={"warehouse": Warehouse(database=str(db))})
    assert result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert "training_refresher_status" not in evaluations  # skipped: no evaluation
    assert set(evaluations) == ALL_SUITES - {"training_refresher_status"}
    kpi = evaluations["kpi_professional_ratio"]
    assert not kpi.passed and kpi.severity == dg.AssetCheckSeverity.ERROR
    assert kpi.metadata["expectations_failed"].value >= 1
    assert Path(kpi.metadata["data_docs"].value).is_file()
    assert all(e.passed for n, e in evaluations.items() if n != "kpi_professional_ratio")
    (materialization,) = result.asset_materializations_for_node(asset.op.name)
    assert materialization.metadata["suites_failed"].value == 1
    assert materialization.metadata["suites_skipped"].value == 1
    assert (db.parent / "data_docs" / "index.html").is_file()


def test_suite_frames_are_what_duckdb_df_gives():
    """frame_of fetches through Arrow; the frame (dtypes included) must be `.df()`'s."""
    import pandas as pd

    from dagster_project.quality.suites import frame_of

    con = duckdb.connect()
    sql = """SELECT * FROM (VALUES
        (DATE '2021-03-01', TIMESTAMP '2021-03-01 08:00:00', 1, NULL::INTEGER, NULL::BOOLEAN,
         CAST(12.34 AS DECIMAL(18, 2)), ['b', 'a'], 'x', 2.5, true),
        (NULL, NULL, 2, 7, true, NULL, [], NULL, NULL, false))
        AS t(d, ts, n, n_null, b_null, amount, codes, s, f, b)"""
    expected = con.execute(sql).df()
    got = frame_of(con, sql)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert str(got["n_null"].dtype) == "Int32" and str(got["b_null"].dtype) == "boolean"
