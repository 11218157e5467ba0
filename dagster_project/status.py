"""`regwh status`: what an operator asks first (last run, who writes now, open rejected rows,
overdue sources), read without taking or waiting for any lock.

The warehouse itself may be held by a writer, so the counts come from the serving copy (what
readers see) and the run history from the Dagster instance.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dagster_project import paths
from dagster_project.freshness import overdue_sources
from dagster_project.writer_lock import busy_message, read_holder


def status_lines(warehouse: Path) -> list[str]:
    lines = [_last_run()]
    holder = read_holder(warehouse)
    lines.append("写锁 lock: " + (busy_message(holder) if holder is not None else "空闲 free"))
    serving = paths.serving_path(warehouse)
    if not serving.exists():
        lines.append(f"服务副本 serving copy: 尚未发布 not published yet ({serving})")
        return lines
    with duckdb.connect(str(serving), read_only=True) as con:
        try:
            rejects = con.execute(
                "SELECT count(*) FROM marts.dq_reject_status WHERE status = 'open'").fetchone()[0]
        except duckdb.CatalogException:  # a serving copy built before the reject status model
            rejects = con.execute(
                "SELECT count(DISTINCT (file_name, row_number)) FROM audit.rejects").fetchone()[0]
        overdue = overdue_sources(con, dt.date.today())
    lines.append(f"待修改拒收行 open rejected rows: {rejects}")
    lines.append(f"逾期数据源 overdue sources: {len(overdue)}")
    lines += [f"  {entry.line()}" for entry in overdue]
    return lines


def _last_run() -> str:
    home = paths.dagster_home()
    if not (home / "storage").exists():
        return f"最近运行 last run: 无 none (instance {home})"
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home))
    records = instance.get_run_records(limit=1)
    if not records:
        return f"最近运行 last run: 无 none (instance {home})"
    record = records[0]
    start = record.start_time and _iso(record.start_time)
    end = record.end_time and _iso(record.end_time)
    return (f"最近运行 last run: {record.dagster_run.run_id} {record.dagster_run.status.value} "
            f"start {start or '-'} end {end or '-'}")


def _iso(timestamp: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isoformat(timespec="seconds")
