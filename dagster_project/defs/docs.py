"""dbt docs for analysts: a self-contained HTML page written next to the warehouse each build."""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import dagster as dg

from dagster_project import paths
from dagster_project.publish import build_code_signature
from dagster_project.resources import Warehouse


def dbt_docs_dir(warehouse: Path) -> Path:
    return warehouse.parent / "dbt_docs"


def docs_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=["docs", "dbt_docs"],
        group_name="serving",
        deps=upstream,
        description="dbt docs (every mart and column described) as one static HTML page, "
        "`<warehouse dir>/dbt_docs/index.html`, linked from the dashboards.",
        kinds={"dbt"},
    )
    def dbt_docs(warehouse: Warehouse):
        target = dbt_docs_dir(warehouse.database_path)
        # The page describes models and columns, not data: it changes only with the dbt code.
        signature = build_code_signature()
        stamp = target / "code_signature.txt"
        if (target / "index.html").exists() and stamp.exists() and stamp.read_text() == signature:
            return dg.MaterializeResult(metadata={
                "path": dg.MetadataValue.path(str(target / "index.html")),
                "regenerated": False})
        with tempfile.TemporaryDirectory() as work:
            # A target path of its own, so the manifest Dagster loaded is left alone.
            subprocess.run(
                [sys.executable, "-m", "dagster_project.dbt_cli", "docs", "generate", "--static",
                 "--project-dir", str(paths.DBT_DIR), "--profiles-dir", str(paths.DBT_DIR),
                 "--target-path", work, "--quiet"],
                check=True, cwd=paths.DBT_DIR,
                env={**os.environ, "REGWH_WAREHOUSE": str(warehouse.database_path)},
            )
            staging = target.with_name(target.name + ".tmp")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            shutil.copy(Path(work) / "static_index.html", staging / "index.html")
            for name in ("manifest.json", "catalog.json"):
                shutil.copy(Path(work) / name, staging / name)
            (staging / "code_signature.txt").write_text(signature)
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target / "index.html")),
                                              "regenerated": True})

    return dbt_docs
