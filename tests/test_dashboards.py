"""The Streamlit app against a hand-made serving copy (tests/dashboard_fixture.py).

Every page is run through the real entry point (dashboards/app.py, st.navigation) with
`AppTest.switch_page`, logged in as an analyst (who may open every page; roles and logins are
tested in tests/test_access.py), must not raise, and must show the fixture's key figures. Also:
the SQL guard, the serving-copy path rules, a missing serving copy, a republished serving copy,
and that no page keeps a connection open.
"""
from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from dagster_project import paths
import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_fixture import (
    AS_OF_DATES,
    CORPS_GAP,
    CORPS_OFFICERS,
    CORPS_RATIO,
    DRILL_REASONS,
    DRILL_UNIT,
    ENTERPRISE_NAMES,
    INDUCTION_RATE,
    KPI,
    P002_ROSTER_ROW,
    PENALTIES_FILE,
    ROSTER_FILE,
    TRAINING_FILE,
    build_serving_db,
)
from dashboards import db, sql_guard, ui
from users_fixture import as_user, use_access_files

APP = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")
PAGES = ["leadership", "personnel", "inspections", "penalties", "enterprise", "data_quality",
         "sql_console"]
TITLES = {"leadership": "领导驾驶舱", "personnel": "人员培训", "inspections": "执法检查",
          "penalties": "行政处罚", "enterprise": "企业档案", "data_quality": "数据质量",
          "sql_console": "数据查询"}


@pytest.fixture(autouse=True)
def access_files(tmp_path, monkeypatch) -> dict[str, Path]:
    """The users file, audit log and restricted copy of every test here (under tmp_path)."""
    return use_access_files(tmp_path, monkeypatch)


@pytest.fixture
def serving(tmp_path, monkeypatch) -> Path:
    path = build_serving_db(tmp_path / "regwh.serving.duckdb")
    monkeypatch.setenv("REGWH_SERVING", str(path))
    return path


