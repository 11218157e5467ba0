"""DDL of the schemas the ingest writes: `raw` (one table per contract) and `audit`, and of the
KPI history the serving step appends to (created here so that dbt finds it as a source on the
first build)."""
from __future__ import annotations

import duckdb

from dagster_project.contracts import load_contracts

AUDIT_DDL = (
    "CREATE SCHEMA IF NOT EXISTS audit",
    """CREATE TABLE IF NOT EXISTS audit.load_manifest (
        run_id VARCHAR, load_seq BIGINT, file_name VARCHAR, source VARCHAR, extract_date DATE,
        content_hash VARCHAR, status VARCHAR, rows_read BIGINT, rows_loaded BIGINT,
        rows_rejected BIGINT, message VARCHAR, loaded_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS audit.rejects (
        load_seq BIGINT, file_name VARCHAR, source VARCHAR, extract_date DATE,
        row_number BIGINT, column_name VARCHAR, raw_value VARCHAR, reason_code VARCHAR,
        reason VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS audit.orphans (
        source VARCHAR, record_key VARCHAR, reference_column VARCHAR, reference_value VARCHAR,
        referenced_source VARCHAR, file_name VARCHAR)""",
)


# Every rejected row whole, as read (unmasked: names and ID numbers included), so that nothing a
# clerk sent is lost and the 退回修改表 can give it back. Published to the restricted copy only.
QUARANTINE_DDL = (
    "CREATE SCHEMA IF NOT EXISTS quarantine",
    """CREATE TABLE IF NOT EXISTS quarantine.rejected_rows (
        load_seq BIGINT, file_name VARCHAR, source VARCHAR, extract_date DATE,
        row_number BIGINT, record_key VARCHAR, unit_code VARCHAR, cells VARCHAR)""",
)


# Every value of a contract KPI as published, one row per change (docs/restatements.md). Outside
# dbt's schemas on purpose: a `--full-refresh` (any change of the dbt code) would wipe a history
# kept in a dbt model. Appended only by publishing (dagster_project/kpi_history.py); value NULL =
# the key stopped being published.
HISTORY_DDL = (
    "CREATE SCHEMA IF NOT EXISTS history",
    """CREATE TABLE IF NOT EXISTS history.kpi_published (
        kpi VARCHAR, period VARCHAR, unit_code VARCHAR, value DOUBLE, published_at TIMESTAMP,
        run_id VARCHAR, last_load_seq BIGINT)""",
)


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create `raw.<source>` for every contract, the `audit` tables and the KPI history, if
    missing."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for contract in load_contracts().values():
        con.execute(contract.raw_ddl())
    for statement in AUDIT_DDL + QUARANTINE_DDL + HISTORY_DDL:
        con.execute(statement)
    write_source_contracts(con)


def write_source_contracts(con: duckdb.DuckDBPyConnection) -> None:
    """`audit.source_contracts`: what each contract declares about its source, for the models
    (the freshness mart reads the cadence) and for analysts. Replaced in one statement, so it
    always matches the contracts of the code that loads; left alone when it already does (every
    `load_source` calls this, and a rewrite would be a write per source per run)."""
    rows = [(c.source, c.title, c.kind, c.cadence, c.expected_every_days)
            for c in load_contracts().values()]
    if _stored_contracts(con) == sorted(rows):
        return
    values = ", ".join("(?, ?, ?, ?, CAST(? AS BIGINT))" for _ in rows)
    con.execute(
        "CREATE OR REPLACE TABLE audit.source_contracts AS SELECT * FROM (VALUES "
        f"{values}) AS t(source, title, kind, cadence, expected_every_days)",
        [value for row in rows for value in row])


def _stored_contracts(con: duckdb.DuckDBPyConnection) -> list[tuple] | None:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'audit' AND table_name = 'source_contracts'").fetchone()[0]
    if not exists:
        return None
    return sorted(con.execute(
        "SELECT source, title, kind, cadence, expected_every_days FROM audit.source_contracts").fetchall())
