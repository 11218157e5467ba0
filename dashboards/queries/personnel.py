"""人员培训 (dashboards/views/personnel.py): officers by status, an officer's history, to-dos.

Every statement is limited to the user's units (`scope`) and the chosen unit in SQL, before the
first rows are taken.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dashboards.queries import (ROWS_SHOWN, Condition, Query, choices, distinct, equals, grouped,
                                one_of, select, where, years)

INDUCTION, REFRESHER = "training_induction_status", "training_refresher_status"
CERTIFICATES, QUALIFICATION = "certificate_findings", "staff_qualification"
PRACTICAL = "training_practical_share"
# the training records behind induction_days / refresher_days
DAYS_OF = {INDUCTION: "training_induction_days", REFRESHER: "training_refresher_days"}
# the column each list is broken down by
STATUS = {INDUCTION: "status", REFRESHER: "status", CERTIFICATES: "finding",
          QUALIFICATION: "is_qualified"}
# the to-do lists: overdue induction, refresher not done this year, every certificate finding
TODO = {INDUCTION: ["overdue"], REFRESHER: ["pending", "non_compliant"], CERTIFICATES: None}
HISTORY_TABLES = ("training_history", "training_records")  # not among today's marts
UNQUALIFIED = ("not coalesce(is_qualified, false)", [])


def unit_codes(table: str) -> Query:
    return choices(table, "unit_code")


def rows_of(table: str, on: dt.date | int, scope: Iterable[str] | None,
            unit: str | None) -> Condition:
    """The officers of `table` at an as-of date (or in a year, for the refresher) in the units."""
    period = "year = ?" if table == REFRESHER else "as_of_date = ?"
    return where((period, [on]), one_of("unit_code", scope), equals("unit_code", unit))


def per_unit(table: str, condition: Condition, status: str | None = None) -> Query:
    """Officers per unit (and status): the chart, the status choices, leadership's table, and
    how many officers the list holds."""
    by = f"unit_code, {status}" if status else "unit_code"
    return grouped(table, condition, by, "count(*) as persons")


def people(table: str, condition: Condition, limit: int = ROWS_SHOWN) -> Query:
    return select(table, condition, order_by="unit_code, person_id", limit=limit)


def practical(year: int | None, scope: Iterable[str] | None, unit: str | None) -> Query:
    """Practical-training share per unit (all years when there is no year to choose)."""
    return select(PRACTICAL, where(equals("year", year), one_of("unit_code", scope),
                                   equals("unit_code", unit)), order_by="unit_code")


def person_ids(as_of: dt.date, scope: Iterable[str] | None, unit: str | None,
               limit: int = ROWS_SHOWN) -> Query:
    """The officers to pick from: those on the roster at the as-of date, in the units; one more
    than `limit`, to tell that there are more (then a unit narrows the choice)."""
    return select(INDUCTION, rows_of(INDUCTION, as_of, scope, unit), columns="distinct person_id",
                  order_by="person_id", limit=limit + 1)


def induction_history(person: str, scope: Iterable[str] | None) -> Query:
    """Induction days at every roster date (the chart).

    The officer's rows are taken first, alone, so that DuckDB looks them up in the serving copy's
    index on person_id (dagster_project/publish.py): it uses an index only for a lone equality,
    and the scope condition beside it would make it scan every roster date."""
    sql, params = where(one_of("unit_code", scope))
    return Query("with officer as materialized (select as_of_date, induction_days, unit_code "
                 f"from marts.{INDUCTION} where person_id = ?) select as_of_date, induction_days "
                 f"from officer{' where ' + sql if sql else ''} order by as_of_date",
                 [person, *params])


def refresher_history(person: str, scope: Iterable[str] | None) -> Query:
    return select(REFRESHER, where(("person_id = ?", [person]), one_of("unit_code", scope)),
                  order_by="year")


def records(table: str, person: str, scope: Iterable[str] | None) -> Query:
    return select(table, where(("person_id = ?", [person]), one_of("unit_code", scope)),
                  order_by="start_date")



def training_records(table: str, on: dt.date | int, person: str,
                     scope: Iterable[str] | None) -> Query:
    """The training records counted for one officer at an as-of date (induction) or in a year
    (refresher), with the days each adds and the row of the training file it comes from."""
    period = "year = ?" if table == REFRESHER else "as_of_date = ?"
    return select(DAYS_OF[table], where((f"{period} and person_id = ?", [on, person]),
                                        one_of("unit_code", scope)),
                  columns="record_id, start_date, end_date, result, counts, counted_days, "
                          "source_file, source_row_number",
                  order_by="start_date, end_date, record_id")

def todo_period(table: str, as_of: dt.date) -> dt.date | int:
    """To-do lists are of the as-of date (the refresher: of its year, whatever year is chosen)."""
    return as_of.year if table == REFRESHER else as_of


def narrowed(condition: Condition, status: str, chosen: Iterable[str] | None) -> Condition:
    """The condition for the officers with one of the statuses chosen (none chosen: all)."""
    return where(condition, one_of(status, chosen)) if chosen else condition


def page(as_of: dt.date, year: int | None, scope: Iterable[str] | None, unit: str | None = None,
         person: str | None = None, limit: int = ROWS_SHOWN) -> list[Query]:
    """What the page runs for an analyst with no status chosen (and one officer's history)."""
    queries = [unit_codes(INDUCTION), unit_codes(REFRESHER), years(REFRESHER)]
    for table in (INDUCTION, REFRESHER, CERTIFICATES, QUALIFICATION):
        on = year if table == REFRESHER else as_of
        condition = rows_of(table, on, scope, unit)
        queries += [per_unit(table, condition, STATUS[table]), people(table, condition, limit)]
    queries.append(practical(year, scope, unit))
    queries.append(person_ids(as_of, scope, unit, limit))
    if person:
        queries += [induction_history(person, scope), refresher_history(person, scope)]
    for table, statuses in TODO.items():
        condition = rows_of(table, todo_period(table, as_of), scope, unit)
        queries += [per_unit(table, condition, STATUS[table]),
                    people(table, narrowed(condition, STATUS[table], statuses), limit)]
    return distinct(queries)
