"""End-to-end: the real app in a real browser, against the fixture serving copy.

Starts `streamlit run dashboards/app.py` on a free port with REGWH_SERVING pointing at the
fixture (and the test users file, audit log and restricted copy), drives Debian's chromium
headless through Playwright, logs in through the real login form, opens every page (each
`goto` is a new Streamlit session, logged in again by streamlit-authenticator's re-login
cookie), waits until the script has finished, checks that no exception or error alert is shown,
and saves a screenshot of each page under test-artifacts/ (the leadership and data-quality ones
are copied to docs/screenshots/ when missing, or always with REGWH_UPDATE_SCREENSHOTS=1). Then
searches an enterprise and runs the SQL console's example query. A second test logs in as a
division's personnel office: its people by name, no SQL console; logging out ends the cookie.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from dashboard_fixture import (  # noqa: E402
    CORPS_RATIO,
    ENTERPRISE_NAMES,
    PERSON_NAMES,
    USCC,
    build_restricted_db,
    build_serving_db,
)
from users_fixture import USERS, write_users  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"

# page name → (url path, title in Chinese, the default language); the default page is at "/"
PAGES = {
    "leadership": ("", "领导驾驶舱"),
    "personnel": ("personnel", "人员培训"),
    "inspections": ("inspections", "执法检查"),
    "penalties": ("penalties", "行政处罚"),
    "enterprise": ("enterprise", "企业档案"),
    "data_quality": ("data_quality", "数据质量"),
    "sql": ("sql", "数据查询"),
}
COPIED_TO_DOCS = {"leadership", "data_quality"}
# docs/screenshots/ is committed: written when missing, refreshed on request only, so that a test
# run does not leave the working tree changed
UPDATE_DOCS = os.environ.get("REGWH_UPDATE_SCREENSHOTS") == "1"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy on port {port}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serving")
    serving = build_serving_db(folder / "regwh.serving.duckdb")
    port = _free_port()
    env = {**os.environ, "REGWH_SERVING": str(serving),
           "REGWH_RESTRICTED": str(build_restricted_db(folder / "regwh.restricted.duckdb")),
           "REGWH_USERS": str(write_users(folder / "users.yaml")),
           "REGWH_ACCESS_LOG": str(folder / "access_log.jsonl")}
    log_path = tmp_path_factory.mktemp("logs") / "streamlit.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboards" / "app.py"),
                "--server.headless", "true", "--server.port", str(port),
                "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        try:
            _wait_healthy(port, process)
        except Exception:
            raise AssertionError(log_path.read_text(errors="replace")) from None
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _wait_for_app(page, title: str, timeout_ms: int = 60_000, settle_ms: int = 800) -> None:
    """Until the page's title is shown and the script has finished running."""
    page.wait_for_selector(f'h1:has-text("{title}")', timeout=timeout_ms)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="hidden", timeout=timeout_ms)
    # let Plotly finish drawing before a screenshot
    page.wait_for_timeout(settle_ms)


