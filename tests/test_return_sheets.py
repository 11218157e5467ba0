"""The fix-and-resend loop: rejected rows kept whole in the quarantine (restricted copy only),
given back as 退回修改表, fixed, sent back, and closed by the file that fixed them."""
from __future__ import annotations

import ast
import datetime as dt
import io
import json
import re

import duckdb
import openpyxl
import pytest

from dagster_project import paths
from dagster_project.contracts import load_contracts
from ingest_helpers import TRAINING, UNITS, write_csv, write_xlsx
from test_pipeline_hand_worked import ROSTER, _roster_row

D = dt.date
SCOPE_ALL = frozenset({"BT00", "BT01", "ALL"})


def test_dbt_source_keys_are_the_contracts_keys():
    text = (paths.DBT_DIR / "macros" / "source_keys.sql").read_text(encoding="utf-8")
    macro = ast.literal_eval(re.search(r"return\((\{.*?\})\)", text, re.S).group(1))
    assert {s: (k, tuple(cols)) for s, (k, cols) in macro.items()} == {
        s: (c.kind, c.key) for s, c in load_contracts().items()}


def test_workbook_keeps_the_source_layout_as_text():
    from dashboards.return_sheets import workbook

    data = workbook("training", [({"培训记录编号": "T9", "人员编号": "P1", "开始日期": "2021-3-1",
                                   "备注": "extra"}, "结束日期：必填项为空", "training_20211231.csv", 4)])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    contract = [c.header for c in load_contracts()["training"].columns]
    assert header == [*contract, "备注", "退回原因", "原文件名", "原行号"]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["培训记录编号"].value == "T9" and row["开始日期"].value == "2021-3-1"
    assert row["原行号"].value == "4" and row["退回原因"].value == "结束日期：必填项为空"
    assert all(c.number_format == "@" for c in sheet[2])


def _run(inbox, db, monkeypatch):
    monkeypatch.setenv("REGWH_INBOX", str(inbox))
    monkeypatch.setenv("REGWH_WAREHOUSE", str(db))
    from dagster_project.runner import execute_job

    assert execute_job().success


def _serving(db, sql, params=None):
    with duckdb.connect(str(paths.serving_path(db)), read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture
def delivered(tmp_path, monkeypatch, dbt_manifest):
    """Run 1: P2's ID number is a number cell (roster, a snapshot) and T2 has no end date
    (training, an event source): two rejected rows."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "wh.duckdb"
    write_csv(inbox / "units_20210131.csv", UNITS,
              [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师", "师市", "BT00"]])
    rows = [_roster_row(p) for p in ("P1", "P2")]
    rows[1][2] = int(rows[1][2][:-1] + "0")  # what a double-click makes of the ID
    write_xlsx(inbox / "roster_20211231.xlsx", ROSTER, rows)
    write_csv(inbox / "training_20211231.csv", TRAINING, [
        ["T1", "P1", "复训", "2021-03-01", "2021-03-14", "合格"],
        ["T2", "P2", "复训", "2021-04-01", "", "合格"],
    ])
    _run(inbox, db, monkeypatch)
    return inbox, db


def test_rejected_rows_kept_whole_in_the_restricted_copy_only(delivered):
    _, db = delivered
    with duckdb.connect(str(paths.restricted_path(db)), read_only=True) as con:
        kept = con.execute("SELECT file_name, row_number, record_key, unit_code, cells "
                           "FROM quarantine.rejected_rows ORDER BY file_name").fetchall()
    assert [k[:4] for k in kept] == [("roster_20211231.xlsx", 3, "P2", "BT01"),
                                     ("training_20211231.csv", 3, "T2", None)]
    roster_cells = json.loads(kept[0][4])
    assert roster_cells["姓名"] == "人员2" and len(roster_cells) == len(ROSTER) - 1  # 离岗日期 blank
    assert _serving(db, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'quarantine'") == [(0,)]
    assert _serving(db, "SELECT count(*) FROM duckdb_columns() WHERE column_name = 'cells'") == [(0,)]
    # The serving copy says which rows are open, by key and unit, never by their cells.
    assert _serving(db, "SELECT file_name, row_number, record_key, unit_code, status "
                        "FROM marts.dq_reject_status ORDER BY 1") == [
        ("roster_20211231.xlsx", 3, "P2", "BT01", "open"),
        ("training_20211231.csv", 3, "T2", None, "open")]


def test_return_sheets_follow_the_users_scope(delivered, monkeypatch):
    _, db = delivered
    monkeypatch.setenv("REGWH_WAREHOUSE", str(db))
    from dashboards.return_sheets import workbooks

    assert sorted(workbooks(SCOPE_ALL)) == ["roster", "training"]
    # A division's office gets its own unit's rows; training has no unit column: corps only.
    assert sorted(workbooks(frozenset({"BT01"}))) == ["roster"]
    assert workbooks(frozenset({"BT00"})) == {}


def test_open_rows_are_counted_in_the_users_scope(delivered):
    """The page's metric is a count in SQL, with the workbooks' scope rule (no rows fetched)."""
    from dashboards.queries.data_quality import open_count

    _, db = delivered
    assert _serving(db, *open_count(SCOPE_ALL)) == [(2,)]
    assert _serving(db, *open_count(frozenset({"BT01"}))) == [(1,)]  # training has no unit
    assert _serving(db, *open_count(frozenset({"BT00"}))) == [(0,)]


def test_download_fix_resend_closes_the_rejects(delivered, monkeypatch):
    inbox, db = delivered
    monkeypatch.setenv("REGWH_WAREHOUSE", str(db))
    from dashboards.return_sheets import workbooks

    books = workbooks(SCOPE_ALL)
    # Training (events): fill in the end date in the returned sheet and send it as the next batch.
    training = openpyxl.load_workbook(io.BytesIO(books["training"]))
    sheet = training.active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("退回原因") + 1).value.startswith("结束日期")
    sheet.cell(2, header.index("结束日期") + 1).value = "2021-04-14"
    training.save(inbox / "training_20220115.xlsx")
    # Roster (a snapshot): the office exports the whole snapshot again with the ID as text.
    write_xlsx(inbox / "roster_20211231.xlsx", ROSTER, [_roster_row(p) for p in ("P1", "P2")])
    _run(inbox, db, monkeypatch)
    assert _serving(db, "SELECT file_name, status, closed_by_file FROM marts.dq_reject_status ORDER BY 1") == [
        ("roster_20211231.xlsx", "closed", "roster_20211231.xlsx"),
        ("training_20211231.csv", "closed", "training_20220115.xlsx")]
    assert workbooks(SCOPE_ALL) == {}
