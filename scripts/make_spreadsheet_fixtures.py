"""Regenerate tests/fixtures/spreadsheets/ with a real office suite (LibreOffice, headless).

The files are what personnel offices send: a CSV opened in the office suite and saved as .xls,
.ods or .xlsx. Run by hand when the fixtures must change (needs `soffice`:
`apt-get install libreoffice-calc-nogui`); the tests only read the committed files.

    .venv/bin/python scripts/make_spreadsheet_fixtures.py
"""
from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "spreadsheets"

ROSTER = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "最高学历"]
ROSTER_ROWS = [
    ["RY001", "张三", "650102197503120014", "BT01", "执法人员", "2015-05-19", "本科"],
    ["RY002", "李四", "650104198001010023", "BT01", "执法人员", "2018-03-01", "大专"],
    ["RY003", "王五", "65010219850707008X", "BT02", "执法人员", "2021-07-01", "硕士研究生"],
]
UNITS = ["单位代码", "单位名称", "层级", "上级单位代码"]
UNITS_ROWS = [
    ["0100", "兵团应急管理局", "兵团", ""],
    ["0101", "第一师", "师市", "0100"],
    ["BT02", "第二师", "师市", "0100"],
]
# LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from row 1, then column formats
# (1 = standard: the suite guesses, as a double-click does; 2 = text).
AS_TEXT = "CSV:44,34,76,1,{}"
GUESSED = "CSV:44,34,76,1"


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _convert(source: Path, fmt: str, infilter: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", f"--infilter={infilter}", "--convert-to", fmt,
                        "--outdir", out, str(source)], check=True, capture_output=True)
        produced = next(Path(out).iterdir())
        shutil.move(produced, target)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        roster = _csv(Path(tmp) / "roster.csv", ROSTER, ROSTER_ROWS)
        units = _csv(Path(tmp) / "units.csv", UNITS, UNITS_ROWS)
        text_roster = AS_TEXT.format("/".join(f"{i}/2" for i in range(1, len(ROSTER) + 1)))
        _convert(roster, "xls", text_roster, OUT / "roster_text.xls")
        _convert(roster, "ods", text_roster, OUT / "roster_text.ods")
        _convert(roster, "xlsx", text_roster, OUT / "roster_text.xlsx")
        _convert(roster, "xlsx", GUESSED, OUT / "roster_numeric_ids.xlsx")
        _convert(roster, "xls", GUESSED, OUT / "roster_numeric_ids.xls")
        _convert(units, "xlsx", GUESSED, OUT / "units_numeric_codes.xlsx")
        _convert(units, "ods", GUESSED, OUT / "units_numeric_codes.ods")
        # The same workbook saved back as CSV: long numbers become 6.50102E+17 text.
        _convert(OUT / "roster_numeric_ids.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", "Calc MS Excel 2007 XML", OUT / "roster_resaved.csv")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
