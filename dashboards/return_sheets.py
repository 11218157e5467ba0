"""退回修改表: a unit's open rejected rows given back to its personnel office, one workbook a source.

Which rows are open is decided by the warehouse (marts.dq_reject_status); their cells, unmasked,
come from the restricted copy's quarantine, so only a user whose role sees names gets them, and
only for rows of units in the user's scope (rows of sources without a unit column: corps-wide
scope only). The workbook has the source's own layout, so a fixed sheet can be sent back as the
next delivery: the contract's Chinese headers in the contract's order, every cell as text (number
format '@', so Excel cannot turn an ID into a number again), then the reason and where the row
came from.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable

import duckdb
import pandas as pd
import xlsxwriter

from dagster_project.contracts import load_contracts
from dagster_project.paths import restricted_path
from dashboards import db
from dashboards.queries.data_quality import open_returns

REASON, FILE, ROW = "退回原因", "原文件名", "原行号"


def reasons(rows: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(file, row) → every reason of that row, from audit.rejects in the serving copy."""
    if rows.empty:
        return {}
    frame = db.query(
        "select file_name, row_number, string_agg(column_name || '：' || reason, '；' "
        "order by column_name) as reason from audit.rejects "
        "where list_contains(?, file_name || '#' || row_number) group by 1, 2",
        [sorted(f"{f}#{r}" for f, r in zip(rows["file_name"], rows["row_number"]))])
    return {(f, int(r)): text for f, r, text in frame.itertuples(index=False)}


def cells(rows: pd.DataFrame) -> dict[tuple[int, int], dict]:
    """(load_seq, row) → the row's cells, from the restricted copy; empty when unreadable."""
    path = restricted_path()
    if rows.empty or db.file_signature(path) is None:
        return {}
    wanted = sorted(f"{s}#{r}" for s, r in zip(rows["load_seq"], rows["row_number"]))
    try:
        with db.connect(path) as con:
            found = con.execute(
                "select load_seq, row_number, cells from quarantine.rejected_rows "
                "where list_contains(?, load_seq || '#' || row_number)", [wanted]).fetchall()
    except duckdb.Error:
        return {}
    return {(int(s), int(r)): json.loads(c) for s, r, c in found}


def workbook(source: str, rows: list[tuple[dict, str, str, int]]) -> bytes:
    """One source's 退回修改表 from (cells, reason, file name, row number) per row."""
    contract = load_contracts()[source]
    headers = [c.header for c in contract.columns]
    headers += sorted({h for cells_, *_ in rows for h in cells_} - set(headers))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    text = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True, "num_format": "@"})
    sheet = book.add_worksheet(source)
    for column, header in enumerate([*headers, REASON, FILE, ROW]):
        sheet.write_string(0, column, header, bold)
        sheet.set_column(column, column, 18, text)
    for number, (values, reason, file_name, row) in enumerate(rows, start=1):
        for column, header in enumerate(headers):
            if values.get(header) is None:  # blank, but typed as text for the clerk's entry
                sheet.write_blank(number, column, None, text)
            else:
                sheet.write_string(number, column, str(values[header]), text)
        for offset, value in enumerate((reason, file_name, str(row))):
            sheet.write_string(number, len(headers) + offset, value or "", text)
    book.close()
    return buffer.getvalue()


def workbooks(scope: Iterable[str]) -> dict[str, bytes]:
    """source → its 退回修改表 for the user's scope (only sources with open rows)."""
    rows = db.query(*open_returns(scope))
    found, why = cells(rows), reasons(rows)
    books = {}
    for source, group in rows.groupby("source", sort=True):
        items = [(found[(int(s), int(r))], why.get((f, int(r)), ""), f, int(r))
                 for s, r, f in zip(group["load_seq"], group["row_number"], group["file_name"])
                 if (int(s), int(r)) in found]
        if items:
            books[source] = workbook(source, items)
    return books
