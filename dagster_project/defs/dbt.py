"""dbt models as Dagster assets, in one lineage graph with the ingest assets.

The manifest is prepared as a build step (`regwh prepare`, run by `regwh run` and the Makefile),
never at import: loading these definitions only reads target/manifest.json.
"""

import importlib
import importlib.metadata
import os
import shutil
import sys
import threading
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from dagster_project import paths
from dagster_project.publish import STATE_SCHEMA, build_code_signature, build_is_current
from dagster_project.resources import Warehouse
from dagster_project.writer_lock import writer_lock


class Translator(DagsterDbtTranslator):
    """dbt sources keep the ingest's keys (raw/<table>, audit/<table>); models are
    <schema>/<name>. Groups are domains: the rule folders (staff, enforcement, shared) hold
    their intermediate models and marts together, staging and restricted are their own, and the
    policy parameters seed sits with the shared models that read it."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_group(dbt_resource_props["resource_type"], dbt_resource_props.get("fqn", []))


def dbt_group(resource_type: str, fqn: list[str]) -> str:
    """fqn is [project, folder, ..., name]: models/marts/staff/x.sql → staff."""
    if resource_type != "model":
        return "shared"  # the one seed: policy parameters
    layer = fqn[1]
    return fqn[2] if layer in ("intermediate", "marts") and len(fqn) > 3 else layer


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=paths.DBT_DIR, profiles_dir=paths.DBT_DIR)


def manifest_ready() -> bool:
    return dbt_project().manifest_path.exists()


def build_dbt_assets() -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=Translator(),
                name="dbt_models")
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
        # dbt writes from its own process: the lock is held across it, not only while this
        # process has a connection open.
        with writer_lock(warehouse.database_path, wait=paths.lock_wait_seconds()):
            current = False
            with warehouse.connect() as con:
                if not context.is_subset:  # a hand-picked selection in the UI always runs
                    current = build_is_current(con, *paths.published_files(warehouse.database_path))
                full_refresh = built_by_other_code(con)
            if current:
                # No file loaded since the last complete build by the same code: the marts would come
                # out the same. Yielding nothing skips the checks and publishing downstream as well.
                context.log.info("nothing loaded since the last build: dbt, checks and publishing skipped")
                return
            _import_quality_in_background()
            # Unit tests check the SQL, not the data: they run in the test suite (tests/test_dbt_*.py),
            # not on every build.
            args = ["build", "--exclude-resource-type", "unit_test"]
            if full_refresh:
                # incremental models keep rows made by the code of earlier builds
                context.log.info("dbt code changed since the last build: incremental models rebuilt in full")
                args.append("--full-refresh")
            invocation = dbt.cli(args, context=context)
            try:
                yield from invocation.stream()
            finally:
                # dagster-dbt gives each invocation its own target folder (≈ 11 MB with the
                # dbt log): nothing reads it once the events are streamed, and a daily schedule
                # would fill the disk with them. `regwh bench` keeps it to read the node times.
                if not os.environ.get("REGWH_KEEP_DBT_TARGET"):
                    shutil.rmtree(invocation.target_path, ignore_errors=True)

    return dbt_models


def _import_quality_in_background() -> None:
    """Great Expectations takes ≈ 2 s to import (4.4 s without compiled bytecode) and the checks
    step right after dbt needs it; dbt builds in a subprocess, so this process is idle and can
    import it meanwhile."""
    threading.Thread(target=importlib.import_module, args=("dagster_project.quality.suites",),
                     name="import-quality", daemon=True).start()


def built_by_other_code(con) -> bool:
    """True when the last complete build was made by other code than this (or there was none).

    Incremental models (dbt/macros/incremental_rows.sql) only recompute what new loads touch, so
    their other rows are what the earlier code (or policy parameters: the seed is dbt code) made;
    such a build must be a `--full-refresh`. Conservative: any change of the build code counts.
    """
    try:
        recorded = con.execute(f"SELECT code_signature FROM {STATE_SCHEMA}.last_build").fetchone()
    except duckdb.CatalogException:  # no complete build yet
        return True
    return recorded is None or recorded[0] != build_code_signature()


class LeanDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource without two start-up costs it pays on every `dbt build` and
    this project has no use for (≈ 7 s of a build at corps size, measured with cProfile):

    - it asks the executable for its version (`dbt --version`, a second Python process); the
      executable is this environment's own dbt, so the installed dbt-core's version is the answer;
    - it loads the dbt profile, project and every macro in this process to hold an adapter,
      which dagster-dbt only uses to fetch column metadata and row counts; these assets ask for
      neither (`DbtEventIterator.fetch_*`), and dagster-dbt accepts no adapter.

    Both are private methods of the pinned dagster-dbt (uv.lock); tests/test_definitions.py
    fails if a new version stops calling them by these names.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    # The dbt of this environment, whether or not .venv/bin is on PATH.
    executable = Path(sys.executable).with_name("dbt")
    return LeanDbtCliResource(project_dir=dbt_project(), profiles_dir=str(paths.DBT_DIR),
                              dbt_executable=str(executable))
