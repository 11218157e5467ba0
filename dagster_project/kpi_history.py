"""The KPI history (history.kpi_published): every value of a contract KPI each build published,
kept across builds in a schema dbt never rebuilds (a `--full-refresh` would wipe a dbt model).

dbt computes the rows a build adds (intermediate.int_kpi_unpublished: changed, new and withdrawn
keys of marts.kpi_values) and publishes the history with them as marts.kpi_history. Once both
copies are in place, they are appended here in the same transaction that records the build as
complete (publish.record_publication): a run killed before that leaves the history and the build
record as they were, and the rerun publishes and appends the same changes once. A build that
changes no figure appends nothing. docs/restatements.md.
"""
from __future__ import annotations

import duckdb

PENDING = "intermediate.int_kpi_unpublished"
TABLE = "history.kpi_published"


def append(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Append this build's changes to the history (inside the caller's transaction).

    Rows already appended (same key and time) are skipped: a run started from the Dagster UI
    on a selection of assets may publish without rebuilding int_kpi_unpublished, whose rows the
    build that made them appended already.
    """
    return con.execute(
        f"INSERT INTO {TABLE} (kpi, period, unit_code, value, published_at, run_id, last_load_seq) "
        f"SELECT kpi, period, unit_code, value, computed_at, ?, last_load_seq FROM {PENDING} AS p "
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} AS h WHERE h.kpi = p.kpi AND h.period = p.period "
        "AND h.unit_code = p.unit_code AND h.published_at = p.computed_at)",
        [run_id]).fetchone()[0]
