"""The bad-input corpus: one small inbox file per failure class, written at test time.

`CASES` is the table: each case knows how to write its file(s) into an inbox and what the ingest
must make of them — a refused file with a message naming the problem, or a loaded file with
exact accounting (read / loaded / rejected) and the rejects it must hold (row, column, reason
code). docs/trust.md lists the same classes for people. Nothing here is committed as a binary:
every XLSX and every odd encoding is produced by the builders below.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from dagster_project.ingest.checksums import id_check_digit

D = dt.date
VALID_USCC = "91650100MA7812345K"
VALID_ID = "11010519491231002X"
OTHER_ID = "650102198503011234"[:17] + id_check_digit("650102198503011234"[:17])

UNITS = ["单位代码", "单位名称", "层级", "上级单位代码"]
UNIT_ROWS = [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师阿拉尔市应急管理局", "师市", "BT00"]]
TRAINING = ["培训记录编号", "人员编号", "培训类别", "开始日期", "结束日期", "学时", "考核结果"]
ROSTER = ["人员编号", "姓名", "身份证号", "出生日期", "所属单位", "人员类别", "入职日期", "离岗日期",
          "最高学历", "入职前相关工作年限", "注册安全工程师"]
INSPECTIONS = ["检查编号", "检查方式", "任务编号", "统一社会信用代码", "执法主体", "检查开始日期",
               "检查结束日期", "发现隐患数", "重大隐患数", "专家参与"]
DISCRETION = ["违法行为代码", "违法行为", "裁量情节", "罚款下限(元)", "罚款上限(元)"]
TASKS = ["任务编号", "组织单位", "抽取日期", "对象库数量", "抽取企业数"]


def training(rid="R1", **over) -> list:
    row = dict(zip(TRAINING, [rid, "P1", "复训", "2021-03-01", "2021-03-14", "40", "合格"]))
    row.update(over)
    return [row[h] for h in TRAINING]


def roster(pid="P1", **over) -> list:
    row = dict(zip(ROSTER, [pid, "张三", VALID_ID, "1985-03-01", "BT01", "执法人员", "2015-06-01", "",
                            "本科", "3.5", "否"]))
    row.update(over)
    return [row[h] for h in ROSTER]


def inspection(iid="I1", **over) -> list:
    row = dict(zip(INSPECTIONS, [iid, "重点检查", "", VALID_USCC, "BT01", "2021-03-01", "2021-03-02",
                                 "3", "1", "是"]))
    row.update(over)
    return [row[h] for h in INSPECTIONS]


# --- writers -------------------------------------------------------------------------------------

def csv_text(header: list, rows: list[list], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, header: list, rows: list[list], encoding: str = "utf-8", newline: str = "\n") -> None:
    path.write_bytes(csv_text(header, rows, newline).encode(encoding))


def write_xlsx(path: Path, header: list, rows: list[list], *, sheets_before: int = 0,
               merge_header: tuple[int, int] | None = None, formulas: dict | None = None,
               number_format: dict | None = None) -> None:
    """An XLSX written the way Excel would (xlsxwriter); options for the odd cases."""
    workbook = xlsxwriter.Workbook(str(path))
    for i in range(sheets_before):
        workbook.add_worksheet(f"说明{i + 1}")
    sheet = workbook.add_worksheet("数据")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    if merge_header:
        first, last = merge_header
        sheet.merge_range(0, first, 0, last, header[first])
        for c, value in enumerate(header):
            if not first <= c <= last:
                sheet.write(0, c, value)
    else:
        sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    for (r, c), (formula, cached) in (formulas or {}).items():
        sheet.write_formula(r, c, formula, None, cached)
    workbook.close()


def strip_cached_values(path: Path) -> None:
    """Remove every formula's cached value (<v>), as programs that write XLSX without Excel do."""
    import re

    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def set_error_cell(path: Path, ref: str, error: str = "#N/A") -> None:
    """Turn one cell into an Excel error value (a failed VLOOKUP)."""
    import re

    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)'.encode(),
                          f'<c r="{ref}" t="e"><v>{error}</v></c>'.encode(), parts[sheet], count=1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


