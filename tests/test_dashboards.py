"""The Streamlit app against a hand-made serving copy (tests/dashboard_fixture.py).

Every page is run through the real entry point (dashboards/app.py, st.navigation) with
`AppTest.switch_page`, logged in as an analyst (who may open every page; roles and logins are
tested in tests/test_access.py), must not raise, and must show the fixture's key figures. Also:
the SQL guard, the serving-copy path rules, a missing serving copy, a republished serving copy,
and that no page keeps a connection open.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import time
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
    ENTERPRISE_NAMES,
    INDUCTION_RATE,
    KPI,
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
            "marts.enterprise_history", "marts.dim_units", "audit.check_results",
            "marts.column_docs", "marts.staff_qualification"}
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
