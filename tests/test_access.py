"""Personal data and access control (docs/access.md).

- the users file: missing or unusable → the app refuses to start; `regwh add-user` writes a bcrypt
  hash that streamlit-authenticator verifies, and the new user can log in;
- logins through the real login form (AppTest): a wrong password is refused and logged; each
  role sees exactly its pages, and a page reached by a role not allowed refuses by itself;
- names: a personnel user sees the names of its own units' people only; analysts and leadership
  never see a name; without the restricted copy the page shows ids and a notice;
- the SQL console: analysts only, every statement logged, no file or other database reachable
  (the guard, and the connection itself past the guard);
- publishing: the serving copy holds no personal data, the restricted copy only that, mode 0600;
  restricted.officer_identity takes each person's latest roster row (dbt, hand-made rows).

AppTest cannot drive the library's re-login cookie: its runtime is a mock, so `st.context.cookies`
answers every cookie name with a mock value (the library fails to decode it, prints "Invalid
token type" and shows the form), and the cookie component is never run. The cookie is tested in
Chromium (tests/e2e/test_browser.py).
"""
from __future__ import annotations

import datetime as dt
import json
import stat
import threading
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from dagster_project import cli, paths, publish, users
from dashboard_fixture import PERSON_NAMES, build_serving_db
from dashboards import access_log, auth, db, sql_guard
from users_fixture import USERS, as_user, fill_login_form, use_access_files

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "dashboards" / "app.py")
VIEWS = REPO / "dashboards" / "views"
TITLES = {"page_leadership": "领导驾驶舱", "page_personnel": "人员培训",
          "page_inspections": "执法检查", "page_penalties": "行政处罚",
          "page_enterprise": "企业档案", "page_data_quality": "数据质量", "page_sql": "数据查询"}
FILES = {"page_leadership": "leadership.py", "page_personnel": "personnel.py",
         "page_inspections": "inspections.py", "page_penalties": "penalties.py",
         "page_enterprise": "enterprise.py", "page_data_quality": "data_quality.py",
         "page_sql": "sql_console.py"}
EXPECTED_PAGES = {
    "leader": set(TITLES) - {"page_sql"},
    "analyst": set(TITLES),
    "hr_corps": {"page_personnel", "page_data_quality"},
    "hr_d01": {"page_personnel", "page_data_quality"},
}
ALL_NAMES = {pid: name for pid, (name, _, _) in PERSON_NAMES.items()}
D01_PEOPLE = {"P001", "P002"}  # the fixture's people of division D01


@pytest.fixture
def files(tmp_path, monkeypatch) -> dict[str, Path]:
    monkeypatch.setenv("REGWH_SERVING", str(build_serving_db(tmp_path / "regwh.serving.duckdb")))
    return use_access_files(tmp_path, monkeypatch)


