"""Parquet copy of everything the dbt sources read, for the Spark target (docs/scale-out.md).

Layout: <out>/<schema>/<table>.parquet for the `raw` and `audit` source tables, plus
<out>/reference/calendar_library.parquet: China's holiday library as the DuckDB build computed
it (a Python model, which dbt-spark's session method cannot run), so both engines read the same
reference data. The Spark target registers these files as tables (macros/spark_sources.sql).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

# What dbt/models/staging/_sources.yml declares: every raw table, and the load manifest.
AUDIT_SOURCES = ("load_manifest",)
CALENDAR_LIBRARY = ("intermediate", "int_calendar_library")


class ExportError(Exception):
    pass


def export_raw(warehouse: Path, out: Path) -> list[Path]:
    """Write one Parquet file per source table; returns the files written."""
    if not warehouse.exists():
        raise ExportError(f"warehouse {warehouse} not found: build it first (regwh run)")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and (table_schema = 'raw' "
            "or (table_schema = 'audit' and table_name in ?)) order by 1, 2",
            [list(AUDIT_SOURCES)]).fetchall()
        if not tables:
            raise ExportError(f"warehouse {warehouse} has no raw tables: load an inbox first")
        library = con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            list(CALENDAR_LIBRARY)).fetchone()[0]
        if not library:
            raise ExportError(f"warehouse {warehouse} has no {'.'.join(CALENDAR_LIBRARY)}: "
                              "run the dbt build first (regwh run)")
        targets = [(schema, name, out / schema / f"{name}.parquet") for schema, name in tables]
        targets.append((*CALENDAR_LIBRARY, out / "reference" / "calendar_library.parquet"))
        written = []
        for schema, name, path in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".parquet.tmp")
            # Written aside then renamed, so a crash never leaves a half file Spark would read.
            con.execute(f"copy (select * from \"{schema}\".\"{name}\") to '{tmp}' (format parquet)")
            tmp.replace(path)
            written.append(path)
        return written
    finally:
        con.close()
