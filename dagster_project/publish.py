"""Publishing: a finished, read-only serving copy of `marts` and `audit` beside the warehouse.

DuckDB lets one process write a file and locks it against every other process, so readers
(dashboards, the SQL console) never open the warehouse. After each build the writer copies the
published schemas into a new file and renames it over the serving copy in one atomic step:
a reader sees the previous complete build or the new one, never a half-written file. Raw tables
and personal data are not published.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from dagster_project import paths

PUBLISHED_SCHEMAS = ("marts", "audit")


def column_docs(manifest_path: Path) -> list[tuple[str, str, str, str]]:
    """(table, column, table description, column description) from the dbt manifest."""
    if not manifest_path.exists():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    rows = []
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed") or node.get("schema") != "marts":
            continue
        rows.append((node["name"], "", node.get("description", ""), ""))
        for column in node.get("columns", {}).values():
            rows.append((node["name"], column["name"], "", column.get("description", "")))
    return rows


def publish(con: duckdb.DuckDBPyConnection, serving: Path, manifest_path: Path | None = None) -> dict:
    """Copy the published schemas from the open warehouse connection into `serving`, atomically."""
    tmp = serving.with_name(serving.name + ".tmp")
    tmp.unlink(missing_ok=True)
    counts = {}
    con.execute(f"ATTACH '{tmp}' AS serving_copy")
    try:
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema IN ('marts', 'audit') "
            "ORDER BY 1, 2"
        ).fetchall()
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"CREATE SCHEMA serving_copy.{schema}")
        for schema, table in tables:
            con.execute(f'CREATE TABLE serving_copy.{schema}."{table}" AS SELECT * FROM {schema}."{table}"')
            counts[f"{schema}.{table}"] = con.execute(
                f'SELECT count(*) FROM serving_copy.{schema}."{table}"').fetchone()[0]
        con.execute("CREATE TABLE serving_copy.marts.column_docs (table_name VARCHAR, "
                    "column_name VARCHAR, table_description VARCHAR, description VARCHAR)")
        docs = column_docs(manifest_path or paths.DBT_DIR / "target" / "manifest.json")
        if docs:
            con.executemany("INSERT INTO serving_copy.marts.column_docs VALUES (?, ?, ?, ?)", docs)
        con.execute("CHECKPOINT serving_copy")
    finally:
        con.execute("DETACH serving_copy")
    os.replace(tmp, serving)
    return counts
