"""Read-only access to the serving copy of the warehouse.

The pipeline is the only writer of the warehouse file. After every run it publishes a finished
copy, the *serving copy*, with an atomic ``os.replace``. The dashboards read only that copy and
open it read-only for one query at a time, so they never hold a lock or a file handle between
queries: the pipeline can replace the file while the app is running, and the next query reads
the new file.

Query results are cached with ``st.cache_data`` keyed on the SQL text, its parameters and the
file's signature (mtime, size, inode), so a new publish is picked up on the next rerun.
The pages' statements are built in dashboards/queries/.
"""
from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dagster_project.paths import serving_path, warehouse_path  # one definition of the paths


# Every connection is opened with the same configuration: DuckDB caches one database instance per
# file in a process, and refuses a second connection to the same file with a different one.
# No file-system access beyond the database file itself (no read_csv, COPY, ATTACH, INSTALL…),
# and the setting cannot be switched back on from SQL.
CONNECT_CONFIG: dict[str, Any] = {"enable_external_access": False, "lock_configuration": True}

CACHE_TTL_SECONDS = 600


class ServingMissing(RuntimeError):
    """The serving copy does not exist (the pipeline has not published one yet)."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def docs_dir() -> Path:
    """The folder beside the warehouse where data docs and dbt docs are written."""
    return warehouse_path().parent


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """(mtime_ns, size, inode) of the file, or None when it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def serving_available() -> bool:
    return file_signature(serving_path()) is not None


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh read-only connection; the caller closes it (use ``with``)."""
    return duckdb.connect(str(path), read_only=True, config=CONNECT_CONFIG)


def run_query(
    path: Path,
    sql: str,
    params: Sequence[Any] = (),
    *,
    timeout_seconds: float | None = None,
) -> pd.DataFrame:
    """Run one query on a fresh read-only connection and close it (no caching)."""
    with connect(path) as con:
        timer = None
        if timeout_seconds:
            timer = threading.Timer(timeout_seconds, con.interrupt)
            timer.daemon = True
            timer.start()
        try:
            return con.execute(sql, list(params)).df()
        finally:
            if timer is not None:
                timer.cancel()


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=1024, show_spinner=False)
def _cached_query(
    sql: str, params: tuple[Any, ...], path: str, signature: tuple[int, int, int]
) -> pd.DataFrame:
    del signature  # part of the cache key only: a new publish changes it
    return run_query(Path(path), sql, params)


def query(sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Cached result of a read-only query on the serving copy.

    Raises ServingMissing when the serving copy does not exist.
    """
    path = serving_path()
    signature = file_signature(path)
    if signature is None:
        raise ServingMissing(path)
    return _cached_query(sql, tuple(params), str(path), signature)


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    frame = query(sql, params)
    if frame.empty:
        return None
    value = frame.iat[0, 0]
    return None if pd.isna(value) else value


def per_publish(function: Callable[..., Any]) -> Callable[..., Any]:
    """Memoise a small lookup (catalogue, unit names…) for as long as the serving copy is the same.

    ``st.cache_data`` hands out a fresh copy of a DataFrame on every call; lookups used once per
    table row (a unit's name) would pay that each time. Results are kept per function, arguments
    and file signature; a new publish changes the signature and the old entries are dropped.
    Callers must not modify what they get.
    """
    memo: dict[tuple, Any] = {}
    lock = threading.Lock()

    @functools.wraps(function)
    def wrapper(*args: Any) -> Any:
        path = serving_path()
        signature = file_signature(path)
        if signature is None:
            raise ServingMissing(path)
        key = (str(path), signature, args)
        with lock:
            if key in memo:
                return memo[key]
        value = function(*args)
        with lock:
            for stale in [k for k in memo if k[:2] != key[:2]]:
                del memo[stale]
            memo[key] = value
        return value

    return wrapper


# ---------------------------------------------------------------------------------------------
# Catalogue: which tables and columns the serving copy holds.


@per_publish
def catalogue() -> pd.DataFrame:
    """One row per column of every table or view: schema, table, column, type, comment."""
    return query(
        """
        select schema_name as table_schema, table_name, column_name, column_index,
               data_type, comment
        from duckdb_columns()
        where database_name = current_database()
        order by schema_name, table_name, column_index
        """
    )


def tables(schema: str) -> list[str]:
    cat = catalogue()
    return sorted(cat.loc[cat["table_schema"] == schema, "table_name"].unique().tolist())


def has_table(schema: str, table: str) -> bool:
    cat = catalogue()
    return bool(((cat["table_schema"] == schema) & (cat["table_name"] == table)).any())


def columns(schema: str, table: str) -> list[str]:
    cat = catalogue()
    mask = (cat["table_schema"] == schema) & (cat["table_name"] == table)
    return cat.loc[mask, "column_name"].tolist()


def has_columns(schema: str, table: str, *names: str) -> bool:
    present = set(columns(schema, table))
    return all(name in present for name in names)


@per_publish
def export_zip(formats: tuple[str, ...]) -> bytes:
    """Every table of the serving copy as one zip (dagster_project/export.py), built through the
    same locked-down read-only connection as every query; kept until the next publish."""
    import tempfile

    from dagster_project.export import export_zip as build_zip

    with tempfile.TemporaryDirectory(prefix="regwh_export_") as work, connect(serving_path()) as con:
        return build_zip(con, Path(work), formats)


def run_console(sql: str, limit: int, timeout_seconds: float) -> tuple[pd.DataFrame, bool]:
    """Run an analyst's statement (already passed through sql_guard) on the serving copy.

    A fresh read-only connection with external access disabled, ``search_path = marts`` so that
    unqualified table names mean the marts, a time limit, and at most ``limit`` rows fetched.
    Returns the rows and whether there were more.
    """
    path = serving_path()
    if file_signature(path) is None:
        raise ServingMissing(path)
    with connect(path) as con:
        con.execute("set search_path = 'marts'")
        timer = threading.Timer(timeout_seconds, con.interrupt)
        timer.daemon = True
        timer.start()
        try:
            reader = con.execute(sql).to_arrow_reader(limit + 1)
            batches, rows = [], 0
            while rows <= limit:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                batches.append(batch)
                rows += batch.num_rows
        finally:
            timer.cancel()
    import pyarrow as pa

    table = pa.Table.from_batches(batches, schema=reader.schema)
    frame = table.to_pandas()
    truncated = len(frame) > limit
    return frame.head(limit), truncated