def _open(page, url: str, title: str, settle_ms: int = 0) -> None:
    """Open a page by its URL in a new session, once more if the first load lost its way.

    On a heavily loaded machine (CI beside other jobs) the login cookie's component can ask for
    a rerun before the first run has routed the URL, and the session lands on the first page
    instead (docs/access.md): a user opening the link again gets the page, and so does this.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, wait_until="domcontentloaded")
    try:
        _wait_for_app(page, title, settle_ms=settle_ms)
    except PlaywrightTimeout:
        page.goto(url, wait_until="domcontentloaded")
        _wait_for_app(page, title, timeout_ms=120_000, settle_ms=settle_ms)


def _log_in(page, app_url: str, username: str, title: str) -> None:
    """Fill the real login form and wait for the first page, then for the re-login cookie."""
    page.goto(f"{app_url}/", wait_until="domcontentloaded")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(USERS[username][0])
    page.get_by_role("button", name="登录").click()
    _wait_for_app(page, title, timeout_ms=120_000, settle_ms=0)
    deadline = time.monotonic() + 30
    while not any(c["name"] == "regwh_auth" for c in page.context.cookies()):
        assert time.monotonic() < deadline, "the re-login cookie was never set"
        page.wait_for_timeout(200)


def test_every_page_renders_without_errors(app_url, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
    timings: dict[str, float] = {}
    try:
        page = context.new_page()
        # a wrong password first: refused, still the login form
        page.goto(f"{app_url}/", wait_until="domcontentloaded")
        page.get_by_label("用户名").fill("analyst")
        page.get_by_label("密码").fill("not-the-password")
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector('[data-testid="stAlertContentError"]:has-text("用户名或密码错误")',
                               timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "page_login_failed.png"), full_page=True)
        _log_in(page, app_url, "analyst", PAGES["leadership"][1])
        for name, (url_path, title) in PAGES.items():
            started = time.perf_counter()
            _open(page, f"{app_url}/{url_path}", title)
            timings[name] = round(time.perf_counter() - started, 2)  # load + script run
            page.wait_for_timeout(800)

            exceptions = page.locator('[data-testid="stException"]')
            errors = page.locator('[data-testid="stAlertContentError"]')
            shot = ARTIFACTS / f"page_{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert exceptions.count() == 0, f"{name}: {exceptions.first.inner_text()}"
            assert errors.count() == 0, f"{name}: {errors.first.inner_text()}"
            # every page is one of ours (a deep link must not fall back to the main page)
            assert page.locator('[role="dialog"]').count() == 0, f"{name}: unexpected dialog"
            target = SCREENSHOTS / f"{name}.png"
            if name in COPIED_TO_DOCS and (UPDATE_DOCS or not target.exists()):
                shutil.copyfile(shot, target)

        # the leadership page shows the corps ratio of the fixture
        _open(page, f"{app_url}/", PAGES["leadership"][1], settle_ms=800)
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="兵团专业人员占比")
        assert f"{CORPS_RATIO:.1%}" in metric.first.inner_text()

        # search an enterprise and open its file
        _open(page, f"{app_url}/enterprise", PAGES["enterprise"][1], settle_ms=800)
        search = page.get_by_label("按企业名称或统一社会信用代码搜索")
        search.fill("甲化工")
        search.press("Enter")
        page.wait_for_selector(f'h3:has-text("{USCC["A"]}")', timeout=60_000)
        _wait_for_app(page, PAGES["enterprise"][1])
        assert ENTERPRISE_NAMES["A"] in page.locator("h3").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "page_enterprise_file.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0

        # run the example query of the SQL console
        _open(page, f"{app_url}/sql", PAGES["sql"][1], settle_ms=800)
        page.get_by_role("button", name="运行查询").click()
        page.wait_for_selector('[data-testid="stCaptionContainer"]:has-text("行，用时")',
                               timeout=60_000)
        _wait_for_app(page, PAGES["sql"][1])
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "page_sql_result.png"), full_page=True)
    finally:
        context.close()
        (ARTIFACTS / "page_timings.json").write_text(json.dumps(timings, indent=2))


def test_personnel_office_sees_its_people_by_name_then_logs_out(app_url, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
    try:
        page = context.new_page()
        _log_in(page, app_url, "hr_d01", PAGES["personnel"][1])  # its first page
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "page_personnel_names.png"), full_page=True)
        # Table cells are drawn on a canvas; the person picker lists people as text.
        page.get_by_role("tab", name="个人培训档案").click()
        page.get_by_text("选择人员").first.wait_for(timeout=60_000)
        page.locator('[data-testid="stSelectbox"]').filter(has_text="选择人员").click()
        options = page.get_by_role("option").all_inner_texts()
        shown = {pid for pid, (name, _, _) in PERSON_NAMES.items()
                 if any(name in option for option in options)}
        assert shown == {"P001", "P002"}, options  # division D01's people, by name; no others
        page.keyboard.press("Escape")
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "数据质量" in nav and "数据查询" not in nav and "领导驾驶舱" not in nav
        # logging out deletes the cookie: a new session shows the login form again
        page.get_by_role("button", name="退出登录").click()
        page.get_by_label("用户名").wait_for(timeout=60_000)
        deadline = time.monotonic() + 30
        while any(c["name"] == "regwh_auth" for c in context.cookies()):
            assert time.monotonic() < deadline, "the re-login cookie survived the logout"
            page.wait_for_timeout(200)
        page.goto(f"{app_url}/", wait_until="domcontentloaded")
        page.get_by_label("用户名").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    finally:
        context.close()
