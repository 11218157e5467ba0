"""Loading inbox files into `raw` with the accounting of sources.md.

Per source, per run: new files are ordered by extract date then name; they are read and
validated together (one vectorised pass per batch of files), then each batch is written in ONE
transaction (every file's raw rows, rejects and manifest row, in order), so a crash at any point
leaves the warehouse as it was before that batch. A file already loaded with the same
content is `unchanged`; two new files for one source and date are `ambiguous`; a file that
cannot be read or lacks a required column is `refused`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dagster_project.contracts import METADATA_COLUMNS, Contract, load_contracts
from dagster_project.ingest.read import FileRefused, InboxFile, content_hash, match_name, read_table
from dagster_project.ingest.schema import create_raw_tables
from dagster_project.ingest.validate import Validated, validate_many

# New files of one source are validated together in batches of about this many bytes on disk
# (bounds memory at national scale; at XPCC scale a source is one batch).
BATCH_BYTES = 32 << 20
MANIFEST_COLUMNS = (
    "run_id", "load_seq", "file_name", "source", "extract_date", "content_hash", "status",
    "rows_read", "rows_loaded", "rows_rejected", "message", "loaded_at",
)


@dataclass
class FileOutcome:
    file_name: str
    source: str | None
    extract_date: dt.date | None
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str = ""
    content_hash: str | None = None


@dataclass
class SourceSummary:
    source: str | None
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def total(self, attr: str) -> int:
        return sum(getattr(o, attr) for o in self.outcomes)


def failpoint(name: str) -> None:
    """Crash the process here when REGWH_FAILPOINT names this point (crash tests)."""
    if os.environ.get("REGWH_FAILPOINT") == name:
        os._exit(137)


def inbox_files(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.is_file())


def scan_misnamed(con: duckdb.DuckDBPyConnection, inbox: Path, run_id: str) -> SourceSummary:
    """Record every file whose name fits no source as `refused` (the file stays where it is)."""
    create_raw_tables(con)
    sources = set(load_contracts())
    summary = SourceSummary(None)
    for path in inbox_files(inbox):
        matched = match_name(path, sources)
        if isinstance(matched, str):
            outcome = FileOutcome(path.name, None, None, "refused", message=matched)
            _write_manifest(con, run_id, None, outcome)
            summary.outcomes.append(outcome)
    return summary


def load_source(
    con: duckdb.DuckDBPyConnection, inbox: Path, source: str, run_id: str, progress=None
) -> SourceSummary:
    """Load every new file of one source from the inbox."""
    create_raw_tables(con)
    contract = load_contracts()[source]
    sources = set(load_contracts())
    files = [f for p in inbox_files(inbox) if isinstance(f := match_name(p, sources), InboxFile)]
    files = sorted((f for f in files if f.source == source), key=lambda f: (f.extract_date, f.name))
    summary = SourceSummary(source)
    pending = []
    loaded = loaded_hashes(con)
    for file in files:
        digest = content_hash(file.path)
        if loaded.get(file.name) == digest:
            outcome = FileOutcome(file.name, source, file.extract_date, "unchanged",
                                  message="内容未变，已跳过 (same content already loaded)",
                                  content_hash=digest)
            _write_manifest(con, run_id, None, outcome)
            summary.outcomes.append(outcome)
        else:
            pending.append((file, digest))
    dates = pd.Series([f.extract_date for f, _ in pending], dtype="object")
    batches: list[list[tuple[InboxFile, str]]] = [[]]
    batch_bytes = 0
    for file, digest in pending:
        if (dates == file.extract_date).sum() > 1:
            others = [f.name for f, _ in pending if f.extract_date == file.extract_date and f is not file]
            outcome = FileOutcome(file.name, source, file.extract_date, "ambiguous", content_hash=digest,
                                  message=f"同一数据源同一日期有多个新文件，均未加载 (ambiguous delivery with {', '.join(others)})")
            _write_manifest(con, run_id, None, outcome)
            summary.outcomes.append(outcome)
            continue
        if batch_bytes >= BATCH_BYTES:
            batches.append([])
            batch_bytes = 0
        batches[-1].append((file, digest))
        batch_bytes += file.path.stat().st_size
    for prepared in _read_ahead(contract, batches):
        summary.outcomes += _write_batch(con, contract, prepared, run_id, progress)
    # Same order as the files were considered in (extract date, then name).
    order = {name: i for i, name in enumerate(f.name for f in files)}
    summary.outcomes.sort(key=lambda o: order[o.file_name])
    return summary


def loaded_hashes(con) -> dict[str, str]:
    """The content hash of each file name's latest load: a file with the same hash is unchanged."""
    return dict(con.execute(
        "SELECT file_name, arg_max(content_hash, load_seq) FROM audit.load_manifest "
        "WHERE status = 'loaded' GROUP BY file_name").fetchall())


