"""数据质量 (dashboards/views/data_quality.py): the loads, rejected rows, orphans, checks.

Files are few (one a source and month); rejected rows and orphans grow with the data, so they are
listed as their first rows and a count. Unclassified majors are limited to the user's units.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dashboards.queries import (ROWS_SHOWN, Condition, Query, choices, count, distinct, equals,
                                one_of, select, where)

MANIFEST, REJECTS, ORPHANS = "audit.load_manifest", "audit.rejects", "audit.orphans"
CHECKS, MAJORS, CALENDAR = "audit.check_results", "dq_unclassified_majors", "dq_calendar_fallback"
RETURNS, FRESHNESS = "dq_reject_status", "dq_source_freshness"


def file_counts() -> Query:
    return Query("select count(*) filter (where status = 'loaded') as loaded, "
                 "count(*) filter (where status in ('refused', 'ambiguous')) as refused "
                 "from audit.load_manifest", [])


def manifest() -> Query:
    return select(MANIFEST, order_by="loaded_at desc, load_seq desc")


def reject_choices(column: str) -> Query:
    """The sources (or reasons) of rejected rows, for the filters."""
    return choices(REJECTS, column)


def rejects_of(source: str | None, reason: str | None) -> Condition:
    return where(equals("source", source), equals("reason", reason))


def rejects(condition: Condition, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    return (select(REJECTS, condition, order_by="extract_date desc, file_name, row_number",
                   limit=limit), count(REJECTS, condition))


def orphans(limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    return select(ORPHANS, order_by="source, record_key", limit=limit), count(ORPHANS)


def majors(scope: Iterable[str] | None, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    condition = where(one_of("unit_code", scope))
    return (select(MAJORS, condition, order_by="as_of_date desc, unit_code, major", limit=limit),
            count(MAJORS, condition))


def freshness(today: dt.date) -> Query:
    """Every source with its due date (a dbt rule) and whether `today` is past it."""
    return Query("select schedule_status = 'never_loaded' or coalesce(next_due_date < ?, false) "
                 "as overdue, source, title, cadence, last_extract_date, next_due_date, "
                 "last_file_name, files_loaded, last_loaded_at, schedule_status "
                 f"from marts.{FRESHNESS} order by overdue desc, source", [today])


def check_results() -> Query:
    return select(CHECKS, order_by="checked_at desc")


def calendar_fallback() -> Query:
    return select(CALENDAR, order_by="year")


def scope_condition(scope: Iterable[str]) -> tuple[str, list]:
    """Rows of the user's units; rows without a unit only for a corps-wide scope ('ALL')."""
    units = sorted(scope)
    without_unit = " or unit_code is null" if "ALL" in units else ""
    return f"(list_contains(?, unit_code){without_unit})", [units]


def open_of(scope: Iterable[str]) -> Condition:
    return where(("status = 'open'", []), scope_condition(scope))


def open_returns(scope: Iterable[str]) -> Query:
    """Every open row of the user's units (the 退回修改表 workbooks are made of them)."""
    return select(RETURNS, open_of(scope),
                  columns="source, file_name, row_number, load_seq, unit_code",
                  order_by="source, load_seq, row_number")


def open_count(scope: Iterable[str]) -> Query:
    """How many rows are open: the page's metric, counted in SQL (a national year has tens of
    thousands)."""
    return count(RETURNS, open_of(scope))


def closed_returns(scope: Iterable[str], limit: int) -> Query:
    return select(RETURNS, where(("status <> 'open'", []), scope_condition(scope)),
                  order_by="closed_at desc, file_name, row_number", limit=limit)


def page(scope: Iterable[str] | None, limit: int = ROWS_SHOWN,
         today: dt.date | None = None) -> list[Query]:
    return distinct([
        file_counts(), count(REJECTS), count(ORPHANS), manifest(), reject_choices("source"),
        reject_choices("reason"), *rejects(rejects_of(None, None), limit), *orphans(limit),
        *majors(scope, limit), freshness(today or dt.date.today()), check_results(), calendar_fallback(),
        open_count(scope), closed_returns(scope, limit),
    ])
