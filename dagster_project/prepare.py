"""Build step: parse the dbt project into target/manifest.json when it is missing or stale."""
from __future__ import annotations

import subprocess
import sys

from dagster_project import paths


def manifest_stale() -> bool:
    manifest = paths.DBT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [p for p in paths.DBT_DIR.rglob("*") if p.is_file()
               and "target" not in p.parts and "logs" not in p.parts]
    return any(p.stat().st_mtime > built for p in sources)


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
