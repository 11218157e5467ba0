"""Executing the job in process and summarising what it did, for `regwh run` and the tests."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb



def execute_job() -> dg.ExecuteInProcessResult:
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
