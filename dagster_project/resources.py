"""The warehouse as a Dagster resource: one DuckDB file, one writer at a time."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project import paths
from dagster_project.writer_lock import writer_lock


class Warehouse(dg.ConfigurableResource):
    """Paths default to REGWH_WAREHOUSE / REGWH_INBOX, read when a run starts."""

    database: str = ""
    inbox: str = ""

    @property
    def database_path(self) -> Path:
        return Path(self.database).resolve() if self.database else paths.warehouse_path()

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox).resolve() if self.inbox else paths.inbox_path()

    @contextmanager
    def connect(self):
        """A writing connection, under the warehouse's write lock (writer_lock.py): runs
        launched from the UI, the sensor or the schedule take it here, `regwh run` already
        holds it for the whole run (re-entrant in the same process)."""
        self.database_path.parent.mkdir(parents=True, exist_ok=True)
        with writer_lock(self.database_path, run_id=os.environ.get("REGWH_RUN_ID", ""),
                         wait=paths.lock_wait_seconds()):
            con = duckdb.connect(str(self.database_path),
                                 config={"memory_limit": paths.duckdb_memory_limit()})
            try:
                yield con
            finally:
                con.close()
