"""Dashboard users for the tests (units of tests/dashboard_fixture.py), and logging in.

``use_access_files(tmp_path, monkeypatch)`` points the app at a users file of these users, an
audit log and the fixture restricted copy, all under ``tmp_path``. ``as_user(at, name)`` sets the
session state exactly as streamlit-authenticator does after a successful login (the app reads
the role and units from the users file on every run); ``fill_login_form`` uses the real form.
"""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dagster_project import users
from dashboard_fixture import build_restricted_db

# username → (password, display name, role, units)
USERS = {
    "leader": ("leader-pass-1", "兵团领导", "leadership", ["BT"]),
    "analyst": ("analyst-pass-1", "数据分析员", "analyst", ["BT"]),
    "hr_corps": ("hr-corps-pass-1", "兵团人事处", "personnel", ["BT"]),
    "hr_d01": ("hr-d01-pass-1", "第一师人事科", "personnel", ["D01"]),
}


@functools.cache
def _users_file_text() -> str:
    """The users file, written once per test session with `users.add_user` (bcrypt is slow)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "users.yaml"
        for username, (password, name, role, units) in USERS.items():
            users.add_user(path, username=username, name=name, role=role, units=units,
                           password=password)
        return path.read_text(encoding="utf-8")


def write_users(path: Path) -> Path:
    path.write_text(_users_file_text(), encoding="utf-8")
    path.chmod(0o600)
    return path


def use_access_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    files = {"users": write_users(tmp_path / "users.yaml"),
             "log": tmp_path / "access_log.jsonl",
             "restricted": build_restricted_db(tmp_path / "regwh.restricted.duckdb")}
    monkeypatch.setenv("REGWH_USERS", str(files["users"]))
    monkeypatch.setenv("REGWH_ACCESS_LOG", str(files["log"]))
    monkeypatch.setenv("REGWH_RESTRICTED", str(files["restricted"]))
    return files


def as_user(at: AppTest, username: str) -> AppTest:
    """Logged in as the library leaves a session after a successful login."""
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = USERS[username][1]
    return at


def fill_login_form(at: AppTest, username: str, password: str) -> AppTest:
    """Type into the real login form and submit it (one run)."""
    [user_box] = [box for box in at.text_input if box.label == "用户名"]
    [password_box] = [box for box in at.text_input if box.label == "密码"]
    user_box.input(username)
    password_box.input(password)
    [submit] = [button for button in at.button if button.label == "登录"]
    submit.click().run()
    return at

