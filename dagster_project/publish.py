"""Publishing: finished, read-only copies of the warehouse's published schemas beside it.

DuckDB lets one process write a file and locks it against every other process, so readers
(dashboards, the SQL console) never open the warehouse. After each build the writer copies the
published schemas into a new file and renames it over the previous copy in one atomic step:
a reader sees the previous complete build or the new one, never a half-written file.

Two copies, so that personal data never reaches the file analysts query:
- the serving copy (`marts`, `audit`): dashboards and the SQL console; no raw tables, no names;
- the restricted copy (`restricted`: names and ID numbers), mode 0600, opened only by the
  dashboards' personnel pages for personnel-office users (docs/access.md).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from dagster_project import kpi_history, paths

PUBLISHED_SCHEMAS = ("marts", "audit")
RESTRICTED_SCHEMAS = ("restricted", "quarantine")  # quarantine: rejected rows whole, unmasked
RESTRICTED_MODE = 0o600  # personal data: the pipeline's (and dashboards') OS user only
# ART indexes of the serving copy, for the pages that look one officer up in a table clustered by
# as-of date (docs/performance.md): a scan of 6 million rows at N = 100 becomes an index lookup.
SERVING_INDEXES = (("training_induction_status", "person_id"),)


def column_docs(manifest_path: Path) -> list[tuple[str, str, str, str, str]]:
    """(table, column, table description, column description, schema) for every published table.

    The one dictionary is the dbt YAML: marts models and seeds, and the `audit` and `published`
    sources (dbt/models/_audit_sources.yml) for the tables dbt does not build.
    """
    if not manifest_path.exists():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries = [node for node in manifest.get("nodes", {}).values()
               if node.get("resource_type") in ("model", "seed") and node.get("schema") == "marts"]
    entries += [source for source in manifest.get("sources", {}).values()
                if source.get("schema") in PUBLISHED_SCHEMAS]
    rows = []
    for node in sorted(entries, key=lambda n: (n["schema"], n["name"])):
        rows.append((node["name"], "", node.get("description", "").strip(), "", node["schema"]))
        for column in node.get("columns", {}).values():
            rows.append((node["name"], column["name"], "", column.get("description", "").strip(),
                         node["schema"]))
    return rows


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def add_comments(con: duckdb.DuckDBPyConnection, alias: str,
                 docs: list[tuple[str, str, str, str, str]]) -> None:
    """COMMENT ON every documented table and column of the copy attached as `alias`, so that
    duckdb_tables() / duckdb_columns() show the dictionary to anyone opening the file.

    Tables or columns of the dictionary that the copy does not hold (a model disabled, a column
    dropped) are skipped: the completeness test (tests/test_dictionary.py) judges the copy.
    """
    present = {(schema, table, column) for schema, table, column in con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() WHERE database_name = ?",
        [alias]).fetchall()}
    tables = {(schema, table) for schema, table, _ in present}
    for table, column, table_text, column_text, schema in docs:
        if not column and (schema, table) in tables and table_text:
            con.execute(f'COMMENT ON TABLE {alias}.{schema}."{table}" IS {_quote(table_text)}')
        elif column and (schema, table, column) in present and column_text:
            con.execute(f'COMMENT ON COLUMN {alias}.{schema}."{table}"."{column}" '
                        f"IS {_quote(column_text)}")


def add_indexes(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """The SERVING_INDEXES the copy attached as `alias` has tables for."""
    present = {table for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'marts'",
        [alias]).fetchall()}
    for table, column in SERVING_INDEXES:
        if table in present:
            con.execute(f'CREATE INDEX "{table}_{column}" ON {alias}.marts."{table}" ("{column}")')


def _copy_schemas(con: duckdb.DuckDBPyConnection, target: Path, schemas: tuple[str, ...], *,
                  mode: int | None = None,
                  finish: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None
                  ) -> dict[str, int]:
    """Copy every table of `schemas` from the open warehouse into `target`, atomically.

    Written as `<target>.tmp` and renamed over `target` only when complete. `mode` is applied to
    the new file before any row is copied into it (and so before the rename). `finish(con,
    alias)` may add more to the copy, attached as `alias`, before it is closed.
    """
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)  # left by a run killed while publishing
    alias = "published_copy"
    counts = {}
    con.execute(f"ATTACH '{tmp}' AS {alias}")
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        marks = ", ".join("?" for _ in schemas)
        tables = con.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            f"WHERE table_catalog = current_database() AND table_schema IN ({marks}) "
            "ORDER BY 1, 2", list(schemas)).fetchall()
        for schema in schemas:
            con.execute(f"CREATE SCHEMA {alias}.{schema}")
        for schema, table in tables:
            con.execute(f'CREATE TABLE {alias}.{schema}."{table}" AS SELECT * FROM {schema}."{table}"')
            counts[f"{schema}.{table}"] = con.execute(
                f'SELECT count(*) FROM {alias}.{schema}."{table}"').fetchone()[0]
        if finish is not None:
            finish(con, alias)
        con.execute(f"CHECKPOINT {alias}")
    finally:
        con.execute(f"DETACH {alias}")
    os.replace(tmp, target)
    return counts


def publish(con: duckdb.DuckDBPyConnection, serving: Path, manifest_path: Path | None = None) -> dict:
    """Copy the published schemas from the open warehouse connection into `serving`, atomically."""

    def add_column_docs(con: duckdb.DuckDBPyConnection, alias: str) -> None:
        con.execute(f"CREATE TABLE {alias}.marts.column_docs (table_name VARCHAR, "
                    "column_name VARCHAR, table_description VARCHAR, description VARCHAR, "
                    "schema_name VARCHAR)")
        docs = column_docs(manifest_path or paths.DBT_DIR / "target" / "manifest.json")
        if docs:
            con.executemany(f"INSERT INTO {alias}.marts.column_docs VALUES (?, ?, ?, ?, ?)", docs)
        add_comments(con, alias, docs)
        add_indexes(con, alias)

    return _copy_schemas(con, serving, PUBLISHED_SCHEMAS, finish=add_column_docs)


def publish_restricted(con: duckdb.DuckDBPyConnection, restricted: Path) -> dict:
    """Copy the personal data (schema `restricted`) into `restricted`, atomically, mode 0600."""
    return _copy_schemas(con, restricted, RESTRICTED_SCHEMAS, mode=RESTRICTED_MODE)


# --- skipping a build that would change nothing --------------------------------------------------
# The marts, checks and serving copy are a function of the raw tables and of the code that builds
# them. After each complete publish the writer records both (the last load_seq and a hash of
# that code) in `regwh_state.last_build`, a schema that is never published. A run that loaded no
# file and finds the same record has nothing to rebuild: dbt, the checks and publishing are
# skipped (the `unchanged` manifest rows are still written by the ingest).
STATE_SCHEMA = "regwh_state"
_BUILD_CODE = ("dbt", "dagster_project/quality", "dagster_project/publish.py")
_IGNORED_PARTS = {"target", "logs", "dbt_packages", "__pycache__", ".user.yml"}


def build_code_signature() -> str:
    """A hash of everything that turns raw tables into what is published (dbt project, quality
    suites, publishing)."""
    digest = hashlib.sha256()
    for root in _BUILD_CODE:
        for path in code_files(paths.REPO_ROOT / root):
            digest.update(str(path.relative_to(paths.REPO_ROOT)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def code_files(base: Path) -> list[Path]:
    """The source files under `base` (or `base` itself), without build output and caches."""
    if base.is_file():
        return [base]
    found = []
    # Pruned walk: dbt's target/ holds tens of thousands of compiled files after a few runs.
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in _IGNORED_PARTS]
        found += [Path(root) / f for f in files if f not in _IGNORED_PARTS]
    return sorted(found)


def _last_load_seq(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(load_seq), 0) FROM audit.load_manifest").fetchone()[0]


def record_build(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Note that the published state reflects every load up to now, built by the current code."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"CREATE OR REPLACE TABLE {STATE_SCHEMA}.last_build AS SELECT ? AS run_id, "
                "? AS last_load_seq, ? AS code_signature, current_timestamp AS built_at",
                [run_id, _last_load_seq(con), build_code_signature()])


def record_publication(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """After both copies are in place: append the KPI changes this build published to the
    history and record the build, in one transaction, so that the history never holds a build
    that is not recorded as complete, nor misses one that is. Returns the rows appended."""
    con.execute("BEGIN TRANSACTION")
    try:
        appended = kpi_history.append(con, run_id)
        record_build(con, run_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return appended


def build_is_current(con: duckdb.DuckDBPyConnection, *published: Path) -> bool:
    """True when nothing was loaded since the last complete build by the same code and every
    published copy it wrote is still there: building again would produce the same marts."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = "
        "'last_build'", [STATE_SCHEMA]).fetchone()[0]
    if not exists or not all(copy.exists() for copy in published):
        return False
    recorded = con.execute(
        f"SELECT last_load_seq, code_signature FROM {STATE_SCHEMA}.last_build").fetchone()
    return recorded == (_last_load_seq(con), build_code_signature())
