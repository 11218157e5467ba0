"""Build steps: the dbt manifest and the dbt docs page, made when the dbt code changes.

Both depend on the code only, so they are made once per code version (by `regwh prepare`, or
by the first run after a change), not on every build of the warehouse.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dagster_project import paths

DOCS_DIR = paths.DBT_DIR / "target" / "static_docs"
_DBT = [sys.executable, "-m", "dagster_project.dbt_cli"]
_PROJECT = ["--project-dir", str(paths.DBT_DIR), "--profiles-dir", str(paths.DBT_DIR)]


def manifest_stale() -> bool:
    manifest = paths.DBT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return True
    from dagster_project.publish import code_files

    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in code_files(paths.DBT_DIR))


def prepare_dbt(force: bool = False, warehouse: Path | None = None) -> None:
    """Parse the dbt project into target/ when its code changed (or `force`).

    Give the `warehouse` the builds will write: the parse is also saved for dbt's partial
    parsing, which every build reuses only if the profile is the same, and the profile names
    the warehouse file (REGWH_WAREHOUSE). Parsed for another file, each build parses the whole
    project again (≈ 3 s).
    """
    if not (force or manifest_stale()):
        return
    env = dict(os.environ)
    if warehouse is not None:
        env["REGWH_WAREHOUSE"] = str(Path(warehouse).resolve())
    subprocess.run(_DBT + ["parse", *_PROJECT, "--quiet"], check=True, cwd=paths.DBT_DIR, env=env)


def prepare_docs() -> Path:
    """The folder of the dbt docs page (index.html, manifest.json) for the current dbt code.

    The page describes models and columns: it is generated from the code alone, against an
    empty scratch database and with an empty catalog (no row counts or database column types),
    so that no build of the warehouse waits for it.
    """
    from dagster_project.publish import build_code_signature

    signature = build_code_signature()
    stamp = DOCS_DIR / "code_signature.txt"
    if (DOCS_DIR / "index.html").exists() and stamp.exists() and stamp.read_text() == signature:
        return DOCS_DIR
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            _DBT + ["docs", "generate", "--static", "--empty-catalog", *_PROJECT,
                    "--target-path", str(Path(work) / "target"), "--quiet"],
            check=True, cwd=paths.DBT_DIR,
            env={**os.environ, "REGWH_WAREHOUSE": str(Path(work) / "scratch.duckdb")},
        )
        DOCS_DIR.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=DOCS_DIR.parent, prefix="static_docs."))
        shutil.copy(Path(work) / "target" / "static_index.html", staging / "index.html")
        shutil.copy(Path(work) / "target" / "manifest.json", staging / "manifest.json")
        (staging / "code_signature.txt").write_text(signature)
        shutil.rmtree(DOCS_DIR, ignore_errors=True)
        try:
            staging.rename(DOCS_DIR)
        except OSError:  # another process (a parallel test) put the same page there first
            shutil.rmtree(staging, ignore_errors=True)
    return DOCS_DIR
