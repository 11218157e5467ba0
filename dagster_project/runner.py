"""Executing the job in process and summarising what it did, for `regwh run` and the tests."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project import paths
from dagster_project.no_change import record_unchanged_rerun
from dagster_project.writer_lock import writer_lock


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    steps: dict[str, float] = field(default_factory=dict)  # step key → seconds
    skipped: list[str] = field(default_factory=list)


def run_pipeline(inbox: Path, warehouse: Path, wait: float = 0.0, say=None) -> RunOutcome:
    """What `regwh run` does, under the warehouse's write lock (WarehouseBusy when another run
    holds it past `wait` seconds): a rerun with nothing new is only recorded (no_change.py); any
    other run is the Dagster job. REGWH_INBOX / REGWH_WAREHOUSE must name the same paths."""
    from dagster_project.prepare import prepare_dbt

    run_id = str(uuid.uuid4())
    with writer_lock(warehouse, run_id=run_id, wait=wait, say=say):
        prepare_dbt()  # the build signature compared below includes the dbt project
        started = time.perf_counter()
        no_change_id = record_unchanged_rerun(inbox, warehouse)
        if no_change_id:
            record_no_change_in_instance(no_change_id, warehouse)
            return RunOutcome(no_change_id, True, {"no_change_rerun": time.perf_counter() - started})
        result = execute_job(run_id=run_id)
        prune_old_runs(instance())
    outcome = RunOutcome(result.run_id, result.success)
    for event in result.all_events:
        if event.is_step_success:
            outcome.steps[event.step_key] = event.event_specific_data.duration_ms / 1000
        elif event.is_step_skipped:
            outcome.skipped.append(event.step_key)
    return outcome


def execute_job(run_id: str | None = None):
    """The Dagster job over REGWH_INBOX into REGWH_WAREHOUSE (an ExecuteInProcessResult),
    recorded in the persistent instance `regwh ui` shows (paths.dagster_home())."""
    from dagster_project.definitions import JOB_NAME, defs  # built once, at import

    job = defs.resolve_job_def(JOB_NAME)
    return job.execute_in_process(
        instance=instance(),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        raise_on_error=False,
        run_id=run_id,
        tags={"regwh/launched_by": "cli"},
    )


def record_no_change_in_instance(run_id: str, warehouse: Path) -> None:
    """A rerun that found nothing new starts no Dagster run, so it leaves its trace in the
    instance as runless events: an observation of the manifest (the files it looked at) and
    today's freshness check of every source, which would otherwise only be evaluated when a file
    arrives, that is never for an overdue source."""
    import datetime as dt

    import dagster as dg

    from dagster_project.defs.freshness import check_evaluation
    from dagster_project.freshness import source_freshness

    today = dt.date.today()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = dict(con.execute("SELECT status, count(*) FROM audit.load_manifest "
                                 "WHERE run_id = ? GROUP BY status", [run_id]).fetchall())
        entries = source_freshness(con, today)
    dagster_instance = instance()
    dagster_instance.report_runless_asset_event(dg.AssetObservation(
        asset_key=["audit", "load_manifest"],
        description="重跑无新文件 rerun with nothing new: dbt, checks and publishing skipped",
        metadata={"run_id": run_id, **{f"files_{k}": v for k, v in sorted(files.items())}}))
    for entry in entries:
        dagster_instance.report_runless_asset_event(
            dg.AssetCheckEvaluation(**check_evaluation(entry, today)))


def instance():
    import dagster as dg

    home = paths.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))


def prune_old_runs(dagster_instance, days: float | None = None) -> list[str]:
    """Delete runs (their event logs and compute logs) that ended more than the retention ago
    (REGWH_RUN_RETENTION_DAYS, default 90); the ids deleted."""
    import datetime as dt

    import dagster as dg

    days = paths.run_retention_days() if days is None else days
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
    old = dagster_instance.get_run_records(
        dg.RunsFilter(statuses=[dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE,
                                dg.DagsterRunStatus.CANCELED], created_before=cutoff))
    deleted = []
    for record in old:
        run_id = record.dagster_run.run_id
        dagster_instance.delete_run(run_id)
        try:
            dagster_instance.compute_log_manager.delete_logs(prefix=[run_id])
        except Exception:  # noqa: BLE001 - a log manager without per-run folders has nothing to delete
            pass
        deleted.append(run_id)
    if deleted:
        _reclaim_sqlite_space(dagster_instance, deleted)
    return deleted


def _reclaim_sqlite_space(dagster_instance, run_ids: list[str]) -> None:
    """Deleting a run empties its rows but frees no disk with the default SQLite storage: each
    run keeps its own `<run id>.db` file and the asset index never shrinks. Without this the
    retention would bound the UI's history but not the folder (≈ 5.6 MB per full run)."""
    import os
    import sqlite3

    from dagster._core.storage.event_log.sqlite.sqlite_event_log import (INDEX_SHARD_NAME,
                                                                         SqliteEventLogStorage)

    storage = dagster_instance.event_log_storage
    if not isinstance(storage, SqliteEventLogStorage):
        return
    for run_id in run_ids:
        for suffix in ("", "-wal", "-shm"):
            path = storage.path_for_shard(run_id) + suffix
            if os.path.exists(path):
                os.remove(path)
    index = storage.path_for_shard(INDEX_SHARD_NAME)
    if os.path.exists(index):
        with sqlite3.connect(index) as con:
            con.execute("VACUUM")


def summary_lines(warehouse: Path, run_id: str) -> list[str]:
    """The accounting of one run, read back from the warehouse once the job has finished."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:  # the run failed before the warehouse existed
        return [f"warehouse {warehouse} not built: nothing to account for"]
    try:
        return _summary(con, run_id)
    except duckdb.CatalogException:  # failed before the audit schema was made
        return ["audit.load_manifest missing: the run stopped before loading anything"]
    finally:
        con.close()


def _summary(con, run_id: str) -> list[str]:
    files = dict(con.execute(
        "SELECT status, count(*) FROM audit.load_manifest WHERE run_id = ? GROUP BY 1", [run_id]
    ).fetchall())
    read, loaded, rejected = con.execute(
        "SELECT coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), "
        "coalesce(sum(rows_rejected), 0) FROM audit.load_manifest "
        "WHERE run_id = ? AND status = 'loaded'", [run_id]
    ).fetchone()
    orphans = con.execute("SELECT count(*) FROM audit.orphans").fetchone()[0]
    refused = con.execute(
        "SELECT file_name, message FROM audit.load_manifest WHERE run_id = ? "
        "AND status IN ('refused', 'ambiguous') ORDER BY file_name", [run_id]
    ).fetchall()
    lines = [
        "files: " + ", ".join(f"{files.get(s, 0)} {s}" for s in ("loaded", "unchanged", "refused", "ambiguous")),
        f"rows: {read} read, {loaded} loaded, {rejected} rejected"
        + ("" if read == loaded + rejected else "  (ACCOUNTING MISMATCH)"),
        f"orphans (references not yet seen): {orphans}",
    ]
    lines += [f"  refused/ambiguous {name}: {message}" for name, message in refused]
    return lines