def open_page(page: str) -> AppTest:
    at = as_user(AppTest.from_file(APP, default_timeout=60), "analyst")
    at.run()
    if page != "leadership":  # the default page
        at.switch_page(f"views/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label_start: str) -> str:
    for element in at.metric:
        if element.label.startswith(label_start):
            return element.value
    raise AssertionError(f"no metric {label_start!r} in {[m.label for m in at.metric]}")


def choose_year(at: AppTest, year: int) -> None:
    """Pick a year in the page's year selector (its key follows the as-of year)."""
    [selector] = [s for s in at.selectbox if s.label == "年度"]
    selector.set_value(year).run()
    assert not at.exception, [e.value for e in at.exception]


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [element.value for element in at.dataframe]


def frame_with(at: AppTest, column: str, value: object) -> pd.DataFrame:
    for frame in frames(at):
        if column in frame.columns and (frame[column] == value).any():
            return frame
    raise AssertionError(f"no table with {column} = {value!r}")


# ---------------------------------------------------------------------------------------------
# every page


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(serving, page):
    at = open_page(page)
    assert at.title[0].value == TITLES[page]
    assert not at.error


def test_leadership_shows_the_corps_figures(serving):
    at = open_page("leadership")
    assert metric(at, "兵团专业人员占比") == f"{CORPS_RATIO:.1%}"
    assert metric(at, "兵团人员缺口") == str(CORPS_GAP)
    assert metric(at, "在岗执法人员") == str(CORPS_OFFICERS)
    assert metric(at, "入职培训达标率") == f"{INDUCTION_RATE:.1%}"
    # divisions D01 (misses), D02 (meets), D03 (nobody in post)
    assert metric(at, "达标师市") == "1 / 3"
    ranking = frame_with(at, "单位代码", "第二师（D02）")
    assert list(ranking["#"]) == [1, 2, 3]
    # the policy parameters in use are shown
    expander = at.expander[-1]
    assert expander.label == "本页使用的政策参数"
    params = expander.dataframe[0].value
    assert "专业人员占比目标" in set(params["参数"])


def test_leadership_lists_restatements_filtered_by_kpi_and_unit(serving):
    at = open_page("leadership")
    assert any(h.value == "修正记录" for h in at.subheader)
    restated = frame_with(at, "修正前数值", 0.65)
    # latest restatement first: the two D01 figures of 2023-02-20, then D02's penalty cases
    assert list(restated["指标"]) == ["具备资格执法人员数", "专业人员占比", "处罚案件数"]
    at.selectbox(key="leadership_restated_kpi").set_value("professional_qualified_ratio").run()
    assert not at.exception, [e.value for e in at.exception]
    restated = frame_with(at, "修正前数值", 0.65)
    assert len(restated) == 1
    row = restated.iloc[0]
    assert (row["统计期"], row["修正后数值"], row["引起修正的文件"]) == ("2023-01-31", 0.7,
                                                                 "roster_20230131.xlsx")
    assert row["单位代码"] == "第一师（D01）"
    at.selectbox(key="leadership_restated_kpi").set_value(None).run()
    at.selectbox(key="leadership_restated_unit").set_value("D02").run()
    assert not at.exception, [e.value for e in at.exception]
    restated = frame_with(at, "修正前数值", 3.0)
    assert list(restated["指标"]) == ["处罚案件数"] and list(restated["修正后数值"]) == [4.0]


def test_leadership_shows_the_path_to_the_target(serving):
    at = open_page("leadership")
    path = frame_with(at, "达标状态", "behind")
    assert list(path["人员缺口"]) == [0, 1]
    # the picker opens on the policy deadline month: ceil(7 / 2) = 4 hires a month
    hires = frame_with(at, "每月需增合格人数", 4)
    assert list(hires["剩余月数"]) == [2]
    at.selectbox(key=ui.wkey("leadership_reach_by")).set_value(dt.date(2023, 2, 1)).run()
    assert list(frame_with(at, "每月需增合格人数", 7)["剩余月数"]) == [1]


def test_leadership_follows_the_as_of_month(serving):
    at = open_page("leadership")
    earlier = AS_OF_DATES[1]
    at.sidebar.selectbox(key=ui.AS_OF_STATE_KEY).set_value(earlier).run()
    assert not at.exception
    assert metric(at, "兵团专业人员占比") == f"{KPI[earlier]['ALL'][2]:.1%}"
    assert metric(at, "兵团人员缺口") == str(KPI[earlier]["ALL"][4])
    # the yearly figures follow the as-of year
    assert metric(at, f"年度复训达标率（{earlier.year}）") == "66.7%"


def test_personnel_lists_and_todo(serving):
    at = open_page("personnel")
    induction = frame_with(at, "人员编号", "P003")
    assert set(induction["状态"]) == {"达标", "逾期", "培训中", "无需"}
    certificates = frame_with(at, "问题", "无执法证")
    assert set(certificates["人员编号"]) == {"P002", "P003", "P005"}
    # filter by unit
    at.selectbox(key="personnel_unit").set_value("D02").run()
    assert not at.exception
    induction = frame_with(at, "人员编号", "P003")
    assert set(induction["人员编号"]) == {"P003"}
    # one officer's history
    at.selectbox(key="personnel_unit").set_value(None).run()
    at.selectbox(key="personnel_person").set_value("P001").run()
    assert not at.exception
    assert frame_with(at, "复训天数", 15) is not None
    # the to-do list can be downloaded as one Excel workbook with a sheet per list
    assert any(button.label == "下载待办清单（Excel）" for button in at.get("download_button"))


def test_inspections_year_figures_and_conflict_drilldown(serving):
    at = open_page("inspections")
    choose_year(at, 2022)
    assert metric(at, "检查次数") == "3"
    assert metric(at, "检查组不合规") == "1"
    assert metric(at, "含未完成入职培训人员") == "1"
    assert metric(at, "公示逾期") == "1"
    assert metric(at, "抽取不均匀") == "1"
    assert "p 值" in at.info[0].value
    at.selectbox(key="inspections_conflict_pick").set_value(0).run()  # multiple bodies of A
    assert not at.exception
    # the inspections behind the finding, below the findings table
    assert {"I001", "I003"} in [set(f["检查编号"]) for f in frames(at) if "检查编号" in f]


def test_inspections_list_the_first_rows_and_count_all(serving, monkeypatch):
    from dashboards import ui

    monkeypatch.setattr(ui, "ROWS_SHOWN", 2)
    at = open_page("inspections")
    choose_year(at, 2022)
    assert metric(at, "检查次数") == "3"  # counted in SQL, not from the rows listed
    checks_table = next(f for f in frames(at) if "检查编号" in f.columns)
    assert len(checks_table) == 2
    assert any("显示前 2 行，共 3 行" in c.value for c in at.caption)


def test_penalties_year_figures(serving):
    at = open_page("penalties")
    choose_year(at, 2022)
    assert metric(at, "行政处罚案件") == "2"
    assert metric(at, "超出裁量区间的案件") == "1"
    assert metric(at, "罚款已缴纳比例") == "71.4%"
    choose_year(at, 2023)
    assert metric(at, "已撤销") == "1"


def test_enterprise_search_shows_the_file(serving):
    at = open_page("enterprise")
    at.text_input(key="enterprise_search").input("甲化工").run()
    assert not at.exception
    assert at.subheader[0].value.startswith(ENTERPRISE_NAMES["A"])
    assert metric(at, "风险等级") == "红"
    inspections = frame_with(at, "检查编号", "I001")
    assert set(inspections["检查编号"]) == {"I001", "I003"}


def test_data_quality_counts(serving):
    at = open_page("data_quality")
    assert metric(at, "已加载文件") == "2"
    assert metric(at, "拒收/歧义文件") == "1"
    assert metric(at, "拒收行数") == "2"
    assert metric(at, "悬空引用") == "1"
    rejects = frame_with(at, "原因", "日期无法识别")
    assert len(rejects) == 2



def test_data_quality_names_the_overdue_sources(serving):
    at = open_page("data_quality")
    warnings = [w.value for w in at.warning]
    assert "2 个数据源逾期未报送：行政处罚决定、培训记录" in warnings
    table = frame_with(at, "报送周期", "每周")
    assert list(table["数据源"]) == ["penalties", "training", "roster"]  # overdue first
    assert list(table["逾期"]) == ["是", "是", "否"]

def test_sql_console_runs_a_select_and_refuses_the_rest(serving):
    at = open_page("sql_console")
    at.button(key="sql_console_run").click().run()
    assert not at.exception
    result = frame_with(at, "qualified_ratio", CORPS_RATIO)
    assert len(result) == len(AS_OF_DATES)
    assert result["qualified_ratio"].iloc[0] == pytest.approx(CORPS_RATIO)

    at.text_area(key="sql_console_text").input("select * from audit.rejects")
    at.button(key="sql_console_run").click().run()
    assert not at.exception
    assert "语句被拒绝" in at.warning[0].value

    # unqualified names of marts tables are accepted (search_path = marts)
    at.text_area(key="sql_console_text").input("select count(*) as n from penalty_checks")
    at.button(key="sql_console_run").click().run()
    assert frame_with(at, "n", 4) is not None


def test_sql_console_bulk_download_is_the_export_of_the_serving_copy(serving, access_files):
    at = open_page("sql_console")
    at.radio(key="sql_console_export_format").set_value("CSV").run()
    at.button(key="sql_console_export_prepare").click().run()
    assert not at.exception
    [download] = [e for e in at.get("download_button") if e.proto.label.startswith("下载 ZIP")]
    with duckdb.connect(str(serving), read_only=True) as con:
        tables = con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables() "
                             "WHERE database_name = current_database()").fetchall()
        kpi_rows = con.execute("SELECT count(*) FROM marts.kpi_professional_ratio").fetchone()[0]
    with zipfile.ZipFile(io.BytesIO(db.export_zip(("csv",)))) as archive:
        names = set(archive.namelist())
        manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert names == {f"{table}.csv" for (table,) in tables} | {"manifest.csv"}
    assert {r["table"]: int(r["rows"]) for r in manifest}["marts.kpi_professional_ratio"] == kpi_rows
    assert '"event": "bulk_export"' in access_files["log"].read_text(encoding="utf-8")


