"""How much the project folder grows per run (issue 13: three runs must not grow it by more than
a few MB beyond the warehouse's own data).

    .venv/bin/python scripts/disk_growth.py [--runs 3] [--inbox sample_data]

Builds a warehouse of its own inside the repo (warehouse/disk-growth/, removed first) from the
inbox, then runs again `--runs` times with the serving copy removed before each, so that every
run is the whole job (ingest finds nothing new, dbt, checks, publishing) rather than the
no-change rerun. Prints the size of each folder that a run writes to after every run, and the
growth of the project folder (without .venv/ and .git/) from the first run to the last. The runs
are recorded in the repo's dagster_home/ like any `regwh run`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", ".git"}


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not (Path(root) == REPO and d in SKIPPED)]
        total += sum((Path(root) / f).stat().st_size for f in files
                     if not (Path(root) / f).is_symlink())
    return total


def mb(n: int) -> str:
    return f"{n / 1e6:8.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--inbox", type=Path, default=REPO / "sample_data")
    args = parser.parse_args()
    folder = REPO / "warehouse" / "disk-growth"
    shutil.rmtree(folder, ignore_errors=True)
    warehouse = folder / "regwh.duckdb"
    watched = {"warehouse files": folder, "dagster_home": REPO / "dagster_home",
               "dbt/target": REPO / "dbt" / "target", "dbt/logs": REPO / "dbt" / "logs"}
    regwh = REPO / ".venv" / "bin" / "regwh"
    command = [str(regwh), "run", "--inbox", str(args.inbox), "--warehouse", str(warehouse)]
    subprocess.run(command, check=True, capture_output=True)
    def other() -> int:  # the project folder without the warehouse files and the instance
        return size(REPO) - size(folder) - size(watched["dagster_home"])

    first, first_other, first_home = size(REPO), other(), size(watched["dagster_home"])
    print(f"after the first build: project {mb(first)}")
    previous = first
    for run in range(1, args.runs + 1):
        for published in folder.glob("*.serving.duckdb"):
            published.unlink()
        subprocess.run(command, check=True, capture_output=True)
        now = size(REPO)
        parts = ", ".join(f"{name} {mb(size(path)).strip()}" for name, path in watched.items()
                          if path.exists())
        print(f"run {run}: project {mb(now)} (+{(now - previous) / 1e6:.2f} MB): {parts}")
        previous = now
    print(f"growth over {args.runs} full runs: {(previous - first) / 1e6:.2f} MB, of which the "
          f"instance {(size(watched['dagster_home']) - first_home) / 1e6:.2f} MB and everything "
          f"but the warehouse files and the instance {(other() - first_other) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
