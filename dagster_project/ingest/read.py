"""Reading inbox files: names → (source, extract date), bytes → a table of text cells (CSV, XLSX, XLS, ODS).

Cells stay text here (an Excel date cell becomes `YYYY-MM-DD`, a whole-number cell `20210301`),
so that every value goes through the same validation and a reject shows what the file held.

Real exports that are not a table of values are refused whole, with a message naming the
problem (docs/trust.md has the full list): an encoding that is neither UTF-8 nor GB18030
(UTF-16, Big5 …), a damaged XLSX, merged cells in the header row, formula cells without a
computed value and Excel error cells (#N/A …), an empty first sheet whose data sits on another
sheet. Noise that carries no data is dropped: byte-order marks anywhere in the text (two exports
pasted together), columns with neither a header nor any value (Excel's trailing empty columns),
rows that are blank in every cell. A header row repeated inside the data is kept as a row (so it
is counted and rejected, never loaded); its row numbers are in `frame.attrs["repeated_header_rows"]`.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

SPREADSHEETS = ("xlsx", "xls", "ods")  # read by calamine: first sheet, headers in row 1
FORMATS = ("csv", *SPREADSHEETS)
NAME = re.compile(r"^(?P<source>[a-z_]+)_(?P<date>\d{8})\.(?P<ext>[^.]+)$", re.IGNORECASE)
_FORMATS_TEXT = "、".join(f".{f}" for f in FORMATS)


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
    expected = (f"文件名应为 {{source}}_{{YYYYMMDD}}.扩展名，扩展名为 {_FORMATS_TEXT} 之一 "
                f"(name must be {{source}}_{{YYYYMMDD}}.{'|'.join(FORMATS)})")
    if not m:
        return f"{expected}；未处理，文件保留在原处 (left in place)"
    if m["ext"].lower() not in FORMATS:
        return (f"不支持的文件格式 .{m['ext']}；可接收的格式: {_FORMATS_TEXT}，请在 Excel 或 WPS 中另存为 .xlsx "
                f"(unsupported format .{m['ext']}: accepted are {', '.join(FORMATS)}; save it as .xlsx)；"
                "未处理，文件保留在原处 (left in place)")
    if m["source"] not in sources:
        return f"未知的数据源 '{m['source']}' (unknown source)；可用: {', '.join(sorted(sources))}"
    try:
        date = dt.datetime.strptime(m["date"], "%Y%m%d").date()
    except ValueError:
        return f"文件名中的日期 {m['date']} 无效 (invalid extract date in file name)"
    return InboxFile(path, m["source"], date, m["ext"].lower())


def content_hash(path: Path) -> str:
    stat = path.stat()
    return _content_hash(path.resolve(), stat.st_mtime_ns, stat.st_size, stat.st_ino)


@functools.lru_cache(maxsize=4096)
def _content_hash(path: Path, mtime_ns: int, size: int, inode: int) -> str:
    # Cached on the file's signature: the no-change check and the load hash the same files.
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_WRONG_ENCODING = "无法识别的文件编码，应为 UTF-8 或 GB18030 (unreadable encoding{detail})；请另存为 UTF-8 CSV"


def _mostly_rare(sample: str) -> bool:
    """True when most non-ASCII characters fall outside GB2312 (the 6,763 common simplified
    characters and the usual punctuation): Chinese office text never looks like that, text in
    another double-byte encoding read as GB18030 always does."""
    # Counting every character is done in C; filtering them first in Python took 10× as long.
    counts = {c: n for c, n in Counter(sample).items() if ord(c) > 127}
    total = sum(counts.values())
    if total < 4:
        return False
    rare = 0
    for char, n in counts.items():
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            rare += n
    return rare > 0.3 * total


def _utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or NUL bytes near the start (UTF-16 without a mark)."""
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel on Chinese Windows writes).

    Every byte-order mark is dropped, not only a leading one: a BOM inside the text comes from
    exports pasted together and is never data. UTF-16 (BOM FF FE / FE FF, or NUL bytes), and text
    that decodes as GB18030 only into private-use characters (Big5 read as GBK) or mostly into
    characters outside GB2312 (Shift-JIS read as GBK), are refused as a wrong encoding rather
    than loaded as garbled text.
    """
    if _utf16(data):
        raise FileRefused(_WRONG_ENCODING.format(detail=": UTF-16"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as err:
            raise FileRefused(_WRONG_ENCODING.format(detail=f" at byte {err.start}")) from err
        odd = _PRIVATE_USE.search(text)
        if odd:
            raise FileRefused(_WRONG_ENCODING.format(
                detail=f": not GB18030 text at character {odd.start()}, perhaps Big5"))
        if _mostly_rare(text[:65536]):
            raise FileRefused(_WRONG_ENCODING.format(
                detail=": reads as GB18030 only into rare characters, perhaps Shift-JIS or Big5"))
    return text.replace("\ufeff", "")


_NO_HEADER_PREFIX = "(第"


def _header(cells: list) -> list[str]:
    names = [unicodedata.normalize("NFKC", str(c or "")).strip(" \u3000\t\r\n\ufeff") for c in cells]
    seen = {n for n in names if names.count(n) > 1 and n}
    if seen:
        raise FileRefused(f"表头列名重复: {', '.join(sorted(seen))} (duplicate header)")
    # A column without a header gets a visible placeholder name (reported as an extra column).
    return [n or f"{_NO_HEADER_PREFIX}{i + 1}列无表头)" for i, n in enumerate(names)]


def read_csv(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    # Plain UTF-8 (no byte-order mark anywhere, not UTF-16) goes to Arrow as it is: decoding to
    # Python text and encoding it back only to check it cost as much as Arrow's parse, and Arrow
    # refuses invalid UTF-8 itself (the file then takes the decoding path below).
    plain = _BOM not in data and not _utf16(data) and _is_utf8(data)
    if plain:
        frame = _rectangular_frame(data)
        if frame is not None:
            return frame
    text = decode(data)
    encoded = text.encode("utf-8")
    frame = None if plain and encoded == data else _rectangular_frame(encoded)
    return _frame(list(csv.reader(io.StringIO(text, newline="")))) if frame is None else frame


_ARROW_CSV = dict(
    read_options=pa_csv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
    parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
    convert_options=pa_csv.ConvertOptions(strings_can_be_null=True, quoted_strings_can_be_null=True,
                                          null_values=[""]),
)


_BOM = "\ufeff".encode("utf-8")


def _is_utf8(data: bytes) -> bool:
    """Arrow's UTF-8 check over the bytes in place (a GB18030 file parsed by Arrow first, only to
    come back as binary, cost a second parse)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _rectangular_frame(data: bytes) -> pd.DataFrame | None:
    """The common case, parsed by Arrow's C++ reader: every row as wide as the header.

    None when the file is anything else (a short or long row, a cell Arrow would not keep as
    text): the Python reader then reads it, with its row-by-row messages. Both give the same
    frame for a rectangular file (the same CSV dialect: comma, double quotes, quoted newlines).
    """
    try:
        table = pa_csv.read_csv(io.BytesIO(data), **_ARROW_CSV)
    except pa.ArrowInvalid:
        return None
    if table.num_rows == 0 or any(not (pa.types.is_string(t) or pa.types.is_null(t)) for t in table.schema.types):
        return None
    # The cells stay Arrow strings (pandas' "string" dtype, zero copy): cleaning and parsing
    # work on that dtype, and a round trip through Python objects was a third of the reading.
    header = [column[0].as_py() for column in table.columns]
    return _frame_from(header, {i: pd.arrays.ArrowStringArray(column.slice(1).cast(pa.string()))
                                for i, column in enumerate(table.columns)})


