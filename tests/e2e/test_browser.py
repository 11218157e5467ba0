"""End-to-end: the real app in a real browser, against the fixture serving copy.

Starts `streamlit run dashboards/app.py` on a free port with REGWH_SERVING pointing at the
fixture, drives Debian's chromium headless through Playwright, opens every page, waits until the
script has finished, checks that no exception or error alert is shown, and saves a screenshot of
each page under test-artifacts/ (the leadership and data-quality ones are copied to
docs/screenshots/ when missing, or always with REGWH_UPDATE_SCREENSHOTS=1). Then searches an
enterprise and runs the SQL console's example query.
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
    USCC,
    build_serving_db,
)

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
    serving = build_serving_db(tmp_path_factory.mktemp("serving") / "regwh.serving.duckdb")
    port = _free_port()
    env = {**os.environ, "REGWH_SERVING": str(serving)}
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


def test_every_page_renders_without_errors(app_url, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
    timings: dict[str, float] = {}
    try:
        page = context.new_page()
        for name, (url_path, title) in PAGES.items():
            started = time.perf_counter()
            page.goto(f"{app_url}/{url_path}", wait_until="domcontentloaded")
            _wait_for_app(page, title, settle_ms=0)
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
        page.goto(f"{app_url}/", wait_until="domcontentloaded")
        _wait_for_app(page, PAGES["leadership"][1])
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="兵团专业人员占比")
        assert f"{CORPS_RATIO:.1%}" in metric.first.inner_text()

        # search an enterprise and open its file
        page.goto(f"{app_url}/enterprise", wait_until="domcontentloaded")
        _wait_for_app(page, PAGES["enterprise"][1])
        search = page.get_by_label("按企业名称或统一社会信用代码搜索")
        search.fill("甲化工")
        search.press("Enter")
        page.wait_for_selector(f'h3:has-text("{USCC["A"]}")', timeout=60_000)
        _wait_for_app(page, PAGES["enterprise"][1])
        assert ENTERPRISE_NAMES["A"] in page.locator("h3").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "page_enterprise_file.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0

        # run the example query of the SQL console
        page.goto(f"{app_url}/sql", wait_until="domcontentloaded")
        _wait_for_app(page, PAGES["sql"][1])
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