def test_downloads_write_lists_as_comma_text(serving):
    with duckdb.connect(str(serving), read_only=True) as con:
        frame = con.execute("select conflict_type, body_list, case_no_list "
                            "from marts.enforcement_body_conflicts order by conflict_type").df()
    assert ui.csv_bytes(frame).decode("utf-8-sig").splitlines() == [
        "conflict_type,body_list,case_no_list",
        "multiple_bodies,\"D01,D02\",",
        "non_designated_body,D02,",
        "non_designated_penalty,D02,新应急罚〔2022〕2号",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(ui.excel_bytes({"c": frame}))).active
    assert [cell.value for cell in sheet[2]] == ["multiple_bodies", "D01,D02", None]


def test_english_toggle(serving):
    at = open_page("leadership")
    at.sidebar.toggle[0].set_value(True).run()
    assert not at.exception
    assert at.title[0].value == "Leadership"
    assert metric(at, "Corps professional ratio") == f"{CORPS_RATIO:.1%}"


# ---------------------------------------------------------------------------------------------
# the serving copy


def test_missing_serving_copy_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("REGWH_SERVING", str(tmp_path / "absent.serving.duckdb"))
    at = as_user(AppTest.from_file(APP, default_timeout=30), "analyst")
    at.run()
    assert not at.exception
    assert "regwh run" in at.info[0].value
    at.switch_page("views/sql_console.py").run()
    assert not at.exception
    assert "regwh run" in at.info[0].value


def test_optional_marts_absent(tmp_path, monkeypatch):
    skip = {"marts.policy_parameters", "marts.inspection_randomness", "marts.penalty_trends",
            "marts.enterprise_history", "marts.dim_enterprises", "marts.dim_units", "audit.check_results",
            "marts.column_docs", "marts.staff_qualification", "marts.kpi_restatements"}
    path = build_serving_db(tmp_path / "partial.serving.duckdb", skip=skip)
    monkeypatch.setenv("REGWH_SERVING", str(path))
    for page in PAGES:
        at = open_page(page)
        assert not at.error
    at = open_page("leadership")
    assert metric(at, "兵团专业人员占比") == f"{CORPS_RATIO:.1%}"
    # the parameters come from the marts' own parameter columns
    params = at.expander[-1].dataframe[0].value
    assert "专业人员占比目标" in set(params["参数"])


