"""The warehouse as a Dagster resource: one DuckDB file, one writer at a time."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from dagster_project import paths


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
        self.database_path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.database_path),
                             config={"memory_limit": paths.duckdb_memory_limit()})
        try:
            yield con
        finally:
            con.close()
