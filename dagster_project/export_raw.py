"""Parquet copy of everything the dbt sources read, for the Spark target (docs/scale-out.md).

Layout: <out>/<schema>/<table>/data.parquet for each source table a dbt model or test reads (from
the parsed manifest, so the list follows the models), plus <out>/reference/calendar_library/:
China's holiday library as the DuckDB build computed it (a Python model, which dbt-spark's
session method cannot run), so both engines read the same reference data. The Spark target
registers each folder as a table (dbt/macros/spark_sources.sql): a table's location is a folder
for Spark and the Hive metastore, which refuses a file when it re-creates the table.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from dagster_project import paths

CALENDAR_LIBRARY = ("intermediate", "int_calendar_library")
CALENDAR_LIBRARY_DIR = Path("reference") / "calendar_library"
# Whole rejected rows hold personal data; no model reads this column (_sources.yml), so it
# never leaves the warehouse.
PERSONAL_COLUMNS = {("quarantine", "rejected_rows"): ("cells",)}


class ExportError(Exception):
    pass


def source_tables(manifest: Path | None = None) -> list[tuple[str, str]]:
    """(schema, table) of every source a model or test of the dbt project reads."""
    manifest = manifest or paths.DBT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        raise ExportError(f"{manifest} not found: run `regwh prepare` first")
    parsed = json.loads(manifest.read_text())
    used = {tuple(pair) for node in parsed["nodes"].values() for pair in node.get("sources", [])}
    tables = set()
    for node in parsed["sources"].values():
        if (node["source_name"], node["name"]) in used:
            tables.add((node["schema"], node["identifier"]))
    return sorted(tables)


def export_raw(warehouse: Path, out: Path) -> list[Path]:
    """Write one Parquet file per source table; returns the files written."""
    if not warehouse.exists():
        raise ExportError(f"warehouse {warehouse} not found: build it first (regwh run)")
    tables = source_tables()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        present = set(con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall())
        missing = [f"{schema}.{name}" for schema, name in tables if (schema, name) not in present]
        if missing:
            raise ExportError(f"warehouse {warehouse} has no {', '.join(missing)}: "
                              "load an inbox first (regwh run)")
        if CALENDAR_LIBRARY not in present:
            raise ExportError(f"warehouse {warehouse} has no {'.'.join(CALENDAR_LIBRARY)}: "
                              "run the dbt build first (regwh run)")
        targets = [(schema, name, out / schema / name / "data.parquet") for schema, name in tables]
        targets.append((*CALENDAR_LIBRARY, out / CALENDAR_LIBRARY_DIR / "data.parquet"))
        written = []
        for schema, name, path in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Spark skips files whose name starts with a dot: a crash's leftover is never read.
            tmp = path.with_name(".data.parquet.tmp")
            hidden = PERSONAL_COLUMNS.get((schema, name))
            columns = f"* exclude ({', '.join(hidden)})" if hidden else "*"
            # Written aside then renamed, so a crash never leaves a half file Spark would read.
            con.execute(f"copy (select {columns} from \"{schema}\".\"{name}\") to '{tmp}' "
                        "(format parquet)")
            tmp.replace(path)
            written.append(path)
        return written
    finally:
        con.close()
