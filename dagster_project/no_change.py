"""The rerun that finds nothing new: recorded without starting Dagster or dbt.

A rerun on an unchanged inbox must still log every file (`unchanged`, and `refused` for names
that fit no source), but loads nothing, so the marts, checks and serving copy would come out the
same (`publish.build_is_current`). Importing Dagster, dagster-dbt and dbt costs several seconds
more than that work; this path does the ingest's own bookkeeping (`load_source`,
`scan_misnamed`) and nothing else. Any file that is new, changed or was refused before sends the
run down the full job instead.
"""
from __future__ import annotations

import uuid
from pathlib import Path

import duckdb

from dagster_project import paths
from dagster_project.contracts import load_contracts
from dagster_project.ingest.load import inbox_files, load_source, loaded_hashes, scan_misnamed
from dagster_project.ingest.read import InboxFile, content_hash, match_name
from dagster_project.publish import build_is_current


def _everything_loaded(con: duckdb.DuckDBPyConnection, inbox: Path) -> bool:
    sources, loaded = set(load_contracts()), loaded_hashes(con)
    for path in inbox_files(inbox):
        file = match_name(path, sources)
        if isinstance(file, InboxFile) and loaded.get(file.name) != content_hash(file.path):
            return False
    return True


def record_unchanged_rerun(inbox: Path, warehouse: Path) -> str | None:
    """The run id of a rerun recorded here, or None when the full job has work to do."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse)) as con:
        if not (build_is_current(con, *paths.published_files(warehouse)) and _everything_loaded(con, inbox)):
            return None
        run_id = f"no-change-{uuid.uuid4()}"
        # One transaction: the rerun's manifest rows are all there or none is.
        con.execute("BEGIN TRANSACTION")
        try:
            for source in load_contracts():
                load_source(con, inbox, source, run_id)
            scan_misnamed(con, inbox, run_id)
        except duckdb.TransactionException:
            # A file changed since the check, and loading it opened its own transaction: leave
            # this run unrecorded, the full job loads the file.
            con.execute("ROLLBACK")
            return None
        con.execute("COMMIT")
    return run_id
