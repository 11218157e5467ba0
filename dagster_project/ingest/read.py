"""Reading inbox files: names → (source, extract date), bytes → a table of text cells.

Cells stay text here (an Excel date cell becomes `YYYY-MM-DD`, a whole-number cell `20210301`),
so that every value goes through the same validation and a reject shows what the file held.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

NAME = re.compile(r"^(?P<source>[a-z_]+)_(?P<date>\d{8})\.(?P<ext>csv|xlsx)$", re.IGNORECASE)


class FileRefused(Exception):
    """The whole file cannot be loaded; the message says why, in words for the sender."""


@dataclass(frozen=True)
class InboxFile:
    path: Path
    source: str
    extract_date: dt.date
    extension: str

    @property
    def name(self) -> str:
        return self.path.name


def match_name(path: Path, sources: set[str]) -> InboxFile | str:
    """The file's source and extract date, or the reason its name fits no source."""
    m = NAME.match(path.name)
    expected = "文件名应为 {source}_{YYYYMMDD}.csv 或 .xlsx (name must be {source}_{YYYYMMDD}.csv|xlsx)"
    if not m:
        return f"{expected}；未处理，文件保留在原处 (left in place)"
    if m["source"] not in sources:
        return f"未知的数据源 '{m['source']}' (unknown source)；可用: {', '.join(sorted(sources))}"
    try:
        date = dt.datetime.strptime(m["date"], "%Y%m%d").date()
    except ValueError:
        return f"文件名中的日期 {m['date']} 无效 (invalid extract date in file name)"
    return InboxFile(path, m["source"], date, m["ext"].lower())


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel on Chinese Windows writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise FileRefused(
            f"无法识别的文件编码，应为 UTF-8 或 GB18030 (unreadable encoding at byte {err.start})"
        ) from err


def _header(cells: list) -> list[str]:
    names = [unicodedata.normalize("NFKC", str(c or "")).strip(" \u3000\t\r\n\ufeff") for c in cells]
    seen = {n for n in names if names.count(n) > 1 and n}
    if seen:
        raise FileRefused(f"表头列名重复: {', '.join(sorted(seen))} (duplicate header)")
    # A column without a header gets a visible placeholder name (reported as an extra column).
    return [n or f"(第{i + 1}列无表头)" for i, n in enumerate(names)]


def read_csv(path: Path) -> pd.DataFrame:
    text = decode(path.read_bytes())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return _frame(rows)


def _cell_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> pd.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as err:  # calamine raises several types for damaged files
        raise FileRefused(f"无法读取 Excel 文件 (unreadable XLSX): {err}") from err
    return _frame([[_cell_text(v) for v in row] for row in rows])


def _frame(rows: list[list]) -> pd.DataFrame:
    """First row = header; data rows padded to the header's width; index 0 = Excel row 2."""
    if not rows or not any(c not in (None, "") for c in rows[0]):
        raise FileRefused("文件为空或第一行没有表头 (empty file or no header row)")
    header = _header(rows[0])
    width = len(header)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(c not in (None, "") for c in row[width:]):
            raise FileRefused(f"第 {number} 行的单元格多于表头 (row {number} has more cells than the header)")
        body.append([None if c == "" else c for c in row[:width]] + [None] * (width - len(row)))
    frame = pd.DataFrame(body, columns=header, dtype="object")
    # Rows that are blank in every cell are not data (trailing lines, Excel's empty rows).
    return frame[frame.notna().any(axis=1)]


def read_table(file: InboxFile) -> pd.DataFrame:
    return read_xlsx(file.path) if file.extension == "xlsx" else read_csv(file.path)
