"""The second dbt target (issue 17, docs/scale-out.md): the same dbt project built on Spark
(dbt-spark session method, local mode, in this process) from the Parquet export of a DuckDB
build's sources gives every analyst-contract table of `marts` row for row as DuckDB does.

A tiny generated inbox goes through the normal pipeline (DuckDB), then `spark_build` exports its
sources and builds on Spark; one Spark session for the module. Without Java this FAILS, on
purpose: CI must not pass a target it never built.
"""
from __future__ import annotations

import datetime as dt
import decimal
import math

import duckdb
import pytest

SCALE = 0.02  # the generator's smallest sensible inbox: every source, a few dozen officers
# rules.md "The analyst contract".
CONTRACT_TABLES = [
    "kpi_professional_ratio",
    "training_induction_status",
    "training_refresher_status",
    "inspection_checks",
    "enforcement_body_conflicts",
    "supervision_frequency",
    "penalty_checks",
    "penalty_monthly",
]


@pytest.fixture(scope="module")
def duckdb_build(tmp_path_factory, dbt_manifest):
    from dagster_project.generate import generate
    from dagster_project.runner import execute_job

    base = tmp_path_factory.mktemp("spark_target")
    inbox = base / "inbox"
    generate(SCALE, inbox, seed=3)
    db = base / "wh.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("REGWH_INBOX", str(inbox))
    mp.setenv("REGWH_WAREHOUSE", str(db))
    try:
        result = execute_job()
    finally:
        mp.undo()
    assert result.success, "the DuckDB build of the generated inbox failed"
    return db


@pytest.fixture(scope="module")
def spark(duckdb_build, tmp_path_factory):
    from dagster_project.spark_build import java_missing, spark_build

    if java_missing():
        pytest.fail("java 未安装 / java not found: run scripts/install_java.sh (the Spark target "
                    "needs Java 17+)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.fail("pyspark missing: uv sync --frozen --python python3.11 --group spark")
    out = tmp_path_factory.mktemp("spark_build")
    mp = pytest.MonkeyPatch()
    mp.setenv("REGWH_SPARK_DIR", str(out / "spark"))
    try:
        # models only: dbt's data tests pass on Spark too (`regwh spark-build --with-tests`,
        # docs/scale-out.md) but would add ≈ 40 s to a test kept under 4 minutes
        spark_build(duckdb_build, out)
        # dbt-spark's session: the process-wide one (dbt ran its models on other threads).
        session = SparkSession.builder.getOrCreate()
        yield session
        session.stop()
    finally:
        mp.undo()


def _value(v):
    """Python value comparable across the engines: decimals by value, floats rounded for the
    sort (compared to 1e-9 afterwards), lists as tuples."""
    if isinstance(v, decimal.Decimal):
        return v.normalize()
    if isinstance(v, list):
        return tuple(_value(x) for x in v)
    return v


def _sort_key(row):
    return tuple((x is None, repr(round(x, 6) if isinstance(x, float) else x)) for x in row)


def _rows(rows) -> list[tuple]:
    return sorted((tuple(_value(x) for x in row) for row in rows), key=_sort_key)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _assert_equal(duckdb_build, spark, table):
    with duckdb.connect(str(duckdb_build), read_only=True) as con:
        relation = con.sql(f"select * from marts.{table}")
        columns = relation.columns
        expected = _rows(relation.fetchall())
    spark_columns = spark.table(f"marts.{table}").columns
    assert sorted(spark_columns) == sorted(columns), f"{table}: columns differ"
    got = _rows(spark.table(f"marts.{table}").select(*[f"`{c}`" for c in columns]).collect())
    assert len(got) == len(expected), f"{table}: {len(got)} rows on Spark, {len(expected)} on DuckDB"
    for duck_row, spark_row in zip(expected, got):
        for column, d, s in zip(columns, duck_row, spark_row):
            assert _same(d, s), f"{table}.{column}: DuckDB {d!r}, Spark {s!r}\n{duck_row}\n{spark_row}"


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_contract_table_equals_duckdb(duckdb_build, spark, table):
    with duckdb.connect(str(duckdb_build), read_only=True) as con:
        (rows,) = con.sql(f"select count(*) from marts.{table}").fetchone()
    # A table empty on both engines would compare equal without checking any rule.
    assert rows > 0, f"{table} is empty: the generated inbox is too small"
    _assert_equal(duckdb_build, spark, table)


def test_every_other_mart_equals_duckdb(duckdb_build, spark):
    with duckdb.connect(str(duckdb_build), read_only=True) as con:
        marts = {r[0] for r in con.sql(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
    on_spark = {r.tableName for r in spark.sql("show tables in marts").collect()}
    # inspection_randomness too: a Python model on DuckDB, SQL on Spark (models/spark/)
    assert on_spark == marts
    for table in sorted(on_spark - set(CONTRACT_TABLES)):
        _assert_equal(duckdb_build, spark, table)


def test_value_normalisation_tells_differences_apart():
    # The comparison itself must be able to fail: a float off by 1e-6, a date a day later.
    assert _same(0.1 + 0.2, 0.3)
    assert not _same(1.0, 1.000001)
    assert not _same(dt.date(2024, 1, 1), dt.date(2024, 1, 2))
    assert _same(_value(decimal.Decimal("1.50")), _value(decimal.Decimal("1.5")))
    assert not _same(True, 1)


def test_export_writes_every_source_the_models_read(duckdb_build, tmp_path):
    from dagster_project.export_raw import export_raw, source_tables

    files = export_raw(duckdb_build, tmp_path)
    tables = source_tables()
    # 11 raw sources, load manifest and contracts, published KPIs, rejected rows (sources.md).
    assert len(tables) == 15
    assert {(f.parent.parent.name, f.parent.name) for f in files} == (
        set(tables) | {("reference", "calendar_library")})
    with duckdb.connect(str(duckdb_build), read_only=True) as con:
        for schema, name in tables:
            (expected,) = con.sql(f"select count(*) from {schema}.{name}").fetchone()
            (written,) = con.sql(f"select count(*) from '{tmp_path / schema / name}/*.parquet'").fetchone()
            assert written == expected, f"{schema}.{name}"
        (rejected,) = con.sql("select count(*) from quarantine.rejected_rows").fetchone()
        assert rejected > 0
        columns = con.sql(f"select * from '{tmp_path}/quarantine/rejected_rows/*.parquet'").columns
    # Whole rejected rows carry names and ID numbers; no model reads them.
    assert "cells" not in columns and "record_key" in columns


def test_spark_build_without_java_says_how_to_install_it(monkeypatch, tmp_path):
    from dagster_project import spark_build as module

    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(module.SparkBuildFailed, match="scripts/install_java.sh"):
        module.spark_build(tmp_path / "none.duckdb", tmp_path / "out")


def test_great_expectations_imports_beside_pyspark_in_a_python_c_process():
    # Great Expectations imports pyspark.sql.connect; without its connect extras pyspark then
    # sys.exit(0)s any `python -c` process (it takes one for a doctest run): the crash test's
    # pipeline died silently that way. pyspark[connect] in the spark group keeps it importable.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-W", "ignore", "-c",
                           "import great_expectations; print('imported')"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "imported", done.stderr[-2000:]
