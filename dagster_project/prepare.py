"""Build step: parse the dbt project into target/manifest.json when it is missing or stale."""
from __future__ import annotations

import os
import subprocess
import sys

from dagster_project import paths


def manifest_stale() -> bool:
    manifest = paths.DBT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    # Walk the project without descending into target/ and logs/ (every dbt run through Dagster
    # leaves a directory of compiled SQL in target/, so it only grows).
    for root, dirs, files in os.walk(paths.DBT_DIR):
        dirs[:] = [d for d in dirs if d not in ("target", "logs")]
        if any(os.stat(os.path.join(root, f)).st_mtime > built for f in files):
            return True
    return False


def prepare_dbt(force: bool = False) -> None:
    if not (force or manifest_stale()):
        return
    dbt = [sys.executable, "-m", "dagster_project.dbt_cli"]
    subprocess.run(
        dbt + ["parse", "--project-dir", str(paths.DBT_DIR), "--profiles-dir", str(paths.DBT_DIR),
               "--quiet"],
        check=True,
        cwd=paths.DBT_DIR,
    )