# --- the table -----------------------------------------------------------------------------------

@dataclass
class Case:
    """One failure class. `write(inbox, date)` writes the file(s) named for `date` (YYYYMMDD)."""
    id: str
    klass: str  # the failure class, as docs/trust.md names it
    write: Callable[[Path, str], list[str]]
    status: str  # loaded | refused | ambiguous
    message: str | tuple[str, ...] = ""  # fragment(s) the manifest message must contain
    counts: tuple[int, int, int] | None = None  # rows read, loaded, rejected
    rejects: set = field(default_factory=set)  # {(row_number, column, reason_code)}
    query: tuple[str, list] | None = None  # (SQL with {file}, expected rows)
    in_job: bool = True  # also part of the whole-corpus Dagster run


def _csv(source: str, header, rows, **kw):
    def write(inbox: Path, date: str) -> list[str]:
        name = f"{source}_{date}.csv"
        write_csv(inbox / name, header, rows, **kw)
        return [name]
    return write


def _raw(name_pattern: str, data: bytes | Callable[[], bytes]):
    def write(inbox: Path, date: str) -> list[str]:
        name = name_pattern.format(date=date)
        (inbox / name).write_bytes(data() if callable(data) else data)
        return [name]
    return write


def _xlsx(source: str, header, rows, post=None, **kw):
    def write(inbox: Path, date: str) -> list[str]:
        name = f"{source}_{date}.xlsx"
        write_xlsx(inbox / name, header, rows, **kw)
        if post:
            post(inbox / name)
        return [name]
    return write


