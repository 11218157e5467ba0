"""Which sources are overdue today, read from marts.dq_source_freshness (the due dates are a dbt
rule; comparing them with the day someone looks is all that is done here).

Used by the Dagster freshness checks (defs/freshness.py), the no-change rerun's record in the
instance (runner.py) and `regwh status`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

FRESHNESS_TABLE = "marts.dq_source_freshness"


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    title: str
    cadence: str
    last_extract_date: dt.date | None
    next_due_date: dt.date | None
    schedule_status: str  # scheduled | never_loaded | as_needed
    overdue: bool

    def line(self) -> str:
        if self.schedule_status == "never_loaded":
            return f"{self.source} {self.title}: 从未报送 never delivered ({self.cadence})"
        return (f"{self.source} {self.title}: 应于 {self.next_due_date} 前报送 due by "
                f"{self.next_due_date} ({self.cadence}; 最近 last extract {self.last_extract_date})")


def source_freshness(con: duckdb.DuckDBPyConnection, today: dt.date) -> list[SourceFreshness]:
    """Every source with whether it is overdue on `today`; [] before the mart was first built."""
    try:
        rows = con.execute(
            f"""SELECT source, title, cadence, last_extract_date, next_due_date, schedule_status,
                       schedule_status = 'never_loaded' OR coalesce(next_due_date < ?, false)
                FROM {FRESHNESS_TABLE} ORDER BY source""", [today]).fetchall()
    except duckdb.CatalogException:
        return []
    return [SourceFreshness(*row) for row in rows]


def overdue_sources(con: duckdb.DuckDBPyConnection, today: dt.date) -> list[SourceFreshness]:
    return [s for s in source_freshness(con, today) if s.overdue]