def test_a_new_publish_is_picked_up_and_no_connection_is_held(serving):
    at = open_page("leadership")
    assert metric(at, "兵团专业人员占比") == f"{CORPS_RATIO:.1%}"

    # the pipeline publishes a new copy: write it beside, then os.replace (atomic)
    staged = serving.with_name("staged.duckdb")
    shutil.copyfile(serving, staged)
    with duckdb.connect(str(staged)) as con:
        con.execute(
            "update marts.kpi_professional_ratio set qualified_ratio = 0.8 "
            "where unit_code = 'ALL' and as_of_date = ?",
            [AS_OF_DATES[-1]],
        )
    time.sleep(0.01)
    os.replace(staged, serving)
    at.run()
    assert not at.exception
    assert metric(at, "兵团专业人员占比") == "80.0%"

    # no page left a connection open: a writer can open the file read-write
    for page in PAGES:
        open_page(page)
    with duckdb.connect(str(serving)) as con:
        con.execute("create table marts.probe as select 1 as x")


def test_serving_path_rules(monkeypatch, tmp_path):
    monkeypatch.delenv("REGWH_SERVING", raising=False)
    monkeypatch.setenv("REGWH_WAREHOUSE", str(tmp_path / "wh" / "regwh.duckdb"))
    assert db.serving_path() == (tmp_path / "wh" / "regwh.serving.duckdb").resolve()
    assert db.docs_dir() == (tmp_path / "wh").resolve()
    monkeypatch.setenv("REGWH_SERVING", str(tmp_path / "elsewhere.duckdb"))
    assert db.serving_path() == (tmp_path / "elsewhere.duckdb").resolve()
    monkeypatch.delenv("REGWH_SERVING")
    monkeypatch.delenv("REGWH_WAREHOUSE")
    assert db.serving_path() == paths.REPO_ROOT / "warehouse" / "regwh.serving.duckdb"


def test_excel_download_has_the_shown_columns():
    frame = pd.DataFrame({"人员编号": ["P001"], "入职日期": [pd.Timestamp("2021-03-01")]})
    workbook = openpyxl.load_workbook(io.BytesIO(ui.excel_bytes({"入职培训": frame})))
    sheet = workbook["入职培训"]
    assert [cell.value for cell in sheet[1]] == ["人员编号", "入职日期"]
    assert sheet["A2"].value == "P001"
    assert sheet["B2"].value.date() == dt.date(2021, 3, 1)


# ---------------------------------------------------------------------------------------------
# the SQL guard

MARTS = ["kpi_professional_ratio", "penalty_checks"]

ACCEPTED = [
    "select * from marts.kpi_professional_ratio",
    "SELECT unit_code, qualified_ratio FROM marts.kpi_professional_ratio WHERE unit_code = 'ALL';",
    "with latest as (select max(as_of_date) d from marts.kpi_professional_ratio) "
    "select * from marts.kpi_professional_ratio k join latest on k.as_of_date = latest.d",
    "select * from kpi_professional_ratio  -- unqualified names of marts tables",
    "select 'attach copy install load' as words from marts.penalty_checks",
    "select replace(case_no, '〔', '[') from marts.penalty_checks",
    "select * from range(3)",
    "select year(decision_date) y, count(*) from marts.penalty_checks group by all",
]

REFUSED = [
    "attach '/tmp/other.duckdb' as other",
    "ATTACH DATABASE 'x.db'",
    "detach marts",
    "copy marts.penalty_checks to '/tmp/out.csv'",
    "select 1; copy marts.penalty_checks to '/tmp/out.csv'",
    "install httpfs",
    "load httpfs",
    "pragma database_list",
    "set enable_external_access = true",
    "create table marts.x as select 1",
    "insert into marts.penalty_checks select * from marts.penalty_checks",
    "update marts.penalty_checks set fine_amount = 0",
    "delete from marts.penalty_checks",
    "drop table marts.penalty_checks",
    "export database '/tmp/dump'",
    "call pragma_version()",
    "describe marts.penalty_checks",
    "show tables",
    "select * from read_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd')",
    "select * from read_parquet('x.parquet')",
    "select * from read_json('x.json')",
    "select * from read_json_auto('x.json')",
    "select * from read_text('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from parquet_scan('x.parquet')",
    "select * from sqlite_scan('x.db', 't')",
    "select * from '/etc/passwd'",
    "select * from 'data.csv'",
    "select getenv('HOME')",
    "select current_setting('threads')",
    "select * from query('select 1')",
    "select * from duckdb_settings()",
    "select * from duckdb_tables",
    "select * from information_schema.tables",
    "select * from audit.rejects",
    "select * from raw.roster",
    "select * from staging.stg_roster",
    "select * from main.anything",
    "select * from other.marts.penalty_checks",
    "select * from marts.penalty_checks where case_no in (select record_key from audit.orphans)",
    "with x as (select * from raw.roster) select * from x",
    "select 1; select 2",
    "select * from marts.penalty_checks /* ; */; drop table marts.penalty_checks",
    "",
    "   ;  ",
    "select 'unterminated from marts.penalty_checks",
    "from marts.penalty_checks",
    "pivot marts.penalty_checks on body_code using count(*)",
    "summarize marts.penalty_checks",
    "select * from unknown_table",
]