def _truncated(inbox: Path, date: str) -> list[str]:
    name = f"roster_{date}.xlsx"
    write_xlsx(inbox / name, ROSTER, [roster(f"P{i}") for i in range(50)])
    data = (inbox / name).read_bytes()
    (inbox / name).write_bytes(data[: len(data) * 2 // 3])
    return [name]


def _ambiguous(inbox: Path, date: str) -> list[str]:
    write_csv(inbox / f"units_{date}.csv", UNITS, UNIT_ROWS)
    write_xlsx(inbox / f"units_{date}.xlsx", UNITS, UNIT_ROWS)
    return [f"units_{date}.csv", f"units_{date}.xlsx"]


def _misnamed(name: str):
    def write(inbox: Path, date: str) -> list[str]:
        write_csv(inbox / name.format(date=date), UNITS, UNIT_ROWS)
        return [name.format(date=date)]
    return write


def _bom_in_middle() -> bytes:
    # Two exports pasted together: the second one starts with its own BOM and header.
    first = csv_text(UNITS, UNIT_ROWS).encode("utf-8-sig")
    second = csv_text(UNITS, [["BT02", "第二师铁门关市应急管理局", "师市", "BT00"]]).encode("utf-8-sig")
    return first + second


def _bom_at_line_start() -> bytes:
    return (csv_text(UNITS, UNIT_ROWS[:1]) + "\ufeffBT01,第一师阿拉尔市应急管理局,师市,BT00\n").encode("utf-8")


def _big5() -> bytes:
    # A Taiwanese/Hong Kong desktop's export: traditional headers in Big5 — decodes as GB18030 into
    # private-use characters, which is how it is told apart from real GB18030.
    header = ["單位代碼", "單位名稱", "層級", "上級單位代碼"]
    return csv_text(header, [["BT00", "兵團應急管理局", "兵團", ""]]).encode("big5")


def _shift_jis() -> bytes:
    return csv_text(["単位コード", "単位名称", "階層"], [["BT00", "兵団応急管理局", "ｶﾅ"]]).encode("shift_jis")


def _quoted_multiline() -> bytes:
    rows = [training("R1", 培训类别="复训"), training("R2"), training("R3", 开始日期="x")]
    rows[0][0] = "R1"
    text = csv_text(TRAINING + ["培训名称"], [r + [n] for r, n in zip(rows, [
        "危险化学品,安全\n第一期", '"双引号"课程', "第三期"])])
    return text.encode("utf-8")


def _trailing_empty_columns() -> bytes:
    text = csv_text(UNITS + ["", "", ""], [r + ["", "", ""] for r in UNIT_ROWS])
    return text.encode("utf-8")


def _big_header_only() -> bytes:
    return (",".join(UNITS) + "\n").encode("utf-8")


def _blank_lines() -> bytes:
    return (csv_text(UNITS, UNIT_ROWS[:1]) + "\n,,,\n\n" + "BT01,第一师,师市,BT00\n" + "BT02,第二师,兵团兵,BT00\n").encode()


def _fullwidth() -> list:
    return roster("Ｐ１", 身份证号=VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
                  出生日期="１９８５－０３－０１", 入职日期="２０１５年６月１日", 入职前相关工作年限="３．５",
                  所属单位="ＢＴ０１")


def _second_sheet_with_data_also() -> Callable:
    def write(inbox: Path, date: str) -> list[str]:
        name = f"units_{date}.xlsx"
        workbook = xlsxwriter.Workbook(str(inbox / name))
        first = workbook.add_worksheet("单位")
        first.write_row(0, 0, UNITS)
        for r, row in enumerate(UNIT_ROWS, start=1):
            first.write_row(r, 0, row)
        other = workbook.add_worksheet("草稿")
        other.write_row(0, 0, UNITS)
        other.write_row(1, 0, ["XX99", "草稿", "师市", ""])
        workbook.close()
        return [name]
    return write


R = "roster"
CASES: list[Case] = [
    # --- file names ---------------------------------------------------------------------------
    Case("misnamed", "name fits no source", _misnamed("人员名单_最终版_{date}.csv"), "refused", "name must be"),
    Case("unknown_source", "unknown source in the name", _misnamed("staff_{date}.csv"), "refused", "unknown source"),
    Case("bad_name_date", "impossible extract date in the name", _misnamed("units_2021133{date[7]}.csv"),
         "refused", "invalid extract date"),
    Case("upper_ext", "upper-case extension .CSV", _raw("units_{date}.CSV", csv_text(UNITS, UNIT_ROWS).encode()),
         "loaded", counts=(2, 2, 0)),
    Case("ambiguous", "two new files, same source and date", _ambiguous, "ambiguous", "ambiguous"),
    # --- encodings ------------------------------------------------------------------------------
    Case("utf8_bom", "UTF-8 with BOM", _csv("units", UNITS, UNIT_ROWS, encoding="utf-8-sig"), "loaded",
         counts=(2, 2, 0), query=("SELECT unit_code FROM raw.units WHERE _file_name = '{file}' ORDER BY 1",
                                  [("BT00",), ("BT01",)])),
    Case("gb18030", "GB18030 (Excel on Chinese Windows)", _csv("units", UNITS, UNIT_ROWS, encoding="gb18030"),
         "loaded", counts=(2, 2, 0),
         query=("SELECT unit_name FROM raw.units WHERE _file_name = '{file}' ORDER BY 1",
                [("兵团应急管理局",), ("第一师阿拉尔市应急管理局",)])),
    Case("utf16", "wrong encoding: UTF-16", _raw("units_{date}.csv", lambda: csv_text(UNITS, UNIT_ROWS).encode("utf-16")),
         "refused", "UTF-16"),
    Case("big5", "wrong encoding: Big5 (decodes as GB18030 into garbage)", _raw("units_{date}.csv", _big5),
         "refused", "encoding"),
    Case("shift_jis", "wrong encoding: Shift-JIS", _raw("units_{date}.csv", _shift_jis), "refused", "encoding"),
    Case("bom_middle", "BOM in the middle (two exports pasted together)", _raw("units_{date}.csv", _bom_in_middle),
         "loaded", counts=(4, 3, 1), rejects={(4, "单位代码", "repeated_header")},
         query=("SELECT unit_code FROM raw.units WHERE _file_name = '{file}' ORDER BY 1",
                [("BT00",), ("BT01",), ("BT02",)])),
    Case("bom_line_start", "BOM at the start of a data line", _raw("units_{date}.csv", _bom_at_line_start),
         "loaded", counts=(2, 2, 0),
         query=("SELECT unit_code FROM raw.units WHERE _file_name = '{file}' ORDER BY 1", [("BT00",), ("BT01",)])),
    # --- layout ---------------------------------------------------------------------------------
    Case("empty_csv", "empty file (0 bytes, CSV)", _raw("units_{date}.csv", b""), "refused", "empty file"),
    Case("empty_xlsx", "empty file (0 bytes, XLSX)", _raw("units_{date}.xlsx", b""), "refused", "unreadable XLSX"),
    Case("headers_only", "headers only", _raw("units_{date}.csv", _big_header_only), "loaded", counts=(0, 0, 0)),
    Case("missing_column", "missing required column", _csv("training", TRAINING[:-1], [training()[:-1]]),
         "refused", "考核结果"),
    Case("extra_column", "extra column", _csv("units", UNITS + ["备注"], [r + ["x"] for r in UNIT_ROWS]),
         "loaded", "备注", counts=(2, 2, 0)),
    Case("duplicate_header", "duplicate header", _csv("units", UNITS + ["层级"], [r + ["兵团"] for r in UNIT_ROWS]),
         "refused", "duplicate header"),
    Case("too_many_cells", "row with more cells than the header",
         _csv("units", UNITS, [UNIT_ROWS[0], UNIT_ROWS[1] + ["多余"]]), "refused", "row 3 has more cells"),
    Case("trailing_empty_columns", "trailing empty columns", _raw("units_{date}.csv", _trailing_empty_columns),
         "loaded", counts=(2, 2, 0)),
    Case("crlf", "CRLF line endings", _csv("units", UNITS, UNIT_ROWS, newline="\r\n"), "loaded", counts=(2, 2, 0),
         query=("SELECT unit_name FROM raw.units WHERE _file_name = '{file}' ORDER BY 1",
                [("兵团应急管理局",), ("第一师阿拉尔市应急管理局",)])),
    Case("quoted_multiline", "quoted fields with embedded newlines, commas and quotes",
         _raw("training_{date}.csv", _quoted_multiline), "loaded", counts=(3, 2, 1),
         rejects={(4, "开始日期", "bad_date")},
         query=("SELECT course_name FROM raw.training WHERE _file_name = '{file}' ORDER BY _row_number",
                [("危险化学品,安全\n第一期",), ('"双引号"课程',)])),
    Case("repeated_header", "header row repeated mid-file", _csv("units", UNITS, [UNIT_ROWS[0], UNITS, UNIT_ROWS[1]]),
         "loaded", counts=(3, 2, 1), rejects={(3, "单位代码", "repeated_header")}),
    Case("blank_lines", "blank lines inside the data (row numbers kept)", _raw("units_{date}.csv", _blank_lines),
         "loaded", counts=(3, 2, 1), rejects={(7, "层级", "bad_enum")}),
    # --- XLSX -----------------------------------------------------------------------------------
    Case("truncated_xlsx", "truncated XLSX", _truncated, "refused", "unreadable XLSX"),
    Case("merged_header", "merged header cells", _xlsx("units", UNITS, UNIT_ROWS, merge_header=(0, 1)),
         "refused", "merged cells in the header row: A1:B1"),
    Case("formula_cached", "formula cells with computed values", _xlsx(
        "training", TRAINING, [training("R1"), training("R2", 学时="")], formulas={(2, 5): ("=F2*2", 80)}),
         "loaded", counts=(2, 2, 0),
         query=("SELECT record_id, hours FROM raw.training WHERE _file_name = '{file}' ORDER BY 1",
                [("R1", 40.0), ("R2", 80.0)])),
    Case("formula_no_value", "formula cell without a computed value", _xlsx(
        "training", TRAINING, [training("R1"), training("R2", 学时="")], formulas={(2, 5): ("=F2*2", 80)},
        post=strip_cached_values), "refused", ("F3", "formula cells without a computed value")),
    Case("error_cell", "Excel error cell (#N/A)", _xlsx("training", TRAINING, [training("R1"), training("R2")],
                                                      post=lambda p: set_error_cell(p, "B3")),
         "refused", "B3=#N/A"),
    Case("data_on_second_sheet", "first sheet empty, data on another sheet",
         _xlsx("units", UNITS, UNIT_ROWS, sheets_before=1), "refused", "first sheet is empty"),
    Case("other_sheets_ignored", "data on the first sheet and on another: only the first is read",
         _second_sheet_with_data_also(), "loaded", counts=(2, 2, 0)),
    Case("excel_dates", "Excel date cells, numeric YYYYMMDD cell and a 1900 date cell", _xlsx(
        "training", TRAINING, [training("R1", 开始日期=D(2021, 3, 1), 结束日期=20210314),
                               training("R2", 开始日期=D(1900, 1, 1))]),
         "loaded", counts=(2, 1, 1), rejects={(3, "开始日期", "bad_date")}),
    Case("id_as_number", "ID number stored as a number cell (Excel drops the last digits)",
         _xlsx(R, ROSTER, [roster("P1", 身份证号=int(VALID_ID[:-1] + "1"))]), "loaded", counts=(1, 0, 1),
         rejects={(2, "身份证号", "numeric_digits_lost")}),
    Case("code_as_number", "unit codes stored as number cells (leading zeros may be gone)",
         _xlsx("units", UNITS, [[100, "兵团应急管理局", "兵团", ""], ["BT01", "第一师", "师市", 100]]),
         "loaded", counts=(2, 0, 2), rejects={(2, "单位代码", "numeric_code"), (3, "上级单位代码", "numeric_code")}),
    # --- values ---------------------------------------------------------------------------------
    Case("implausible_dates", "dates in 1900 and 2100 (implausible: before 1901-01-01 or after 2099-12-31)",
         _csv("training", TRAINING, [training("R1", 开始日期="1900-06-01"), training("R2", 结束日期="2100-01-01"),
                                     training("R3", 开始日期="1901-01-01", 结束日期="2099-12-31")]),
         "loaded", counts=(3, 1, 2), rejects={(2, "开始日期", "bad_date"), (3, "结束日期", "bad_date")}),
    Case("bad_values", "values that are not their type",
         _csv("inspections", INSPECTIONS, [
             inspection("I1", 检查开始日期="2021-02-30"), inspection("I2", 发现隐患数="3.5"),
             inspection("I3", 检查方式="抽查"), inspection("I4", 专家参与="Y"),
             inspection("I5", 统一社会信用代码=VALID_USCC[:-1] + "0"), inspection("I6", 执法主体=""),
             inspection("I7", 发现隐患数="3.0"), inspection("I8", 发现隐患数="-1", 重大隐患数="")]),
         "loaded", counts=(8, 1, 7), rejects={
             (2, "检查开始日期", "bad_date"), (3, "发现隐患数", "bad_integer"), (4, "检查方式", "bad_enum"),
             (5, "专家参与", "bad_yesno"), (6, "统一社会信用代码", "bad_uscc"), (7, "执法主体", "missing_required"),
             (9, "发现隐患数", "below_min")}),
    Case("cross_field", "cross-field rules", _csv("inspections", INSPECTIONS, [
        inspection("I1", 检查结束日期="2021-02-28"), inspection("I2", 重大隐患数="4"),
        inspection("I3", 检查方式="双随机"), inspection("I4", 任务编号="T1"),
        inspection("I5", 检查方式="双随机", 任务编号="T1")]),
         "loaded", counts=(5, 1, 4), rejects={(2, "检查结束日期", "before_other"), (3, "重大隐患数", "above_other"),
                                              (4, "任务编号", "required_if"), (5, "任务编号", "forbidden_if")}),
    Case("fine_band_inverted", "罚款上限 below 罚款下限", _csv("discretion_standards", DISCRETION, [
        ["V01", "未按规定", "一般", "1000", "500"], ["V01", "未按规定", "较重", "1000", "5000"]]),
         "loaded", counts=(2, 1, 1), rejects={(2, "罚款上限(元)", "below_other")}),
    Case("bad_decimal", "not a number in a decimal column", _csv(R, ROSTER, [roster("P1", 入职前相关工作年限="三年")]),
         "loaded", counts=(1, 0, 1), rejects={(2, "入职前相关工作年限", "bad_decimal")}),
    Case("bad_id", "ID number check digit fails", _csv(R, ROSTER, [roster("P1", 身份证号=VALID_ID[:-1] + "1")]),
         "loaded", counts=(1, 0, 1), rejects={(2, "身份证号", "bad_id_number")}),
    Case("lowercase_x", "ID number with a lower-case x (accepted, upper-cased)",
         _csv(R, ROSTER, [roster("P1", 身份证号=VALID_ID.lower())]), "loaded", counts=(1, 1, 0),
         query=("SELECT id_number FROM raw.roster WHERE _file_name = '{file}'", [(VALID_ID,)])),
    Case("lowercase_uscc", "USCC in lower case (accepted, upper-cased)",
         _csv("inspections", INSPECTIONS, [inspection("I1", 统一社会信用代码=VALID_USCC.lower())]), "loaded",
         counts=(1, 1, 0), query=("SELECT uscc FROM raw.inspections WHERE _file_name = '{file}'", [(VALID_USCC,)])),
    Case("fullwidth", "full-width digits and letters (NFKC)", _csv(R, ROSTER, [_fullwidth()]), "loaded",
         counts=(1, 1, 0), query=(
             "SELECT person_id, id_number, birth_date, hire_date, prior_experience_years, unit_code "
             "FROM raw.roster WHERE _file_name = '{file}'",
             [("P1", VALID_ID, D(1985, 3, 1), D(2015, 6, 1), 3.5, "BT01")])),
    Case("spaces", "leading/trailing and full-width spaces", _csv(R, ROSTER, [
        roster(" P1\u3000", 人员类别="\u3000执法人员 ", 入职日期=" 2015-06-01")]), "loaded", counts=(1, 1, 0),
         query=("SELECT person_id, staff_category FROM raw.roster WHERE _file_name = '{file}'", [("P1", "officer")])),
    Case("duplicate_key_snapshot", "duplicate key within one snapshot file",
         _csv(R, ROSTER, [roster("P1"), roster("P2", 身份证号=OTHER_ID), roster("P1", 姓名="李四")]),
         "loaded", counts=(3, 1, 2), rejects={(2, "人员编号", "duplicate_key"), (4, "人员编号", "duplicate_key")}),
    Case("duplicate_key_event", "duplicate key within one event file (later row wins, none rejected)",
         _csv("training", TRAINING, [training("R1", 考核结果="不合格"), training("R1")]), "loaded", counts=(2, 2, 0)),
    Case("separation_before_hire", "end date before start date (roster 离岗日期 < 入职日期)",
         _csv(R, ROSTER, [roster("P1", 离岗日期="2014-01-01")]), "loaded", counts=(1, 0, 1),
         rejects={(2, "离岗日期", "before_other")}),
    Case("orphan", "reference to a record not seen yet (loaded, reported)",
         _csv("training", TRAINING, [training("R1", 人员编号="P-NOBODY")]), "loaded", counts=(1, 1, 0),
         query=("SELECT reference_value FROM audit.orphans WHERE file_name = '{file}'", [("P-NOBODY",)])),
    Case("bad_integer_task", "3.5 in an integer column, 3.0 accepted", _csv("random_tasks", TASKS, [
        ["T1", "BT01", "2021-03-01", "3.0", "2"], ["T2", "BT01", "2021-03-01", "3.5", "2"]]),
         "loaded", counts=(2, 1, 1), rejects={(3, "对象库数量", "bad_integer")}),
]
