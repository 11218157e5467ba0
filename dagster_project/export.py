"""Bulk export of the serving copy, the way regulators publish bulk data: every table of every
schema in it as `<schema>.<table>.parquet` and `.csv`, and a manifest of what was written.

Only selects: the tables are streamed out of an open connection as Arrow batches and written by
pyarrow, so the dashboards can export through their own locked-down read-only connection (no
COPY, no file access from DuckDB) and `regwh export` through a plain read-only one. The export
reads the serving copy only; a database holding the personal-data schemas of the restricted copy
is refused, whoever passes it.

CSV: UTF-8 with a byte-order mark (Excel on a Chinese desktop otherwise reads it as GB18030),
a header row, empty cells for NULL, dates as YYYY-MM-DD. Columns without a CSV form (lists,
structs) are written as their DuckDB text; none are published today (docs/analyst.md).
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dagster_project.publish import RESTRICTED_SCHEMAS

FORMATS = ("parquet", "csv")
MANIFEST = "manifest.csv"
BOM = "\ufeff".encode()
BATCH_ROWS = 100_000
_NESTED = ("[]", "STRUCT", "MAP", "UNION")


class ExportRefused(RuntimeError):
    """The database is not one the export may read (it holds personal data)."""


@dataclass(frozen=True)
class ExportedFile:
    table: str  # schema.table
    rows: int
    format: str
    file: str  # name inside the export folder
    description: str


def parse_formats(text: str) -> tuple[str, ...]:
    """'parquet,csv' → ('parquet', 'csv'); an unknown format is an error naming it."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ValueError(f"未知导出格式 / unknown export format: {', '.join(unknown) or text!r} "
                         f"(可选 / choose from: {', '.join(FORMATS)})")
    return chosen


def serving_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, table, comment) of every table in the open database, refusing a restricted copy."""
    schemas = {s for (s,) in con.execute(
        "SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database()"
    ).fetchall()}
    personal = sorted(schemas & set(RESTRICTED_SCHEMAS))
    if personal:
        raise ExportRefused(f"该数据库含个人信息模式 {', '.join(personal)}，只能导出服务副本 / "
                            f"the database holds personal-data schemas ({', '.join(personal)}): "
                            "only the serving copy is exported")
    return con.execute(
        "SELECT schema_name, table_name, coalesce(comment, '') FROM duckdb_tables() "
        "WHERE database_name = current_database() ORDER BY 1, 2").fetchall()


def _select(con: duckdb.DuckDBPyConnection, schema: str, table: str, for_csv: bool) -> str:
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
        "current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index",
        [schema, table]).fetchall()
    parts = []
    for name, data_type in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        nested = for_csv and any(mark in data_type for mark in _NESTED)
        parts.append(f"CAST({quoted} AS VARCHAR) AS {quoted}" if nested else quoted)
    return f'SELECT {", ".join(parts)} FROM {schema}."{table}"'


def _write(con: duckdb.DuckDBPyConnection, sql: str, target: Path, fmt: str) -> int:
    """Stream the rows of `sql` into `target` (written as .tmp and renamed when complete)."""
    reader = con.execute(sql).to_arrow_reader(BATCH_ROWS)
    tmp = target.with_name(target.name + ".tmp")
    rows = 0
    with open(tmp, "wb") as handle:
        if fmt == "csv":
            handle.write(BOM)
            writer = pa_csv.CSVWriter(handle, reader.schema)
        else:
            writer = pq.ParquetWriter(handle, reader.schema, compression="zstd")
        try:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
        finally:
            writer.close()
    tmp.replace(target)
    return rows


def export_tables(con: duckdb.DuckDBPyConnection, out: Path,
                  formats: Iterable[str] = FORMATS) -> list[ExportedFile]:
    """Write every table of the open serving copy into `out` in each format, then the manifest.

    The manifest is written last: a folder with a manifest holds a complete export.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    formats = tuple(formats)
    exported = []
    for schema, table, comment in serving_tables(con):
        for fmt in formats:
            name = f"{schema}.{table}.{fmt}"
            rows = _write(con, _select(con, schema, table, fmt == "csv"), out / name, fmt)
            exported.append(ExportedFile(f"{schema}.{table}", rows, fmt, name, comment))
    with open(out / MANIFEST, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "rows", "format", "file", "description"])
        for item in exported:
            writer.writerow([item.table, item.rows, item.format, item.file, item.description])
    return exported


def export_serving(serving: Path, out: Path, formats: Iterable[str] = FORMATS) -> list[ExportedFile]:
    """`regwh export`: the serving copy at `serving`, opened read-only, into `out`."""
    if not Path(serving).exists():
        raise FileNotFoundError(f"服务副本不存在（请先运行 regwh run） / no serving copy at {serving} "
                                "(run `regwh run` first)")
    with duckdb.connect(str(serving), read_only=True) as con:
        return export_tables(con, out, formats)


def export_zip(con: duckdb.DuckDBPyConnection, work: Path, formats: Iterable[str] = FORMATS) -> bytes:
    """The export of the open serving copy as one zip (the dashboards' download), built in `work`."""
    export_tables(con, work, formats)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(work).iterdir()):
            if path.is_file() and not path.name.endswith(".tmp"):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()
