"""Executing the job in process and summarising what it did, for `regwh run` and the tests."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project.no_change import record_unchanged_rerun


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    steps: dict[str, float] = field(default_factory=dict)  # step key → seconds
    skipped: list[str] = field(default_factory=list)


def run_pipeline(inbox: Path, warehouse: Path) -> RunOutcome:
    """What `regwh run` does: a rerun with nothing new is only recorded (no_change.py); any
    other run is the Dagster job. REGWH_INBOX / REGWH_WAREHOUSE must name the same paths."""
    from dagster_project.prepare import prepare_dbt

    prepare_dbt()  # the build signature compared below includes the dbt project
    started = time.perf_counter()
    run_id = record_unchanged_rerun(inbox, warehouse)
    if run_id:
        return RunOutcome(run_id, True, {"no_change_rerun": time.perf_counter() - started})
    result = execute_job()
    outcome = RunOutcome(result.run_id, result.success)
    for event in result.all_events:
        if event.is_step_success:
            outcome.steps[event.step_key] = event.event_specific_data.duration_ms / 1000
        elif event.is_step_skipped:
            outcome.skipped.append(event.step_key)
    return outcome


def execute_job():
    """The Dagster job over REGWH_INBOX into REGWH_WAREHOUSE (an ExecuteInProcessResult)."""
    import dagster as dg

    from dagster_project.definitions import JOB_NAME, defs  # built once, at import

    job = defs.resolve_job_def(JOB_NAME)
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        raise_on_error=False,
    )


def summary_lines(warehouse: Path, run_id: str) -> list[str]:
    """The accounting of one run, read back from the warehouse once the job has finished."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
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
