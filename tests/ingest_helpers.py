"""Small hand-made inbox files for the ingest tests."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import xlsxwriter

from dagster_project.contracts import load_contracts
from dagster_project.ingest.load import load_source, scan_misnamed
from dagster_project.ingest.orphans import refresh_orphans

UNITS = ["单位代码", "单位名称", "层级", "上级单位代码"]
TRAINING = ["培训记录编号", "人员编号", "培训类别", "开始日期", "结束日期", "考核结果"]
VALID_USCC = "91650100MA7812345K"
VALID_ID = "11010519491231002X"


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Sheet1")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if hasattr(value, "year"):
                sheet.write_datetime(r, c, value, date_format)
            elif value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return path


def ingest(db: Path, inbox: Path, run_id: str = "run") -> dict:
    """Everything one run of the ingest assets does, in their order."""
    with duckdb.connect(str(db)) as con:
        summaries = {s: load_source(con, inbox, s, run_id) for s in load_contracts()}
        summaries["_misnamed"] = scan_misnamed(con, inbox, run_id)
        refresh_orphans(con)
    return summaries


def query(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def table_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every raw and audit table's rows (minus load times), for before/after comparisons."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('raw', 'audit') ORDER BY 1").fetchall()
        out = {}
        for (name,) in tables:
            columns = [c for (c,) in con.execute(
                f"SELECT column_name FROM information_schema.columns WHERE table_schema || '.' || "
                f"table_name = '{name}' AND column_name NOT IN ('loaded_at', 'run_id') ORDER BY ordinal_position"
            ).fetchall()]
            out[name] = sorted(con.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall(), key=repr)
        return out
