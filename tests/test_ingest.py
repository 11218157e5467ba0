"""One test per delivery rule of ../shared/spec/sources.md, on small hand-made files."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import duckdb
import pytest

from dagster_project.ingest import load
from ingest_helpers import (
    TRAINING, UNITS, VALID_ID, VALID_USCC, ingest, query, table_snapshot, write_csv, write_xlsx,
)

D = dt.date


def manifest(db, columns="file_name, status, rows_read, rows_loaded, rows_rejected"):
    return query(db, f"SELECT {columns} FROM audit.load_manifest ORDER BY load_seq NULLS LAST, file_name")


def rejects(db):
    return query(db, "SELECT file_name, row_number, column_name, raw_value, reason_code "
                     "FROM audit.rejects ORDER BY file_name, row_number, column_name")


UNIT_ROWS = [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师阿拉尔市应急管理局", "师市", "BT00"]]


# --- file names -------------------------------------------------------------------------------

def test_misnamed_file_refused_and_left_in_place(inbox, db):
    bad = write_csv(inbox / "人员名单_最终版.csv", UNITS, UNIT_ROWS)
    unknown = write_csv(inbox / "staff_20210131.csv", UNITS, UNIT_ROWS)
    baddate = write_csv(inbox / "units_20211331.csv", UNITS, UNIT_ROWS)
    ingest(db, inbox)
    rows = query(db, "SELECT file_name, status, message FROM audit.load_manifest ORDER BY file_name")
    assert [(r[0], r[1]) for r in rows] == [
        ("staff_20210131.csv", "refused"), ("units_20211331.csv", "refused"), ("人员名单_最终版.csv", "refused")]
    assert "unknown source" in rows[0][2] and "invalid extract date" in rows[1][2]
    assert bad.exists() and unknown.exists() and baddate.exists()
    assert query(db, "SELECT count(*) FROM raw.units") == [(0,)]


# --- encodings and formats --------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(inbox, db, encoding):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS, encoding=encoding)
    ingest(db, inbox)
    assert query(db, "SELECT unit_code, unit_name, level FROM raw.units ORDER BY 1") == [
        ("BT00", "兵团应急管理局", "corps"), ("BT01", "第一师阿拉尔市应急管理局", "division")]


def test_unreadable_encoding_refused(inbox, db):
    (inbox / "units_20210131.csv").write_bytes("单位代码,单位名称,层级\n".encode("utf-16"))
    ingest(db, inbox)
    (status, message), = query(db, "SELECT status, message FROM audit.load_manifest")
    assert status == "refused" and "encoding" in message


def test_xlsx_first_sheet_with_date_cells(inbox, db):
    write_xlsx(inbox / "training_20210131.xlsx", TRAINING + ["学时"], [
        ["R1", "P1", "入职培训", D(2021, 1, 4), D(2021, 4, 3), "合格", 3.0],
        ["R2", "P1", "复训", 20210301, "2021/3/14", "合格", 12.5],
    ])
    ingest(db, inbox)
    assert query(db, "SELECT record_id, start_date, end_date, hours FROM raw.training ORDER BY 1") == [
        ("R1", D(2021, 1, 4), D(2021, 4, 3), 3.0), ("R2", D(2021, 3, 1), D(2021, 3, 14), 12.5)]


def test_every_date_form_and_full_width_noise(inbox, db):
    forms = ["2021-03-01", "2021/3/1", "2021年3月1日", "20210301", "2021-3-1", "2021/03/01",
             "\u30002021-03-01 ", "２０２１-０３-０１"]
    rows = [[f"R{i}", "P1", "复训", form, "2021-03-02", "合格"] for i, form in enumerate(forms)]
    write_csv(inbox / "training_20210331.csv", TRAINING, rows)
    ingest(db, inbox)
    assert query(db, "SELECT DISTINCT start_date FROM raw.training") == [(D(2021, 3, 1),)]
    assert query(db, "SELECT count(*) FROM raw.training") == [(len(forms),)]


def test_column_order_free_and_extra_columns_reported(inbox, db):
    header = ["考核结果", "备注", "结束日期", "开始日期", "培训类别", "人员编号", "培训记录编号"]
    write_csv(inbox / "training_20210331.csv", header, [["合格", "x", "2021-03-02", "2021-03-01", "复训", "P1", "R1"]])
    ingest(db, inbox)
    assert query(db, "SELECT record_id, person_id, result FROM raw.training") == [("R1", "P1", "pass")]
    (message,), = query(db, "SELECT message FROM audit.load_manifest")
    assert "备注" in message


def test_missing_required_column_refuses_file_naming_it(inbox, db):
    write_csv(inbox / "training_20210331.csv", [h for h in TRAINING if h != "考核结果"],
              [["R1", "P1", "复训", "2021-03-01", "2021-03-02"]])
    ingest(db, inbox)
    (status, read, loaded, message), = query(
        db, "SELECT status, rows_read, rows_loaded, message FROM audit.load_manifest")
    assert (status, loaded) == ("refused", 0) and "考核结果" in message
    assert query(db, "SELECT count(*) FROM raw.training") == [(0,)]


def test_normalised_forms_accepted(inbox, db):
    header = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "最高学历", "入职前相关工作年限"]
    write_csv(inbox / "roster_20210131.csv", header, [
        ["P1", "张三", VALID_ID.lower(), "BT01", "执法人员", "2021-01-04", "本科", "３.5"],
    ])
    write_csv(inbox / "penalties_20210131.csv",
              ["处罚决定书文号", "统一社会信用代码", "执法主体", "立案日期", "处罚决定日期", "违法行为代码",
               "裁量情节", "罚款金额(元)", "重大执法决定", "案件状态"],
              [["C1", VALID_USCC.lower(), "BT01", "2021-01-04", "2021-01-20", "V01", "一般", "5000", "否", "已结案"]])
    ingest(db, inbox)
    assert query(db, "SELECT id_number, prior_experience_years, professional_title FROM raw.roster") == [
        (VALID_ID, 3.5, "none")]
    assert query(db, "SELECT uscc, is_major, status FROM raw.penalties") == [(VALID_USCC, False, "closed")]


# --- row problems -----------------------------------------------------------------------------

INSPECTION_HEADER = ["检查编号", "检查方式", "任务编号", "统一社会信用代码", "执法主体", "检查开始日期",
                     "检查结束日期", "发现隐患数", "重大隐患数", "专家参与"]


def _inspection(iid, **over):
    row = dict(zip(INSPECTION_HEADER, [iid, "重点检查", "", VALID_USCC, "BT01", "2021-03-01",
                                       "2021-03-02", "3", "1", "是"]))
    row.update(over)
    return [row[h] for h in INSPECTION_HEADER]


REJECT_CASES = [
    ("bad_date", _inspection("I2", 检查开始日期="2021-13-45"), "检查开始日期"),
    ("bad_date", _inspection("I2", 检查开始日期="昨天"), "检查开始日期"),
    ("bad_integer", _inspection("I2", 发现隐患数="3.5"), "发现隐患数"),
    ("bad_enum", _inspection("I2", 检查方式="抽查"), "检查方式"),
    ("bad_yesno", _inspection("I2", 专家参与="Y"), "专家参与"),
    ("bad_uscc", _inspection("I2", 统一社会信用代码=VALID_USCC[:-1] + "0"), "统一社会信用代码"),
    ("missing_required", _inspection("I2", 执法主体=""), "执法主体"),
    ("missing_required", _inspection(""), "检查编号"),
    ("before_other", _inspection("I2", 检查结束日期="2021-02-28"), "检查结束日期"),
    ("above_other", _inspection("I2", 重大隐患数="4"), "重大隐患数"),
    ("below_min", _inspection("I2", 发现隐患数="-1", 重大隐患数=""), "发现隐患数"),
    ("required_if", _inspection("I2", 检查方式="双随机"), "任务编号"),
    ("forbidden_if", _inspection("I2", 任务编号="T1"), "任务编号"),
]


@pytest.mark.parametrize(("reason", "row", "column"), REJECT_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(REJECT_CASES)])
def test_each_reject_reason(inbox, db, reason, row, column):
    write_csv(inbox / "inspections_20210331.csv", INSPECTION_HEADER, [_inspection("I1"), row])
    ingest(db, inbox)
    got = rejects(db)
    assert [(r[1], r[2], r[4]) for r in got] == [(3, column, reason)]  # header = row 1
    assert manifest(db) == [("inspections_20210331.csv", "loaded", 2, 1, 1)]
    assert query(db, "SELECT inspection_id FROM raw.inspections") == [("I1",)]


def test_reject_keeps_raw_value_and_counts_rows_not_problems(inbox, db):
    write_csv(inbox / "inspections_20210331.csv", INSPECTION_HEADER,
              [_inspection("I1", 检查开始日期="2021-02-30", 发现隐患数="x")])
    ingest(db, inbox)
    assert rejects(db) == [("inspections_20210331.csv", 2, "发现隐患数", "x", "bad_integer"),
                           ("inspections_20210331.csv", 2, "检查开始日期", "2021-02-30", "bad_date")]
    assert manifest(db) == [("inspections_20210331.csv", "loaded", 1, 0, 1)]


def test_discretion_band_inverted_rejected(inbox, db):
    write_csv(inbox / "discretion_standards_20200101.csv",
              ["违法行为代码", "违法行为", "裁量情节", "罚款下限(元)", "罚款上限(元)"],
              [["V01", "未按规定", "一般", "1000", "500"], ["V01", "未按规定", "较重", "1000", "5000"]])
    ingest(db, inbox)
    assert [r[4] for r in rejects(db)] == ["below_other"]


def test_duplicate_key_in_snapshot_rejects_both(inbox, db):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS + [["BT01", "重复", "师市", "BT00"]])
    ingest(db, inbox)
    assert [(r[1], r[4]) for r in rejects(db)] == [(3, "duplicate_key"), (4, "duplicate_key")]
    assert query(db, "SELECT unit_code FROM raw.units") == [("BT00",)]


def test_duplicate_key_in_event_file_later_row_wins(inbox, db):
    write_csv(inbox / "training_20210331.csv", TRAINING, [
        ["R1", "P1", "复训", "2021-03-01", "2021-03-02", "不合格"],
        ["R1", "P1", "复训", "2021-03-01", "2021-03-02", "合格"]])
    ingest(db, inbox)
    assert rejects(db) == []
    # Both versions are loaded (nothing is lost); the later row is the current one.
    assert query(db, "SELECT result FROM raw.training ORDER BY _row_number DESC LIMIT 1") == [("pass",)]
    assert manifest(db) == [("training_20210331.csv", "loaded", 2, 2, 0)]


# --- orphans ----------------------------------------------------------------------------------

def test_orphans_loaded_reported_and_resolved(inbox, db):
    write_csv(inbox / "training_20210131.csv", TRAINING, [["R1", "P9", "复训", "2021-01-04", "2021-01-08", "合格"]])
    ingest(db, inbox, "run1")
    assert query(db, "SELECT count(*) FROM raw.training") == [(1,)]
    assert query(db, "SELECT source, record_key, reference_column, reference_value, referenced_source "
                     "FROM audit.orphans") == [("training", "R1", "person_id", "P9", "roster")]
    header = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "最高学历"]
    write_csv(inbox / "roster_20210131.csv", header, [["P9", "李四", VALID_ID, "BT01", "执法人员", "2020-01-01", "本科"]])
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    ingest(db, inbox, "run2")
    assert query(db, "SELECT count(*) FROM audit.orphans") == [(0,)]


def test_orphans_count_only_the_current_version_of_an_event_record(inbox, db):
    header = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "最高学历"]
    write_csv(inbox / "roster_20210131.csv", header, [["P1", "李四", VALID_ID, "BT01", "执法人员", "2020-01-01", "本科"]])
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    # R1 names an unknown officer, then is corrected; R2 is fine, then a correction names one.
    write_csv(inbox / "training_20210131.csv", TRAINING, [
        ["R1", "P9", "复训", "2021-01-04", "2021-01-08", "合格"],
        ["R2", "P1", "复训", "2021-01-04", "2021-01-08", "合格"]])
    write_csv(inbox / "training_20210228.csv", TRAINING, [
        ["R1", "P1", "复训", "2021-01-04", "2021-01-08", "合格"],
        ["R2", "P8", "复训", "2021-01-04", "2021-01-08", "合格"]])
    ingest(db, inbox)
    assert query(db, "SELECT source, record_key, reference_value, file_name FROM audit.orphans") == [
        ("training", "R2", "P8", "training_20210228.csv")]


# --- snapshots, events, re-delivery -----------------------------------------------------------

def test_snapshot_kept_per_date_and_same_date_replaces(inbox, db, tmp_path):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    write_csv(inbox / "units_20210228.csv", UNITS, UNIT_ROWS[:1])
    ingest(db, inbox, "run1")
    assert query(db, "SELECT _extract_date, count(*) FROM raw.units GROUP BY 1 ORDER BY 1") == [
        (D(2021, 1, 31), 2), (D(2021, 2, 28), 1)]
    # Re-delivery of the January snapshot under another name (an .xlsx): it replaces January.
    write_xlsx(inbox / "units_20210131.xlsx", UNITS, [["BT00", "兵团应急管理局（更正）", "兵团", None]])
    ingest(db, inbox, "run2")
    assert query(db, "SELECT _extract_date, unit_name FROM raw.units ORDER BY 1") == [
        (D(2021, 1, 31), "兵团应急管理局（更正）"), (D(2021, 2, 28), "兵团应急管理局")]
    assert query(db, "SELECT file_name, status FROM audit.load_manifest WHERE run_id = 'run2' ORDER BY 1") == [
        ("units_20210131.csv", "unchanged"), ("units_20210131.xlsx", "loaded"), ("units_20210228.csv", "unchanged")]


def test_two_new_files_same_source_and_date_are_ambiguous(inbox, db):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    write_xlsx(inbox / "units_20210131.xlsx", UNITS, UNIT_ROWS)
    ingest(db, inbox)
    assert sorted(manifest(db, "file_name, status")) == [
        ("units_20210131.csv", "ambiguous"), ("units_20210131.xlsx", "ambiguous")]
    assert query(db, "SELECT count(*) FROM raw.units") == [(0,)]


def test_event_correction_later_extract_wins_even_when_loaded_first(inbox, db):
    # The later extract is delivered first; the older one arrives in a later run.
    write_csv(inbox / "training_20210430.csv", TRAINING, [["R1", "P1", "复训", "2021-04-01", "2021-04-14", "合格"]])
    ingest(db, inbox, "run1")
    write_csv(inbox / "training_20210331.csv", TRAINING, [["R1", "P1", "复训", "2021-03-01", "2021-03-02", "缺考"],
                                                          ["R2", "P1", "复训", "2021-03-01", "2021-03-02", "合格"]])
    ingest(db, inbox, "run2")
    current = query(db, "SELECT record_id, result FROM raw.training QUALIFY row_number() OVER ("
                        "PARTITION BY record_id ORDER BY _extract_date DESC, _load_seq DESC, _row_number DESC) = 1 "
                        "ORDER BY 1")
    assert current == [("R1", "pass"), ("R2", "pass")]


def test_event_redelivery_same_date_is_a_later_batch(inbox, db):
    write_csv(inbox / "training_20210331.csv", TRAINING, [["R1", "P1", "复训", "2021-03-01", "2021-03-02", "缺考"]])
    ingest(db, inbox, "run1")
    write_csv(inbox / "training_20210331.csv", TRAINING, [["R1", "P1", "复训", "2021-03-01", "2021-03-02", "合格"]])
    ingest(db, inbox, "run2")
    seqs = query(db, "SELECT result, _load_seq FROM raw.training ORDER BY _load_seq")
    assert [r[0] for r in seqs] == ["absent", "pass"] and seqs[0][1] < seqs[1][1]


def test_same_file_twice_changes_nothing(inbox, db):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    write_csv(inbox / "training_20210331.csv", TRAINING, [["R1", "P9", "复训", "2021-03-01", "x", "合格"]])
    ingest(db, inbox, "run1")
    before = table_snapshot(db)
    ingest(db, inbox, "run2")
    after = table_snapshot(db)
    new_log = query(db, "SELECT file_name, status FROM audit.load_manifest WHERE run_id = 'run2' ORDER BY 1")
    assert new_log == [("training_20210331.csv", "unchanged"), ("units_20210131.csv", "unchanged")]
    after["audit.load_manifest"] = [r for r in after["audit.load_manifest"] if r[5] != "unchanged"]
    assert after == before


# --- crashes ----------------------------------------------------------------------------------

def test_exception_mid_file_rolls_back_and_rerun_completes(inbox, db, monkeypatch):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    ingest(db, inbox, "run1")
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS[:1])  # re-delivery: delete then insert
    before = table_snapshot(db)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert_rejects", crash)
    with pytest.raises(RuntimeError):
        ingest(db, inbox, "run2")
    assert table_snapshot(db) == before
    monkeypatch.undo()
    ingest(db, inbox, "run3")
    assert query(db, "SELECT unit_code FROM raw.units") == [("BT00",)]


@pytest.mark.parametrize("point", ["after_delete", "after_rows", "before_commit"])
def test_process_killed_mid_file_leaves_warehouse_unchanged(inbox, db, point):
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS)
    ingest(db, inbox, "run1")
    write_csv(inbox / "units_20210131.csv", UNITS, UNIT_ROWS[:1])
    before = table_snapshot(db)
    code = ("import sys; sys.path.insert(0, 'tests'); from pathlib import Path; from ingest_helpers import ingest; "
            f"ingest(Path({str(db)!r}), Path({str(inbox)!r}), 'crash')")
    env = {**os.environ, "REGWH_FAILPOINT": point}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=os.getcwd())
    assert done.returncode == 137
    assert table_snapshot(db) == before
    ingest(db, inbox, "rerun")
    assert query(db, "SELECT unit_code FROM raw.units") == [("BT00",)]
    assert query(db, "SELECT status FROM audit.load_manifest WHERE run_id = 'rerun' AND source = 'units'") == [("loaded",)]


def test_personal_values_masked_in_rejects(inbox, db):
    header = ["人员编号", "姓名", "身份证号", "所属单位", "人员类别", "入职日期", "最高学历"]
    write_csv(inbox / "roster_20210131.csv", header, [
        ["P1", "张三", VALID_ID[:-1] + "1", "BT01", "执法人员", "2021-01-04", "本科"]])
    ingest(db, inbox)
    assert [(r[2], r[3], r[4]) for r in rejects(db)] == [("身份证号", "110***********0021", "bad_id_number")]