@pytest.mark.parametrize("statement", ACCEPTED)
def test_sql_guard_accepts_plain_selects_on_marts(statement):
    checked = sql_guard.check(statement, MARTS)
    assert checked.strip()
    assert not checked.rstrip().endswith(";")


@pytest.mark.parametrize("statement", REFUSED)
def test_sql_guard_refuses(statement):
    with pytest.raises(sql_guard.Refused) as refused:
        sql_guard.check(statement, MARTS)
    assert refused.value.reason


def test_sql_guard_reason_names_the_keyword():
    with pytest.raises(sql_guard.Refused, match="ATTACH"):
        sql_guard.check("attach 'x.db'")
    with pytest.raises(sql_guard.Refused, match="read_csv"):
        sql_guard.check("select * from read_csv('x')")
    with pytest.raises(sql_guard.Refused, match="audit"):
        sql_guard.check("select * from audit.rejects")


def test_console_connection_cannot_reach_files_even_past_the_guard(serving):
    # defence in depth: the connection itself has external access disabled
    with pytest.raises(duckdb.Error):
        db.run_console("select * from read_csv('/etc/passwd')", 10, 5)
    frame, truncated = db.run_console("select * from range(5)", 3, 5)
    assert len(frame) == 3 and truncated


# ---------------------------------------------------------------------------------------------
# figures counted in SQL, lists of their first rows (dashboards/queries/)


def open_page_as(page: str, username: str) -> AppTest:
    at = as_user(AppTest.from_file(APP, default_timeout=60), username)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def add_rows(serving: Path, sql: str) -> None:
    with duckdb.connect(str(serving)) as con:
        con.execute(sql)


def first_rows_captions(at: AppTest, n: int, total: int) -> int:
    return sum(f"显示前 {n} 行，共 {total} 行" in c for c in captions(at))


def test_penalties_figures_are_counted_in_sql(serving, monkeypatch):
    add_rows(serving, "insert into marts.penalty_checks by name select "
             "'新应急罚〔2022〕3号' as case_no, 'D01' as body_code, date '2022-06-01' as decision_date, "
             "2022 as decision_year, 'V01' as violation_code, 'general' as circumstance, "
             "1000.5 as fine_amount, 'closed' as status, 'no_standard' as band_status, "
             "'missing' as legal_review_status, 'on_time' as publicity_status, true as referred")
    monkeypatch.setattr(ui, "ROWS_SHOWN", 1)
    at = open_page("penalties")
    choose_year(at, 2022)
    # 2022: case 1 (D01, 50,000, above the band), case 2 (D02, 20,000, within, publicity overdue,
    # referred), case 3 (D01, 1,000.50, no standard, no legal review, referred)
    assert metric(at, "行政处罚案件") == "3"
    assert metric(at, "罚款总额") == "71,000.50"
    assert metric(at, "超出裁量区间的案件") == "1"
    assert metric(at, "已撤销") == "0"
    # two rows each: outside the band or without a standard (1, 3), review or publicity (2, 3),
    # referred (2, 3), bodies' consistency (D01, D02)
    assert first_rows_captions(at, 1, 2) == 4
    at.selectbox(key="penalties_body").set_value("D01").run()
    assert metric(at, "行政处罚案件") == "2" and metric(at, "罚款总额") == "51,000.50"
    assert metric(at, "超出裁量区间的案件") == "1"
    at.selectbox(key="penalties_body").set_value(None).run()
    choose_year(at, 2023)
    # 2023: case 1 (live, 3,000, below the band), case 2 revoked
    assert metric(at, "行政处罚案件") == "1" and metric(at, "罚款总额") == "3,000"
    assert metric(at, "超出裁量区间的案件") == "1" and metric(at, "已撤销") == "1"


def test_personnel_lists_are_counted_in_sql_and_filtered(serving, monkeypatch):
    monkeypatch.setattr(ui, "ROWS_SHOWN", 2)
    at = open_page("personnel")
    # latest date: induction P001-P004, certificates P002, P003, P005 (also the to-do list);
    # refresher 2023: P001, P002, P004
    assert first_rows_captions(at, 2, 4) == 1
    assert first_rows_captions(at, 2, 3) == 3
    # the person picker lists the first officers and says there are more
    assert at.selectbox(key="personnel_person").options == ["P001", "P002"]
    assert "结果超过 2 行，仅显示前 2 行。" in captions(at)
    at.multiselect(key="personnel_induction_status").set_value(["overdue"]).run()
    assert not at.exception
    assert set(frame_with(at, "状态", "逾期")["人员编号"]) == {"P002"}
    assert first_rows_captions(at, 2, 4) == 0
    at.toggle(key="personnel_only_unqualified").set_value(True).run()
    assert not at.exception
    qualification = frame_with(at, "人员编号", "P002")
    assert "是否达标" not in qualification or set(qualification["人员编号"]) == {"P002"}


