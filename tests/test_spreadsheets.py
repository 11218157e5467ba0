"""Workbooks as personnel offices send them, written by a real office suite (LibreOffice).

The fixtures in tests/fixtures/spreadsheets/ come from scripts/make_spreadsheet_fixtures.py: the
same three-person roster saved with its columns typed as text (.xls, .ods, .xlsx), and saved the
way a double-click does it, where the suite turns 18-digit ID numbers and zero-led unit codes
into numbers.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dagster_project.ingest.read import FileRefused, match_name, read_spreadsheet
from ingest_helpers import UNITS, ingest, query, write_csv

FIXTURES = Path(__file__).parent / "fixtures" / "spreadsheets"
IDS = ["650102197503120014", "650104198001010023", "65010219850707008X"]
DIGITS_LOST = "单元格被存为数字，末尾位数已丢失；请将该列设置为文本后重新导出"
ZEROS_LOST = "单元格被存为数字，开头的 0 可能已丢失"


def deliver(inbox: Path, fixture: str, name: str) -> Path:
    return Path(shutil.copy(FIXTURES / fixture, inbox / name))


def manifest(db):
    return query(db, "SELECT file_name, status, rows_read, rows_loaded, rows_rejected "
                     "FROM audit.load_manifest ORDER BY file_name")


@pytest.mark.parametrize("fixture, name", [
    ("roster_text.xls", "roster_20230131.xls"),
    ("roster_text.ods", "roster_20230131.ods"),
    ("roster_text.xlsx", "roster_20230131.xlsx"),
])
def test_xls_ods_xlsx_with_text_columns_load_alike(inbox, db, fixture, name):
    deliver(inbox, fixture, name)
    ingest(db, inbox)
    assert manifest(db) == [(name, "loaded", 3, 3, 0)]
    assert query(db, "SELECT person_id, id_number, unit_code, hire_date, education_level "
                     "FROM raw.roster ORDER BY person_id") == [
        ("RY001", IDS[0], "BT01", dt.date(2015, 5, 19), "bachelor"),
        ("RY002", IDS[1], "BT01", dt.date(2018, 3, 1), "associate"),
        ("RY003", IDS[2], "BT02", dt.date(2021, 7, 1), "master"),
    ]


@pytest.mark.parametrize("fixture, name", [
    ("roster_numeric_ids.xlsx", "roster_20230228.xlsx"),
    ("roster_numeric_ids.xls", "roster_20230228.xls"),
])
def test_numeric_id_cells_rejected_as_numbers_not_as_check_digit_failures(inbox, db, fixture, name):
    deliver(inbox, fixture, name)
    ingest(db, inbox)
    assert manifest(db) == [(name, "loaded", 3, 1, 2)]
    # Only the ID that ends in X stayed text; no digit string made from a number ever loads.
    assert query(db, "SELECT person_id, id_number FROM raw.roster") == [("RY003", IDS[2])]
    found = query(db, "SELECT row_number, column_name, reason_code, reason FROM audit.rejects ORDER BY 1")
    assert [(r[0], r[1], r[2]) for r in found] == [
        (2, "身份证号", "numeric_digits_lost"), (3, "身份证号", "numeric_digits_lost")]
    assert all(r[3].startswith(DIGITS_LOST) and "digits lost" in r[3] for r in found)


def test_scientific_notation_in_a_resaved_csv_rejected(inbox, db):
    deliver(inbox, "roster_resaved.csv", "roster_20230331.csv")
    ingest(db, inbox)
    assert manifest(db) == [("roster_20230331.csv", "loaded", 3, 1, 2)]
    assert query(db, "SELECT DISTINCT reason_code FROM audit.rejects") == [("numeric_digits_lost",)]


@pytest.mark.parametrize("fixture, name", [
    ("units_numeric_codes.xlsx", "units_20230101.xlsx"),
    ("units_numeric_codes.ods", "units_20230101.ods"),
])
def test_codes_that_became_numbers_rejected_for_lost_zeros(inbox, db, fixture, name):
    deliver(inbox, fixture, name)
    ingest(db, inbox)
    assert manifest(db) == [(name, "loaded", 3, 0, 3)]
    assert query(db, "SELECT row_number, column_name, raw_value, reason_code FROM audit.rejects ORDER BY 1, 2") == [
        (2, "单位代码", "100", "numeric_code"),
        (3, "上级单位代码", "100", "numeric_code"),
        (3, "单位代码", "101", "numeric_code"),
        (4, "上级单位代码", "100", "numeric_code"),
    ]
    assert query(db, "SELECT DISTINCT reason FROM audit.rejects")[0][0].startswith(ZEROS_LOST)


def test_numbers_stay_welcome_where_the_contract_expects_numbers(inbox, db):
    # Dates as numbers (YYYYMMDD) and date cells in the same workbook still load.
    frame = read_spreadsheet(FIXTURES / "roster_numeric_ids.xlsx")
    assert frame.attrs["numeric_cells"] == {"身份证号": [2, 3]}
    assert list(frame["入职日期"]) == ["2015-05-19", "2018-03-01", "2021-07-01"]


@pytest.mark.parametrize("name", ["roster_20230131.et", "roster_20230131.numbers", "roster_20230131.xlsm"])
def test_other_formats_refused_naming_the_accepted_ones(inbox, db, name):
    write_csv(inbox / name, UNITS, [])
    ingest(db, inbox)
    ((status, message),) = query(db, "SELECT status, message FROM audit.load_manifest")
    assert status == "refused"
    assert ".csv、.xlsx、.xls、.ods" in message and "save it as .xlsx" in message
    assert (inbox / name).exists()


def test_spreadsheet_names_match_like_xlsx():
    sources = {"roster"}
    for ext in ("xls", "ods", "XLS", "xlsx", "csv"):
        assert match_name(Path(f"roster_20230131.{ext}"), sources).extension == ext.lower()


def test_an_xls_and_an_ods_of_one_date_are_ambiguous(inbox, db):
    deliver(inbox, "roster_text.xls", "roster_20230131.xls")
    deliver(inbox, "roster_text.ods", "roster_20230131.ods")
    ingest(db, inbox)
    assert [r[1] for r in manifest(db)] == ["ambiguous", "ambiguous"]


def test_damaged_ods_refused(inbox):
    (inbox / "roster_20230131.ods").write_bytes((FIXTURES / "roster_text.ods").read_bytes()[:2000])
    with pytest.raises(FileRefused, match="unreadable ODS"):
        read_spreadsheet(inbox / "roster_20230131.ods")
