"""Crash test in CI: scripts/crash_test.py with three kill -9 points (one while ingesting, one
during the dbt build, one while publishing the serving copy). The full test is
`.venv/bin/python scripts/crash_test.py --points 20` (docs/trust.md).

Each kill is followed by a consistency check of the warehouse and the serving copy; the round
ends with a run to completion whose raw, audit and marts content must equal an uninterrupted
run's. The seed is random unless REGWH_CRASH_SEED is set; a failure prints it.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "crash_test.py"


def test_kill_9_in_ingest_dbt_and_publish(tmp_path):
    seed = int(os.environ.get("REGWH_CRASH_SEED", random.randrange(1 << 30)))
    work = tmp_path / "crash"
    env = {k: v for k, v in os.environ.items() if k not in ("REGWH_FAILPOINT", "REGWH_SERVING")}
    done = subprocess.run([sys.executable, str(SCRIPT), "--points", "3", "--seed", str(seed),
                           "--workdir", str(work)], capture_output=True, text=True, env=env, timeout=2400)
    print(done.stdout)
    assert done.returncode == 0, f"seed {seed}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    points = report["points"]
    assert [p["phase"] for p in points] == ["ingest", "dbt", "publish"]
    assert all(p["outcome"] in ("killed", "completed") for p in points), points
    assert sum(p["outcome"] == "killed" for p in points) >= 2, points
    assert all(not p["checks"]["problems"] for p in points)
    assert all(p["checks"]["serving_copy"] in ("previous complete build", "previous build (baseline)", "new build")
               for p in points)
    assert report["summary"]["rows_lost"] == 0
    assert report["rounds"] and all(not r["problems"] for r in report["rounds"])