def test_unit_scope_is_applied_before_the_first_rows(serving, monkeypatch):
    monkeypatch.setattr(ui, "ROWS_SHOWN", 1)
    at = open_page_as("personnel", "hr_d01")
    listed = {p for f in frames(at) if "人员编号" in f for p in f["人员编号"]}
    assert listed <= {"P001", "P002"}
    # D01 has two officers in induction, refresher 2023, qualification and the refresher to-do
    # list (both pending), not the corps' four or three
    assert first_rows_captions(at, 1, 2) == 4
    assert not [c for c in captions(at) if "共 4 行" in c or "共 3 行" in c]


def test_leadership_sees_head_counts_counted_in_sql(serving):
    at = open_page_as("personnel", "leader")
    induction = frame_with(at, "状态", "逾期")
    assert list(induction.columns) == ["单位代码", "状态", "人数"]
    assert induction["人数"].sum() == 4
    assert induction.loc[induction["状态"] == "逾期", "人数"].tolist() == [1]


def test_inspections_lists_are_counted_in_sql(serving, monkeypatch):
    # a fourth conflict in 2022, of D02 alone
    add_rows(serving, "insert into marts.enforcement_body_conflicts by name select 2022 as year, "
             "'91650100MA0000003C' as uscc, 'non_designated_body' as conflict_type, "
             "'D02' as designated_body, 'D02' as bodies, 'I003' as inspection_ids")
    monkeypatch.setattr(ui, "ROWS_SHOWN", 1)
    at = open_page("inspections")
    choose_year(at, 2022)
    assert first_rows_captions(at, 1, 3) == 1  # inspections
    assert first_rows_captions(at, 1, 4) == 1  # conflicts
    at.toggle(key="inspections_only_problems").set_value(True).run()
    assert not at.exception
    assert set(frame_with(at, "检查编号", "I002")["检查编号"]) == {"I002"}
    assert first_rows_captions(at, 1, 3) == 0
    # D01: designated for the first three conflicts (and took part in the first)
    at.selectbox(key="inspections_body").set_value("D01").run()
    assert not at.exception
    assert metric(at, "检查次数") == "2"
    assert first_rows_captions(at, 1, 3) == 1 and first_rows_captions(at, 1, 4) == 0


def test_data_quality_lists_first_rows_and_filters_in_sql(serving, monkeypatch):
    monkeypatch.setattr(ui, "ROWS_SHOWN", 1)
    at = open_page("data_quality")
    assert first_rows_captions(at, 1, 2) == 1  # rejected rows
    assert first_rows_captions(at, 1, 3) == 1  # unclassified majors, one row a date
    at.selectbox(key="dq_rejects_reason").set_value("日期无法识别").run()
    assert not at.exception
    assert len(frame_with(at, "原因", "日期无法识别")) == 1
    assert first_rows_captions(at, 1, 2) == 0


def test_enterprise_directory_holds_each_registered_enterprise_in_its_latest_state(serving, monkeypatch):
    from dashboards.queries import enterprise

    # the latest state is dbt's (dim_enterprises, tests/test_dbt_dimensions.py): D left the
    # registry after its first snapshot (closed) and is still listed; E is only named by facts
    add_rows(serving, "insert into marts.dim_enterprises by name select "
             "'91650100MA0000004D' as uscc, '丁物流有限公司' as enterprise_name, 'D02' as unit_code, "
             "'blue' as risk_level, 'D02' as designated_body, 'closed' as status, "
             "date '2022-01-01' as registry_date, false as in_latest_registry, true as in_registry")
    add_rows(serving, "insert into marts.dim_enterprises by name select "
             "'91650100MA0000005E' as uscc, false as in_latest_registry, false as in_registry")
    with duckdb.connect(str(serving), read_only=True) as con:
        directory = con.execute(*enterprise.directory()).fetchall()
        assert [row[1] for row in directory] == [  # by name
            "丁物流有限公司", ENTERPRISE_NAMES["C"], ENTERPRISE_NAMES["B"], ENTERPRISE_NAMES["A"]]
        assert directory[0] == ("91650100MA0000004D", "丁物流有限公司", "D02", "blue", "D02",
                                "closed")
        assert directory[2][3] == "yellow"  # B's latest colour
        assert con.execute(*enterprise.directory_size()).fetchone()[0] == 4
        # a search matches the latest name, or the USCC in any case
        assert con.execute(*enterprise.directory("旧名")).fetchall() == []
        assert [row[0] for row in con.execute(*enterprise.directory("ma0000002")).fetchall()] == [
            "91650100MA0000002B"]
    monkeypatch.setattr(ui, "ROWS_SHOWN", 2)
    at = open_page("enterprise")
    assert first_rows_captions(at, 2, 4) == 1