def _cell_text(value) -> str | None:
    if isinstance(value, str):
        value = value.replace("\ufeff", "")
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


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _first_sheet_xml(archive: zipfile.ZipFile) -> str | None:
    """The part name of the workbook's first sheet (the one calamine reads as index 0)."""
    try:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return None
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        return None
    rel_id = sheet.get(f"{_REL}id")
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _cells_without_values(path: Path, limit: int = 5) -> tuple[list[str], list[str]]:
    """Formula cells with no computed (cached) value, and error cells (#N/A …), of sheet 1.

    calamine returns both as empty cells, which would read as blanks: a formula a program wrote
    without computing it, or a lookup that failed, is not an empty value. Streams the XML, and
    only when the sheet holds a formula or an error at all.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            part = _first_sheet_xml(archive)
            if part is None or part not in archive.namelist():
                return [], []
            with archive.open(part) as handle:
                tail, suspicious = b"", False
                for block in iter(lambda: handle.read(1 << 20), b""):
                    chunk = tail + block
                    if b"<f" in chunk or b't="e"' in chunk or b"<x:f" in chunk:
                        suspicious = True
                        break
                    tail = chunk[-16:]
            if not suspicious:
                return [], []
            formulas, errors = [], []
            with archive.open(part) as handle:
                for _, element in ET.iterparse(handle):
                    if element.tag != f"{_MAIN}c":
                        if element.tag == f"{_MAIN}row":
                            element.clear()
                        continue
                    value = element.find(f"{_MAIN}v")
                    has_value = value is not None and (value.text or "") != ""
                    if element.find(f"{_MAIN}f") is not None and not has_value:
                        formulas.append(element.get("r", "?"))
                    elif element.get("t") == "e":
                        errors.append(f"{element.get('r', '?')}={value.text if value is not None else '#?'}")
                    if len(formulas) >= limit or len(errors) >= limit:
                        break
            return formulas, errors
    except (zipfile.BadZipFile, ET.ParseError, OSError):
        return [], []  # calamine reports the damage


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_spreadsheet(path: Path) -> pd.DataFrame:
    """The first sheet of an .xlsx, .xls or .ods workbook (calamine reads all three).

    Numeric cells are marked in `frame.attrs["numeric_cells"]` (header → Excel row numbers):
    their text cannot say whether Excel rounded an 18-digit ID or dropped a code's leading
    zeros, so validation decides per column type.
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
        merged = [m for m in (sheet.merged_cell_ranges or []) if m[0][0] == 0]
    except Exception as err:  # calamine raises several types for damaged files
        raise FileRefused(f"无法读取电子表格文件 (unreadable {path.suffix[1:].upper()}): {err}") from err
    if not any(v not in (None, "") for row in rows for v in row):
        for name in workbook.sheet_names[1:]:
            try:
                other = workbook.get_sheet_by_name(name).to_python()
            except Exception:  # noqa: BLE001 - only for a better message
                continue
            if any(v not in (None, "") for row in other for v in row):
                raise FileRefused(
                    f"第一个工作表“{workbook.sheet_names[0]}”为空，数据在工作表“{name}”；只读取第一个工作表 "
                    f"(first sheet is empty, the data is on sheet '{name}': only the first sheet is read)")
    if merged:
        cells = ", ".join(f"{_column_letters(a[1])}1:{_column_letters(b[1])}{b[0] + 1}" for a, b in merged)
        raise FileRefused(
            f"表头有合并单元格 {cells}，请取消合并并让每列有自己的表头，表头放在第一行 "
            f"(merged cells in the header row: {cells}; one header per column, in row 1)")
    # Formula and error cells are found in the XLSX's XML only; calamine gives .xls/.ods
    # formulas their saved values and errors as empty cells (docs/ingest.md).
    formulas, errors = _cells_without_values(path) if path.suffix.lower() == ".xlsx" else ([], [])
    if formulas:
        raise FileRefused(
            f"公式单元格没有计算结果: {', '.join(formulas)}；请在 Excel 中打开后保存再导出 "
            f"(formula cells without a computed value: open and save the file in Excel)")
    if errors:
        raise FileRefused(f"单元格有 Excel 错误值: {', '.join(errors)} (Excel error cells)")
    frame = _frame([[_cell_text(v) for v in row] for row in rows])
    header = _header(rows[0]) if rows else []
    numeric: dict[str, list[int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        for index, value in enumerate(row[:len(header)]):
            if _is_number(value):
                numeric.setdefault(header[index], []).append(number)
    frame.attrs["numeric_cells"] = numeric
    return frame


def _frame(rows: list[list]) -> pd.DataFrame:
    """First row = header; data rows padded to the header's width; index 0 = Excel row 2."""
    if not rows or not any(c not in (None, "") for c in rows[0]):
        raise FileRefused("文件为空或第一行没有表头 (empty file or no header row)")
    _header(rows[0])  # a duplicate header is named before any row's problem
    width = len(rows[0])
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(c not in (None, "") for c in row[width:]):
            raise FileRefused(f"第 {number} 行的单元格多于表头 (row {number} has more cells than the header)")
        body.append([None if c == "" else c for c in row[:width]] + [None] * (width - len(row)))
    columns = pd.DataFrame(body, columns=range(width), dtype="object")
    return _frame_from(rows[0], {i: pd.array(columns[i].to_numpy(), dtype="object") for i in range(width)})


def _frame_from(header_cells: list, columns: dict[int, pd.api.extensions.ExtensionArray]) -> pd.DataFrame:
    """The frame of a header row and its data columns (blank = None or NA), noise dropped."""
    if not any(c not in (None, "") for c in header_cells):
        raise FileRefused("文件为空或第一行没有表头 (empty file or no header row)")
    header = _header(header_cells)
    frame = pd.DataFrame({h: columns[i] for i, h in enumerate(header)})
    # Columns with neither a header nor a value are not columns (Excel's trailing empty columns).
    empty = [h for h in header if h.startswith(_NO_HEADER_PREFIX) and frame[h].isna().all()]
    frame = frame.drop(columns=empty)
    # Rows that are blank in every cell are not data (trailing lines, Excel's empty rows).
    frame = frame[frame.notna().any(axis=1)]
    frame.attrs["repeated_header_rows"] = _repeated_header_rows(frame)
    return frame


def _repeated_header_rows(frame: pd.DataFrame) -> list[int]:
    """Excel row numbers of data rows that repeat the header (two exports pasted together)."""
    if frame.empty:
        return []
    names = [h for h in frame.columns if not h.startswith(_NO_HEADER_PREFIX)]

    def text(h: str, rows=None) -> pa.Array:
        values = frame[h].array
        if isinstance(values, pd.arrays.ArrowStringArray):
            return pa.array(values if rows is None else values.take(rows), type=pa.string())
        values = values.to_numpy()
        return pa.array(values if rows is None else values[rows], type=pa.string(), from_pandas=True)

    # Arrow's kernels, not pandas' string accessor, whose fixed cost per call was most of the
    # time for the many small files of a delivery.
    # Cheap first pass (a 100 MB file has a million rows): a repeated header holds the first
    # characters of its header in each of the first columns; only those rows are compared in full.
    candidate = np.zeros(len(frame), dtype=bool)
    for h in names[:3]:
        candidate |= pc.match_substring(text(h), h[:2]).fill_null(False).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(candidate)
    if not len(rows):
        return []
    same = np.zeros(len(rows), dtype=int)
    for h in names:
        cells = pc.utf8_trim(pc.utf8_normalize(text(h, rows), "NFKC"), " \u3000\t\r\n")
        same += pc.equal(cells, h).fill_null(False).to_numpy(zero_copy_only=False)
    repeated = rows[same >= max(2, (len(names) + 1) // 2)]
    return [int(i) + 2 for i in frame.index[repeated]]


def read_table(file: InboxFile) -> pd.DataFrame:
    return read_spreadsheet(file.path) if file.extension in SPREADSHEETS else read_csv(file.path)