def app(username: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    return as_user(at, username) if username else at


def page(username: str, key: str) -> AppTest:
    at = app(username).run()
    if key != auth.pages_for(USERS[username][2])[0]:
        at.switch_page(f"views/{FILES[key]}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_lines(files) -> list[dict]:
    return access_log.read(files["log"])


def rendered_text(at: AppTest) -> str:
    """Everything the app drew, as text: table cells, labels, options, messages, charts."""
    parts = []
    for root in (at.main, at.sidebar):
        for node in root:
            if node.type == "dataframe":
                parts.append(node.value.to_string())
            proto = getattr(node, "proto", None)
            if proto is not None:
                parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts)


def frames(at: AppTest):
    return [element.value for element in at.dataframe]


# ---------------------------------------------------------------------------------------------
# the users file


def test_missing_users_file_refuses_to_start(files, monkeypatch, tmp_path):
    absent = tmp_path / "nowhere" / "users.yaml"
    monkeypatch.setenv("REGWH_USERS", str(absent))
    at = app().run()
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert str(absent) in message and "regwh add-user" in message
    assert "用户配置文件不存在" in message and "does not exist" in message  # Chinese and English
    assert not at.text_input  # no login form, no fallback to other users
    assert not at.title


def test_users_file_with_a_plain_password_is_refused(files, monkeypatch, tmp_path):
    bad = tmp_path / "plain.yaml"
    bad.write_text(files["users"].read_text().replace(
        users.load(files["users"])["credentials"]["usernames"]["analyst"]["password"],
        "analyst-pass-1"))
    monkeypatch.setenv("REGWH_USERS", str(bad))
    at = app().run()
    assert "bcrypt" in at.error[0].value and not at.text_input


def test_nothing_is_shown_before_login(files):
    at = app().run()
    assert [t.value for t in at.title] == ["危化品安全执法监管数据仓库"]
    assert {box.label for box in at.text_input} == {"用户名", "密码"}
    assert not at.dataframe and not at.metric


# ---------------------------------------------------------------------------------------------
# logging in and out


def test_wrong_password_is_refused_and_logged(files):
    at = fill_login_form(app().run(), "hr_d01", "not-the-password")
    assert not at.exception
    assert at.session_state["authentication_status"] is False
    assert "用户名或密码错误" in at.error[0].value
    assert [t.value for t in at.title] == ["危化品安全执法监管数据仓库"]  # still the login page
    [line] = log_lines(files)
    assert (line["event"], line["username"], line["reason"]) == \
        ("login_failed", "hr_d01", "wrong_password")
    # an unknown username is not written (it may be a password typed in the wrong box)
    fill_login_form(at, "hr-d01-pass-1", "whatever-1")
    last = log_lines(files)[-1]
    assert (last["event"], last["username"], last["reason"]) == \
        ("login_failed", None, "unknown_user")
    text = files["log"].read_text(encoding="utf-8")
    assert "not-the-password" not in text and "hr-d01-pass-1" not in text


def test_login_form_then_logout(files):
    at = fill_login_form(app().run(), "analyst", USERS["analyst"][0])
    assert not at.exception
    assert at.title[0].value == "领导驾驶舱"
    assert "数据分析员（analyst）" in [c.value for c in at.sidebar.caption]
    login = log_lines(files)[-1]
    assert (login["event"], login["username"], login["role"], login["method"]) == \
        ("login_success", "analyst", "analyst", "password")
    at.sidebar.button(key="regwh_logout").click().run()
    assert not at.exception
    assert {box.label for box in at.text_input} == {"用户名", "密码"}
    assert not at.dataframe
    assert [e["event"] for e in log_lines(files)] == ["login_success", "logout"]
    assert USERS["analyst"][0] not in files["log"].read_text(encoding="utf-8")


def test_a_user_removed_from_the_file_is_logged_out(files):
    at = app("hr_d01").run()
    assert at.title[0].value == "人员培训"
    config = users.load(files["users"])
    del config["credentials"]["usernames"]["hr_d01"]
    files["users"].write_text(json.dumps(config))  # JSON is YAML
    at.run()
    assert {box.label for box in at.text_input} == {"用户名", "密码"}
    assert not at.dataframe


# ---------------------------------------------------------------------------------------------
# roles and pages


def test_pages_by_role():
    assert set(auth.pages_for("leadership")) == EXPECTED_PAGES["leader"]
    assert set(auth.pages_for("personnel")) == EXPECTED_PAGES["hr_d01"]
    assert set(auth.pages_for("analyst")) == EXPECTED_PAGES["analyst"]
    assert auth.pages_for("someone") == ()


@pytest.mark.parametrize("username", sorted(EXPECTED_PAGES))
def test_each_role_sees_exactly_its_pages(files, username):
    at = app(username).run()
    assert not at.exception
    for key, file in FILES.items():
        if key in EXPECTED_PAGES[username]:
            at.switch_page(f"views/{file}").run()
            assert not at.exception, (key, [e.value for e in at.exception])
            assert at.title[0].value == TITLES[key] and not at.error, key
        else:  # not in the navigation at all
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(f"views/{file}")


@pytest.mark.parametrize(("username", "key"), [
    ("leader", "page_sql"), ("hr_d01", "page_sql"), ("hr_d01", "page_leadership"),
    ("hr_corps", "page_enterprise"), (None, "page_personnel"),
])
def test_a_page_refuses_a_user_its_role_does_not_allow(files, username, key):
    """Reached without the navigation (a URL, a mistake in app.py): the page itself refuses."""
    at = AppTest.from_file(str(VIEWS / FILES[key]), default_timeout=60)
    if username:
        at.session_state[auth.USER_STATE_KEY] = users.user(users.load(files["users"]), username)
    at.run()
    assert not at.exception
    alerts = [e.value for e in (*at.error, *at.warning)]
    assert alerts and ("无权查看本页" in alerts[0] or "请先登录" in alerts[0])
    assert not at.dataframe and not at.text_area and not at.metric
    refused = log_lines(files)[-1]
    assert (refused["event"], refused["username"], refused["page"]) == \
        ("page_refused", username, key)


# ---------------------------------------------------------------------------------------------
# names


def test_personnel_user_of_one_division_sees_its_people_by_name_only(files):
    at = page("hr_d01", "page_personnel")
    text = rendered_text(at)
    for pid, name in ALL_NAMES.items():
        assert (name in text) == (pid in D01_PEOPLE), (pid, name)
    shown = [f for f in frames(at) if "人员编号" in f]
    assert shown and all(set(f["人员编号"]) <= D01_PEOPLE for f in shown)
    assert all("姓名" in f for f in shown)
    assert {"赵一鸣", "钱二娜"} <= {n for f in shown for n in f["姓名"]}
    # the unit filter offers the user's units only
    assert at.selectbox(key="personnel_unit").options == ["全部", "第一师（D01）"]
    [line] = [e for e in log_lines(files) if e["event"] == "names_shown"]
    assert (line["username"], line["unit"], line["people"]) == ("hr_d01", "D01", 2)
    assert not any(name in files["log"].read_text(encoding="utf-8")
                   for name in ALL_NAMES.values())
    # one officer's history, picked by id and name
    at.selectbox(key="personnel_person").set_value("P001").run()
    assert not at.exception
    assert "P001 赵一鸣" in rendered_text(at)


def test_corps_personnel_user_sees_everyone_by_name(files):
    text = rendered_text(page("hr_corps", "page_personnel"))
    assert all(name in text for name in ALL_NAMES.values())


@pytest.mark.parametrize("username", ["analyst", "leader"])
def test_analysts_and_leadership_never_see_a_name(files, username):
    for key in sorted(EXPECTED_PAGES[username]):
        at = page(username, key)
        if key == "page_personnel" and username == "analyst":
            at.selectbox(key="personnel_person").set_value("P001").run()
        if key == "page_sql":
            at.button(key="sql_console_run").click().run()
        text = rendered_text(at)
        assert not [name for name in ALL_NAMES.values() if name in text], key
    assert not [e for e in log_lines(files) if e["event"] == "names_shown"]


def test_leadership_sees_head_counts_not_people(files):
    at = page("leader", "page_personnel")
    tables = frames(at)
    assert tables and not [f for f in tables if "人员编号" in f]
    counts = [f for f in tables if "人数" in f]
    assert counts
    assert "不显示人员明细" in rendered_text(at)
    assert at.selectbox(key="personnel_unit") is not None
    assert not [s for s in at.selectbox if s.key == "personnel_person"]


def test_without_the_restricted_copy_ids_are_shown_with_a_notice(files):
    files["restricted"].unlink()
    at = page("hr_d01", "page_personnel")
    assert any("受限副本" in i.value for i in at.info)
    shown = [f for f in frames(at) if "人员编号" in f]
    assert shown and not [f for f in shown if "姓名" in f]


def test_data_quality_rows_are_limited_to_the_units(files, tmp_path, monkeypatch):
    with duckdb.connect(str(Path(db.serving_path()))) as con:
        con.execute("insert into marts.dq_unclassified_majors values "
                    "('2023-01-31', 'D02', '化学工程与工艺', 3, '2022-01-01')")
    majors = {"hr_d01": {"第一师（D01）"}, "analyst": {"第一师（D01）", "第二师（D02）"}}
    for username, units in majors.items():
        at = page(username, "page_data_quality")
        [table] = [f for f in frames(at) if "专业" in f]
        assert set(table["单位代码"]) == units


# ---------------------------------------------------------------------------------------------
# the SQL console


def test_sql_console_logs_every_statement(files):
    at = page("analyst", "page_sql")
    at.button(key="sql_console_run").click().run()
    restricted = files["restricted"]
    for statement in (f"attach '{restricted}' as r",
                      "select * from restricted.officer_identity",
                      "select cast('x' as integer) from marts.penalty_checks"):
        at.text_area(key="sql_console_text").input(statement)
        at.button(key="sql_console_run").click().run()
        assert not at.exception
    queries = [e for e in log_lines(files) if e["event"] == "sql_query"]
    assert [q["outcome"] for q in queries] == ["ok", "refused", "refused", "error"]
    assert queries[0]["rows"] == 3 and "kpi_professional_ratio" in queries[0]["sql"]
    assert "ATTACH" in queries[1]["reason"] and queries[1]["sql"].startswith("attach")
    assert all(q["username"] == "analyst" and q["duration_ms"] >= 0 for q in queries)
    assert "integer" in queries[3]["error"].lower()


# Every way out of the serving copy, each run on the console's own connection, past the guard.
# The guard refuses each of them first (tests/test_dashboards.py, and below).
ESCAPES = [
    "attach '{restricted}' as r",
    "attach '{restricted}' as r (read_only)",
    "attach ':memory:' as m",
    "select * from restricted.officer_identity",
    "copy marts.penalty_checks to '{out}'",
    "copy (select 1) to '{out}' (format csv)",
    "copy marts.penalty_checks from '{out}'",
    "export database '{tmp}/dump'",
    "install httpfs",
    "load httpfs",
    "load '{tmp}/x.duckdb_extension'",
    "select * from read_csv('/etc/passwd')",
    "select * from read_csv_auto('/etc/passwd')",
    "select * from read_parquet('{tmp}/x.parquet')",
    "select * from read_json('{tmp}/x.json')",
    "select * from read_text('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from '/etc/passwd'",
    "create table marts.x as select 1",
    "create view marts.v as select 1",
    "insert into marts.penalty_checks select * from marts.penalty_checks",
    "update marts.penalty_checks set fine_amount = 0",
    "delete from marts.penalty_checks",
    "drop table marts.penalty_checks",
    "alter table marts.penalty_checks add column x integer",
    "set enable_external_access = true",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_console_cannot_reach_files_other_databases_or_write(files, tmp_path, template):
    statement = template.format(restricted=files["restricted"], out=tmp_path / "out.csv",
                                tmp=tmp_path)
    with pytest.raises(sql_guard.Refused):
        sql_guard.check(statement, ["penalty_checks", "kpi_professional_ratio"])
    with pytest.raises(duckdb.Error):
        db.run_console(statement, 10, 5)
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "dump").exists()


# ---------------------------------------------------------------------------------------------
# adding a user


def test_add_user_writes_a_bcrypt_hash_and_the_user_can_log_in(files, tmp_path, monkeypatch):
    from streamlit_authenticator.utilities.hasher import Hasher

    path = tmp_path / "config" / "users.yaml"
    runner = CliRunner()
    args = ["add-user", "--config", str(path), "--username", "hr_d02", "--name", "第二师人事科",
            "--role", "personnel", "--unit", "D02"]
    done = runner.invoke(cli.main, [*args, "--password-stdin"], input="d02-secret-9\n")
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "d02-secret-9" not in text
    config = users.load(path)
    entry = config["credentials"]["usernames"]["hr_d02"]
    assert Hasher.is_hash(entry["password"]) and Hasher.check_pw("d02-secret-9", entry["password"])
    assert (entry["role"], entry["units"]) == ("personnel", ["D02"])
    assert len(config["cookie"]["key"]) >= 32
    # a second user through the hidden prompt (asked twice)
    done = runner.invoke(cli.main, ["add-user", "--config", str(path), "--username", "boss",
                                    "--name", "领导", "--role", "leadership", "--unit", "BT"],
                         input="boss-secret-1\nboss-secret-1\n")
    assert done.exit_code == 0, done.output
    assert "boss-secret-1" not in done.output
    # refusals: the same username again, a short password, an unknown role
    assert runner.invoke(cli.main, [*args, "--password-stdin"], input="other-secret-1\n") \
        .exit_code != 0
    assert "8" in runner.invoke(cli.main, [*args, "--replace", "--password-stdin"],
                                input="short\n").output
    assert runner.invoke(cli.main, ["add-user", "--config", str(path), "--username", "x",
                                    "--name", "x", "--role", "admin", "--unit", "BT",
                                    "--password-stdin"], input="long-enough-1\n").exit_code != 0
    # the new user logs in through the form and sees division D02's people by name
    monkeypatch.setenv("REGWH_USERS", str(path))
    at = fill_login_form(app().run(), "hr_d02", "d02-secret-9")
    assert not at.exception and at.title[0].value == "人员培训"
    text = rendered_text(at)
    assert "孙三峰" in text and "周五洋" in text and "赵一鸣" not in text


# ---------------------------------------------------------------------------------------------
# the audit log


def test_access_log_lines_stay_whole_under_concurrent_writers(tmp_path, monkeypatch):
    monkeypatch.setenv("REGWH_ACCESS_LOG", str(tmp_path / "log.jsonl"))

    def writer(n: int) -> None:
        for i in range(50):
            access_log.write(access_log.SQL_QUERY, f"user{n}", sql="select 1 -- " + "x" * 500,
                             outcome="ok", rows=i, duration_ms=1)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = access_log.read(tmp_path / "log.jsonl")
    assert len(lines) == 400
    assert all(set(line) == {"ts", "event", "username", "sql", "outcome", "rows", "duration_ms"}
               for line in lines)
    assert stat.S_IMODE((tmp_path / "log.jsonl").stat().st_mode) == 0o600


# ---------------------------------------------------------------------------------------------
# publishing: names only in the restricted copy


def _hand_warehouse(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        for schema in ("raw", "audit", "marts", "restricted"):
            con.execute(f"create schema {schema}")
        con.execute("create table raw.roster as select 'P1' as person_id, '张三' as full_name, "
                    "'650102198506150011' as id_number")
        con.execute("create table audit.load_manifest as select 1::bigint as load_seq")
        con.execute("create table marts.kpi as select 'BT01' as unit_code, 0.8 as qualified_ratio")
        con.execute("create table restricted.officer_identity as select 'P1' as person_id, "
                    "'张三' as full_name, '650102198506150011' as id_number, 'BT01' as unit_code")


def test_publish_keeps_personal_data_out_of_the_serving_copy(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    _hand_warehouse(warehouse)
    serving, restricted = paths.serving_path(warehouse), paths.restricted_path(warehouse)
    assert restricted.name == "wh.restricted.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        publish.publish(con, serving, manifest_path=tmp_path / "no_manifest.json")
        counts = publish.publish_restricted(con, restricted)
        publish.record_build(con, "run-1")
        assert publish.build_is_current(con, serving, restricted)
    assert counts == {"restricted.officer_identity": 1}
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))

    def catalogue(path: Path) -> tuple[set, set]:
        with duckdb.connect(str(path), read_only=True) as con:
            schemas = {s for (s,) in con.execute(
                "select distinct table_schema from information_schema.tables").fetchall()}
            columns = {c for (c,) in con.execute(
                "select column_name from information_schema.columns").fetchall()}
        return schemas, columns

    schemas, columns = catalogue(serving)
    assert schemas == {"marts", "audit"}
    assert not columns & {"full_name", "id_number"}
    schemas, columns = catalogue(restricted)
    assert schemas == {"restricted"} and {"full_name", "id_number"} <= columns
    # a copy gone missing makes the next run rebuild and republish
    restricted.unlink()
    with duckdb.connect(str(warehouse)) as con:
        assert not publish.build_is_current(con, serving, restricted)


def test_officer_identity_takes_each_persons_latest_roster_row(tmp_path):
    from dbt_harness import connect, insert_rows, make_warehouse, run_dbt

    warehouse = make_warehouse(tmp_path)

    def row(pid: str, name: str, unit: str, extract: str, **extra) -> dict:
        return {"person_id": pid, "full_name": name, "id_number": f"ID-{pid}-{name}",
                "unit_code": unit, "staff_category": "officer", "hire_date": "2020-01-01",
                "education_level": "bachelor", "_extract_date": extract, **extra}

    insert_rows(warehouse, "roster", [
        row("P1", "张三", "BT01", "2021-01-31"), row("P2", "李四", "BT02", "2021-01-31"),
        row("P1", "张叁", "BT03", "2021-12-31"),  # renamed and moved: the latest row wins
    ])
    # a re-delivery of 2021-12-31 replaced that snapshot: only its latest load counts
    insert_rows(warehouse, "roster", [row("P1", "张三丰", "BT03", "2021-12-31",
                                          _file_name="roster_20211231.xlsx")])
    run_dbt(warehouse, ["build", "--select", "officer_identity"])
    with connect(warehouse) as con:
        rows = con.execute("select person_id, full_name, id_number, unit_code, snapshot_date "
                           "from restricted.officer_identity order by 1").fetchall()
    assert rows == [
        ("P1", "张三丰", "ID-P1-张三丰", "BT03", dt.date(2021, 12, 31)),
        ("P2", "李四", "ID-P2-李四", "BT02", dt.date(2021, 1, 31)),  # left: last name kept
    ]


# --- 退回修改表: rejected rows whole, for the personnel office of the row's unit -------------------

def _download_labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def test_return_sheet_for_the_personnel_office_of_the_rows_unit(files):
    at = page("hr_d01", "page_data_quality")
    assert "下载 roster 退回修改表" in _download_labels(at)


def test_return_sheet_cells_not_offered_to_roles_without_names(files):
    at = page("analyst", "page_data_quality")
    assert not any("退回修改表" in label for label in _download_labels(at))
    assert "退回修改表含个人信息，仅人事部门可以下载" in rendered_text(at)
