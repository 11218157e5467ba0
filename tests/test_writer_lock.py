"""One writer at a time: two real `regwh run` processes on one warehouse, and a killed run's lock."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from dagster_project import paths
from dagster_project.writer_lock import read_holder
from ingest_helpers import TRAINING, UNITS, write_csv

REGWH = str(Path(sys.executable).with_name("regwh"))


@pytest.fixture
def inbox(tmp_path):
    path = tmp_path / "inbox"
    path.mkdir()
    write_csv(path / "units_20210131.csv", UNITS,
              [["BT00", "兵团应急管理局", "兵团", ""], ["BT01", "第一师", "师市", "BT00"]])
    write_csv(path / "training_20210131.csv", TRAINING, [["T1", "P1", "复训", "2021-01-04", "2021-01-15", "合格"]])
    return path


def _start(inbox: Path, warehouse: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([REGWH, "run", "--inbox", str(inbox), "--warehouse", str(warehouse), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=paths.REPO_ROOT)


def _until_held(warehouse: Path, process: subprocess.Popen, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        holder = read_holder(warehouse)
        if holder:
            return holder
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the first run never took the lock")


def test_second_run_exits_with_one_line_naming_the_first(inbox, tmp_path, dbt_manifest):
    warehouse = tmp_path / "wh.duckdb"
    first = _start(inbox, warehouse)
    holder = _until_held(warehouse, first)
    assert holder["pid"] == first.pid
    second = _start(inbox, warehouse)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 75, (out, err)
    busy = [line for line in err.splitlines() if "warehouse is being written by another run" in line]
    assert len(busy) == 1 and f"pid {first.pid}" in busy[0] and holder["run_id"] in busy[0]
    assert "Traceback" not in err + out
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert "1 loaded" in out or "2 loaded" in out
    # recorded in the persistent instance the UI shows, with its materializations
    instance = dg.DagsterInstance.from_config(os.environ["DAGSTER_HOME"])
    record = instance.get_run_record_by_id(holder["run_id"])
    assert record is not None and record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
    assert instance.get_latest_materialization_event(dg.AssetKey(["raw", "units"])) is not None


def test_a_killed_runs_lock_is_cleared(inbox, tmp_path, dbt_manifest):
    warehouse = tmp_path / "wh.duckdb"
    victim = _start(inbox, warehouse)
    _until_held(warehouse, victim)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert read_holder(warehouse) is None  # the holder file remains, the lock does not
    assert (warehouse.with_name(warehouse.name + ".lock")).exists()
    done = _start(inbox, warehouse)
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    assert "rows: 3 read, 3 loaded, 0 rejected" in out
    status = subprocess.run([REGWH, "status", "--warehouse", str(warehouse)], capture_output=True,
                            text=True, cwd=paths.REPO_ROOT)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].startswith("最近运行 last run: ") and " SUCCESS " in lines[0]
    # units (yearly) and training (weekly) were due long ago; seven scheduled sources never came
    assert lines[1:4] == ["写锁 lock: 空闲 free", "待修改拒收行 open rejected rows: 0",
                          "逾期数据源 overdue sources: 9"]
    assert lines[4] == "  enterprises 危险化学品企业名录（检查对象库）: 从未报送 never delivered (quarterly)"
    assert lines[-1] == ("  units 组织单位: 应于 2022-02-01 前报送 due by 2022-02-01 "
                         "(yearly; 最近 last extract 2021-01-31)")
    assert len(lines) == 13


def test_ui_takes_port_and_host():
    shown = subprocess.run([REGWH, "ui", "--help"], capture_output=True, text=True).stdout
    assert "--port" in shown and "--host" in shown


def test_wait_queues_behind_the_running_writer(inbox, tmp_path, dbt_manifest):
    warehouse = tmp_path / "wh.duckdb"
    first = _start(inbox, warehouse)
    _until_held(warehouse, first)
    second = _start(inbox, warehouse, "--wait", "600")
    out2, err2 = second.communicate(timeout=900)
    out1, _ = first.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, err2
    assert "Traceback" not in err2
    assert "nothing new in the inbox" in out2  # it ran after the first, on the built warehouse
