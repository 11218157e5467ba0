"""Readers never block the writer, and the writer never breaks the readers.

A real `regwh run` writes the warehouse and republishes the serving copy while readers query it
in a loop — the dashboards' own query path, and the leadership page through Streamlit's AppTest.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dagster_project.generate import generate
from dashboards import db as dashboard_db
from users_fixture import as_user, use_access_files

REGWH = str(Path(sys.executable).with_name("regwh"))
APP = str(Path(__file__).resolve().parents[1] / "dashboards" / "app.py")
QUERIES = (
    "SELECT count(*) FROM marts.kpi_professional_ratio WHERE unit_code = 'ALL'",
    "SELECT status, count(*) FROM marts.training_induction_status GROUP BY 1",
    "SELECT count(*) FROM audit.load_manifest",
)
CONSOLE_SQL = "select unit_code, qualified_ratio from kpi_professional_ratio order by 1"


def _run(inbox: Path, warehouse: Path) -> tuple[subprocess.Popen, Path]:
    # Output goes to a file: a pipe nobody reads until the end would fill up and block the run.
    log = warehouse.with_suffix(f".{time.monotonic_ns()}.log")
    with log.open("w") as out:
        process = subprocess.Popen([REGWH, "run", "--inbox", str(inbox), "--warehouse", str(warehouse)],
                                   stdout=out, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "REGWH_PROGRESS": ""})
    return process, log


@pytest.fixture(scope="module")
def built(tmp_path_factory, dbt_manifest):
    base = tmp_path_factory.mktemp("concurrency")
    inbox = base / "inbox"
    generate(0.03, inbox, seed=7)
    warehouse = base / "wh.duckdb"
    first, log = _run(inbox, warehouse)
    assert first.wait() == 0, log.read_text()[-3000:]
    return inbox, warehouse


def test_readers_keep_answering_during_a_run(built, monkeypatch, tmp_path):
    inbox, warehouse = built
    use_access_files(tmp_path, monkeypatch)  # the pages need a logged-in user
    serving = warehouse.with_name("wh.serving.duckdb")
    monkeypatch.setenv("REGWH_WAREHOUSE", str(warehouse))
    monkeypatch.delenv("REGWH_SERVING", raising=False)
    # A correction arrives: a re-sent training batch with a later extract date, so the run really
    # loads, rebuilds every mart and publishes a new serving copy.
    latest = sorted(inbox.glob("training_*.csv"))[-1]
    (inbox / "training_20991231.csv").write_bytes(latest.read_bytes())
    before = dashboard_db.file_signature(serving)

    failures: list[str] = []
    counts = {"queries": 0, "console": 0, "pages": 0}
    stop = threading.Event()

    def query_loop():
        while not stop.is_set():
            for sql in QUERIES:
                try:
                    dashboard_db.run_query(serving, sql)
                    counts["queries"] += 1
                except Exception as err:  # every failure counts, whatever its kind
                    failures.append(f"query: {err}")
            try:  # the SQL console's own path (search_path marts, time limit, row limit)
                dashboard_db.run_console(CONSOLE_SQL, limit=100, timeout_seconds=30)
                counts["console"] += 1
            except Exception as err:
                failures.append(f"console: {err}")

    reader = threading.Thread(target=query_loop, daemon=True)
    reader.start()
    run, log = _run(inbox, warehouse)
    while run.poll() is None:
        page = as_user(AppTest.from_file(APP, default_timeout=60), "leader").run()
        counts["pages"] += 1
        if page.exception:
            failures.append(f"page: {page.exception[0].message}")
        elif [title.value for title in page.title] != ["领导驾驶舱"]:
            failures.append(f"page: not drawn ({[title.value for title in page.title]})")
        time.sleep(0.2)
    stop.set()
    reader.join(timeout=30)
    out = log.read_text()

    assert run.returncode == 0, out[-3000:]
    assert "1 loaded" in out
    assert failures == []
    assert counts["queries"] > 10 and counts["console"] > 3 and counts["pages"] > 2
    assert dashboard_db.file_signature(serving) != before  # the new build was published