# ---------------------------------------------------------------------------------------------
# the benchmark times the pages' own statements


def bench_queries(serving: Path) -> dict[str, list[tuple[str, list]]]:
    from dagster_project import bench

    with duckdb.connect(str(serving), read_only=True) as con:
        return bench.dashboard_queries(con)


def test_bench_queries_run_on_the_serving_copy_without_streamlit(serving):
    script = (
        "import sys, duckdb\n"
        "from dagster_project import bench\n"
        f"con = duckdb.connect({str(serving)!r}, read_only=True)\n"
        "pages = bench.dashboard_queries(con)\n"
        "for statements in pages.values():\n"
        "    for sql, params in statements:\n"
        "        con.execute(sql, params).df()\n"
        "assert 'streamlit' not in sys.modules\n"
        "print(sorted(pages))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=paths.REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(sorted(PAGES[:-1]))


def _recorded(monkeypatch) -> list[tuple[str, tuple, str]]:
    """Every statement the app runs: (sql, params, the file of the code that asked for it,
    past the db module and Streamlit's cache)."""
    seen: list[tuple[str, tuple, str]] = []
    real = db.run_query

    def recording(path, sql, params=(), **kwargs):
        frame = inspect.currentframe().f_back
        while frame and (frame.f_code.co_filename == db.__file__
                         or f"{os.sep}streamlit{os.sep}" in frame.f_code.co_filename):
            frame = frame.f_back
        seen.append((sql, tuple(params), frame.f_code.co_filename if frame else ""))
        return real(path, sql, params, **kwargs)

    monkeypatch.setattr(db, "run_query", recording)
    return seen


@pytest.mark.parametrize("page", PAGES[:-1])
def test_bench_times_what_each_page_runs(serving, monkeypatch, page):
    timed = [(sql, tuple(params)) for sql, params in bench_queries(serving)[page]]
    seen = _recorded(monkeypatch)
    at = open_page(page)
    if page == "personnel":  # the bench's sample officer
        person = next(params[0] for sql, params in timed if "where (person_id = ?)" in sql)
        at.selectbox(key="personnel_person").set_value(person).run()
    if page == "enterprise":  # the bench's sample enterprise, found by its USCC
        uscc = next(params[0] for sql, params in timed if "where uscc = ?" in sql)
        at.text_input(key="enterprise_search").input(uscc).run()
    assert not at.exception
    ran = [(sql, params) for sql, params, _ in seen]
    assert [q for q in timed if q not in ran] == []
    # and the page's own code ran nothing else
    view = str(Path(APP).parent / "views" / f"{page}.py")
    assert [(sql, params) for sql, params, caller in seen
            if caller == view and (sql, params) not in timed] == []


def test_leadership_offers_the_bulletin_of_a_chosen_quarter(serving):
    at = open_page("leadership")
    picker = at.selectbox(key="leadership_bulletin_quarter")
    assert picker.options == ["2023Q1", "2022Q4"] and picker.value == "2023Q1"
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert {"下载通报（Word）", "下载通报（PDF）"} <= set(buttons)
    picker.set_value("2022Q4").run()
    assert not at.exception
    assert at.selectbox(key="leadership_bulletin_quarter").value == "2022Q4"
    assert {"下载通报（Word）", "下载通报（PDF）"} <= {b.proto.label for b in at.get("download_button")}
    # what the buttons' deferred callables render, from the rows the page fetched
    from dashboards import bulletin
    from dashboards.queries import bulletin as bulletin_q
    import pypdf

    rows = db.query(*bulletin_q.ranking("2022Q4"))
    pdf = pypdf.PdfReader(io.BytesIO(bulletin.to_pdf(bulletin.build(rows, "2022Q4"))))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "季度通报 2022年第4季度" in text
    assert "1第二师D0280.0%8/10" in text and "2第一师D0165.0%13/20" in text
    assert "未达到 75.0% 目标的师市：第一师（65.0%）" in text


def test_leadership_without_the_bulletin_mart(tmp_path, monkeypatch):
    path = build_serving_db(tmp_path / "regwh.serving.duckdb",
                            skip={"marts.bulletin_division_ranking"})
    monkeypatch.setenv("REGWH_SERVING", str(path))
    at = open_page("leadership")
    assert not any(b.proto.label.startswith("下载通报") for b in at.get("download_button"))
    assert any("bulletin_division_ranking" in i.value for i in at.info)


# ---------------------------------------------------------------------------------------------
# drill-down from a figure to the rows behind it (issue 16 part 1)


def test_leadership_drilldown_lists_the_people_behind_a_units_ratio(serving):
    at = open_page("leadership")
    at.selectbox(key="leadership_drilldown_unit").set_value(DRILL_UNIT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("在岗执法人员 20 人，合格 14 人" in m.value for m in at.markdown)
    people = frame_with(at, "人员编号", "P002")
    # the rows add up to the figure: 20 counted, 14 of them qualified; the auxiliary not counted
    assert len(people) == sum(DRILL_REASONS.values()) == 21
    assert (people["计入比例"] == "是").sum() == KPI[AS_OF_DATES[-1]][DRILL_UNIT][0] == 20
    assert (people["专业合格"] == "是").sum() == KPI[AS_OF_DATES[-1]][DRILL_UNIT][1] == 14
    p002 = people[people["人员编号"] == "P002"].iloc[0]
    assert p002["不达标原因"] == "学历不足、实践年限不足、专业未列入目录"
    assert (p002["来源文件"], p002["来源行号"]) == (ROSTER_FILE, P002_ROSTER_ROW)
    auxiliary = people[people["人员编号"] == "X01"].iloc[0]
    assert (auxiliary["计入比例"], auxiliary["不达标原因"]) == ("否", "执法辅助人员")


def test_leadership_role_sees_the_drilldown_as_head_counts(serving):
    at = open_page_as("leadership", "leader")
    at.selectbox(key="leadership_drilldown_unit").set_value(DRILL_UNIT).run()
    assert not at.exception, [e.value for e in at.exception]
    counts = frame_with(at, "不达标原因", "实践年限不足")
    assert "人员编号" not in counts.columns
    assert dict(zip(counts["不达标原因"], counts["人数"])) == {
        "": 14, "实践年限不足": 3, "专业非安全相关": 2, "学历不足、实践年限不足、专业未列入目录": 1,
        "执法辅助人员": 1,
    }
    assert all("P00" not in str(v) for f in frames(at) for v in f.to_numpy().ravel())


def test_personnel_refresher_drilldown_to_the_training_rows(serving):
    at = open_page("personnel")
    choose_year(at, 2022)
    # 2022: P001 and P004 compliant, P002 not (fixture REFRESHER)
    assert any("全部（2022）：应培训 3 人，达标 2 人" in m.value for m in at.markdown)
    # the qualification list says why, in words
    qualification = frame_with(at, "不达标原因", "学历不足、实践年限不足、专业未列入目录")
    assert list(qualification["人员编号"]) == ["P001", "P002"]
    at.selectbox(key="training_refresher_days_person").set_value("P001").run()
    assert not at.exception, [e.value for e in at.exception]
    records = frame_with(at, "培训记录编号", "TR1")
    assert list(records["培训记录编号"]) == ["TR1", "TR2", "TR3"]
    assert records["计入天数"].sum() == 15  # P001's refresher_days of 2022
    assert list(records["来源行号"]) == [2, 3, 4]
    assert set(records["来源文件"]) == {TRAINING_FILE}


def test_penalties_trend_point_drilldown_to_its_cases(serving):
    at = open_page("penalties")
    choose_year(at, 2022)
    at.selectbox(key="penalties_trend_month").set_value(dt.date(2022, 4, 1)).run()
    assert not at.exception, [e.value for e in at.exception]
    cases = frame_with(at, "来源文件", PENALTIES_FILE)
    assert list(cases["处罚决定书文号"]) == ["新应急罚〔2022〕1号"]  # the April point: 1 case
    assert list(cases["来源行号"]) == [2]


def test_conflict_drilldown_names_the_file_rows(serving):
    at = open_page("inspections")
    choose_year(at, 2022)
    at.selectbox(key="inspections_conflict_pick").set_value(0).run()
    assert not at.exception
    behind = next(f for f in frames(at) if "检查编号" in f and set(f["检查编号"]) == {"I001", "I003"})
    assert dict(zip(behind["检查编号"], behind["来源行号"])) == {"I001": 2, "I003": 4}


def test_personnel_induction_drilldown_to_the_training_rows(serving):
    at = open_page("personnel")
    # at the latest date P001 compliant, P002 overdue, P003 in progress; P004 not required
    assert any(f"全部（{AS_OF_DATES[-1]}）：应培训 3 人，达标 1 人" in m.value for m in at.markdown)
    picker = at.selectbox(key="training_induction_days_person")
    assert list(picker.options) == ["P001", "P002", "P003"]  # P004 not required: nothing to explain
    picker.set_value("P001").run()
    assert not at.exception, [e.value for e in at.exception]
    records = frame_with(at, "培训记录编号", "TI1")
    assert records["计入天数"].sum() == 95  # P001's induction_days
    assert list(records["来源行号"]) == [6, 7]
