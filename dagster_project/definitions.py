"""The Dagster definitions the UI shows and `regwh run` executes: one graph, one job.

Importing this module reads dbt's manifest.json (prepared by `regwh prepare`) and nothing else.
"""

import hashlib

import dagster as dg

from dagster_project import paths
from dagster_project.defs import dbt as dbt_defs
from dagster_project.defs.docs import docs_asset
from dagster_project.defs.freshness import freshness_checks
from dagster_project.defs.ingest import load_manifest, orphans, raw_assets, written_by_ingest
from dagster_project.defs.quality import CHECK_RESULTS_KEY, quality_assets
from dagster_project.defs.serving import kpi_history, serving_asset
from dagster_project.resources import Warehouse

JOB_NAME = "regwh_job"


def _inbox_signature() -> str:
    inbox = paths.inbox_path()
    entries = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                     for p in inbox.iterdir() if p.is_file()) if inbox.is_dir() else []
    return hashlib.sha256(repr(entries).encode()).hexdigest()


def build_definitions() -> dg.Definitions:
    if not dbt_defs.manifest_ready():
        raise RuntimeError("dbt manifest missing: run `regwh prepare` (or `make setup`) first")
    dbt_models = dbt_defs.build_dbt_assets()
    published = [k for k in dbt_models.keys if k.path[0] == "marts"]
    restricted = [k for k in dbt_models.keys if k.path[0] == "restricted"]  # own copy, not served
    quality = quality_assets(published)
    serving = serving_asset(published + restricted + [load_manifest.key, orphans.key,
                                                      CHECK_RESULTS_KEY])
    docs = docs_asset(published)
    # One writer at a time: every step of the job runs in one process, one after another.
    job = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(),
                              executor_def=dg.in_process_executor,
                              tags={"regwh/writer": "warehouse"})

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
    def inbox_sensor(context: dg.SensorEvaluationContext):
        """Start a run when the inbox's files change (names, sizes or times)."""
        signature = _inbox_signature()
        if signature != context.cursor:
            context.update_cursor(signature)
            yield dg.RunRequest(run_key=signature)

    daily = dg.ScheduleDefinition(name="daily_build", job=job, cron_schedule="0 6 * * *",
                                  execution_timezone="Asia/Shanghai")
    return dg.Definitions(
        assets=[*raw_assets(), load_manifest, orphans, *written_by_ingest, kpi_history, dbt_models,
                *quality, serving, docs],
        asset_checks=[freshness_checks()],
        jobs=[job],
        sensors=[inbox_sensor],
        schedules=[daily],
        resources={"warehouse": Warehouse(), "dbt": dbt_defs.dbt_resource()},
    )


defs = build_definitions()