def _read(contract: Contract, file: InboxFile) -> pd.DataFrame:
    """The file's text with only the contract's columns; FileRefused if it cannot be loaded."""
    table = read_table(file)
    missing = [c.header for c in contract.columns
               if contract.is_required(c) and c.header not in table.columns]
    if missing:
        raise FileRefused(f"缺少必需的列: {', '.join(missing)} (missing required column)")
    return table


@dataclass
class _Prepared:
    """One file of a batch, read and validated, not yet written."""
    file: InboxFile
    outcome: FileOutcome
    checked: Validated | None  # None: refused
    quarantine: pd.DataFrame | None = None  # the rejected rows whole, as read


def _read_ahead(contract: Contract, batches: list[list[tuple[InboxFile, str]]]) -> Iterator[list[_Prepared]]:
    """Each batch read and validated in a worker thread while the previous one is written: DuckDB
    releases the GIL while it writes, so reading the next files overlaps the writes."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = None
        for batch in batches:
            following = pool.submit(_prepare_batch, contract, batch)
            if ahead is not None:
                yield ahead.result()
            ahead = following
        if ahead is not None:
            yield ahead.result()


def _prepare_batch(contract: Contract, batch: list[tuple[InboxFile, str]]) -> list[_Prepared]:
    """Read a batch of new files of one source and validate them in one pass (no database)."""
    prepared: list[_Prepared] = []
    readable = []
    for file, digest in batch:
        base = dict(file_name=file.name, source=contract.source, extract_date=file.extract_date,
                    content_hash=digest)
        try:
            table = _read(contract, file)
        except FileRefused as err:
            prepared.append(_Prepared(file, FileOutcome(status="refused", message=str(err), **base), None))
            continue
        extra = [h for h in table.columns if h not in contract.by_header]
        outcome = FileOutcome(status="loaded", rows_read=len(table),
                              message=f"忽略未知列 (extra columns ignored): {', '.join(extra)}" if extra else "",
                              **base)
        item = _Prepared(file, outcome, None)
        prepared.append(item)
        readable.append((item, table, table.drop(columns=extra)))
    for (item, table, _), checked in zip(readable, validate_many(contract, [t for _, _, t in readable])):
        item.checked = checked
        item.quarantine = _quarantine(item.file, table, checked)
        item.outcome.rows_loaded, item.outcome.rows_rejected = len(checked.rows), checked.rejected_rows
    return prepared


def _write_batch(con, contract: Contract, prepared: list[_Prepared], run_id: str,
                 progress=None) -> list[FileOutcome]:
    """A prepared batch in ONE transaction, file by file in order.

    One commit per batch, not per file: a commit cost ≈ 90 ms for a 14,000-row roster file
    (DuckDB writes and syncs the WAL), which was a third of the ingest at N = 10. A crash or an
    error anywhere leaves the warehouse as it was before the batch; the rerun loads it again.
    """
    if not prepared:  # opens no transaction: the no-change rerun holds its own around the ingest
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        for item in prepared:
            if item.checked is None:
                _write_manifest(con, run_id, None, item.outcome)
                continue
            if progress:
                progress(f"{contract.source}: {item.file.name}")
            _write_file(con, contract, item.file, item.checked, item.outcome, run_id, item.quarantine)
        failpoint("before_commit")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return [item.outcome for item in prepared]


def _quarantine(file: InboxFile, table: pd.DataFrame, checked: Validated) -> pd.DataFrame:
    """Each rejected row with every cell of the file (extra columns too) as a JSON object."""
    rejected = checked.rejected
    rows = table.loc[rejected["row_number"].to_numpy() - 2]
    # As plain objects first: iterating Arrow-backed columns cell by cell costs 10× as much.
    values = rows.astype(object).to_numpy()
    headers = list(rows.columns)
    cells = [json.dumps({h: v for h, v in zip(headers, row) if v is not None and not pd.isna(v)},
                        ensure_ascii=False, default=str) for row in values]
    return rejected.assign(file_name=file.name, extract_date=file.extract_date, cells=cells)


def _write_file(con, contract: Contract, file: InboxFile, checked: Validated, outcome: FileOutcome,
                run_id: str, quarantine: pd.DataFrame | None = None) -> None:
    """One file's raw rows, rejects and manifest row (inside the batch's transaction)."""
    load_seq = con.execute("SELECT coalesce(max(load_seq), 0) + 1 FROM audit.load_manifest").fetchone()[0]
    if contract.kind == "snapshot":
        # A re-delivery for the same date replaces that date's snapshot and its rejects.
        con.execute(f"DELETE FROM raw.{contract.source} WHERE _extract_date = ?", [file.extract_date])
        con.execute("DELETE FROM audit.rejects WHERE source = ? AND extract_date = ?",
                    [contract.source, file.extract_date])
    failpoint("after_delete")
    _insert_rows(con, contract, checked.rows, file, load_seq)
    failpoint("after_rows")
    _insert_rejects(con, checked.rejects, file, contract.source, load_seq)
    _insert_quarantine(con, quarantine, contract.source, load_seq)
    _write_manifest(con, run_id, load_seq, outcome)


def _insert_rows(con, contract: Contract, rows: pd.DataFrame, file: InboxFile, load_seq: int) -> None:
    batch = rows.assign(
        _file_name=file.name, _extract_date=file.extract_date, _load_seq=load_seq,
        _row_number=rows.index + 2,
    )
    # As Arrow: DuckDB scans it natively (a pandas frame of Arrow-backed strings is converted
    # column by column, which costs more than the insert itself).
    con.register("_batch", pa.Table.from_pandas(batch, preserve_index=False))
    try:
        columns = [c.name for c in contract.columns] + list(METADATA_COLUMNS)
        select = ", ".join(
            f'CAST("{name}" AS {contract.by_name[name].sql_type if name in contract.by_name else METADATA_COLUMNS[name]})'
            for name in columns
        )
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO raw.{contract.source} ({quoted}) SELECT {select} FROM _batch")
    finally:
        con.unregister("_batch")


def _insert_rejects(con, rejects: pd.DataFrame, file: InboxFile, source: str, load_seq: int) -> None:
    if rejects.empty:
        return
    batch = rejects.assign(load_seq=load_seq, file_name=file.name, source=source,
                           extract_date=file.extract_date)
    batch["raw_value"] = batch["raw_value"].map(lambda v: None if pd.isna(v) else str(v))
    con.register("_rejects", pa.Table.from_pandas(batch, preserve_index=False))
    try:
        con.execute(
            "INSERT INTO audit.rejects (load_seq, file_name, source, extract_date, row_number, "
            "column_name, raw_value, reason_code, reason) SELECT load_seq, file_name, source, "
            "CAST(extract_date AS DATE), row_number, column_name, raw_value, reason_code, reason "
            "FROM _rejects"
        )
    finally:
        con.unregister("_rejects")


def _insert_quarantine(con, quarantine: pd.DataFrame | None, source: str, load_seq: int) -> None:
    # Kept across re-deliveries (unlike rejects): dq_reject_status shows what replaced them.
    if quarantine is None or quarantine.empty:
        return
    batch = quarantine.assign(load_seq=load_seq, source=source).astype(
        {"record_key": "object", "unit_code": "object"})
    con.register("_quarantine", pa.Table.from_pandas(batch, preserve_index=False))
    try:
        con.execute(
            "INSERT INTO quarantine.rejected_rows (load_seq, file_name, source, extract_date, "
            "row_number, record_key, unit_code, cells) SELECT load_seq, file_name, source, "
            "CAST(extract_date AS DATE), row_number, record_key, unit_code, cells FROM _quarantine")
    finally:
        con.unregister("_quarantine")


def _write_manifest(con, run_id: str, load_seq: int | None, o: FileOutcome) -> None:
    con.execute(
        f"INSERT INTO audit.load_manifest ({', '.join(MANIFEST_COLUMNS)}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)",
        [run_id, load_seq, o.file_name, o.source, o.extract_date, o.content_hash, o.status,
         o.rows_read, o.rows_loaded, o.rows_rejected, o.message],
    )
