"""The SQL the dashboard pages run, one module per page, without Streamlit.

A page builds each statement with these functions and runs exactly that text (`db.query(*q)`);
`regwh bench` (dagster_project/bench.py) builds the same statements with the filter values a page
picks by default and times them, so the benchmark measures what the pages run.

Table and column names are written here; every value (dates, units, search text) is a parameter.
A national year of rows is far too many to fetch into a page: tables list the first `ROWS_SHOWN`
rows and a count says how many matched; metrics and charts are counts and sums in SQL.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

ROWS_SHOWN = 2000


class Query(NamedTuple):
    sql: str
    params: list[Any]


# One condition of a where clause and its parameters; None stands for "no condition".
Condition = tuple[str, list[Any]]


def where(*conditions: Condition | None) -> Condition:
    """The conditions given, joined with `and` ("" when there are none)."""
    given = [c for c in conditions if c is not None]
    return (" and ".join(f"({sql})" for sql, _ in given),
            [value for _, params in given for value in params])


def equals(column: str, value: Any) -> Condition | None:
    """`column = value`; no condition when nothing is chosen (None)."""
    return None if value is None else (f"{column} = ?", [value])


def one_of(column: str, values: Iterable[Any] | None) -> Condition | None:
    """`column` in `values`; no condition for None. A NULL in `column` never matches, like
    pandas' `isin`. The user's unit scope goes through this, so it is applied before any limit."""
    return None if values is None else (f"list_contains(?, {column})", [sorted(values)])


def select(table: str, condition: Condition = ("", []), *, columns: str = "*",
           group_by: str = "", order_by: str = "", limit: int | None = None) -> Query:
    """`columns` of `marts.<table>` (or `audit.<table>` when the name is qualified)."""
    sql, params = condition
    text = f"select {columns} from {qualified(table)}"
    if sql:
        text += f" where {sql}"
    if group_by:
        text += f" group by {group_by}"
    if order_by:
        text += f" order by {order_by}"
    if limit is not None:
        text += f" limit {int(limit)}"
    return Query(text, list(params))


def count(table: str, condition: Condition = ("", [])) -> Query:
    return select(table, condition, columns="count(*) as n")


def grouped(table: str, condition: Condition, by: str, measures: str = "count(*) as n") -> Query:
    """`measures` per value of the `by` columns, in their order (NULL last, as pandas)."""
    return select(table, condition, columns=f"{by}, {measures}", group_by=by, order_by=by)


def qualified(table: str) -> str:
    return table if "." in table else f"marts.{table}"


def years(table: str, column: str = "year") -> Query:
    """The years a table has rows for, latest first."""
    return Query(f"select distinct {column} as y from {qualified(table)} "
                 f"where {column} is not null order by 1 desc", [])


def choices(table: str, column: str) -> Query:
    """The values a table has in a column, in order (a page's picker: bodies, units, reasons)."""
    return Query(f"select distinct {column} from {qualified(table)} "
                 f"where {column} is not null order by 1", [])


def as_of_dates() -> Query:
    """Roster snapshot dates (the sidebar's as-of month), latest first."""
    return Query("select distinct as_of_date from marts.kpi_professional_ratio "
                 "where as_of_date is not null order by as_of_date desc", [])


def unit_codes() -> Query:
    """Every unit: with `ALL`, the scope of a user of the whole corps (dashboards/auth.py)."""
    return Query("select unit_code from marts.dim_units", [])


def default_year(years: list[int], as_of_year: int | None) -> int | None:
    """The year a page's year picker starts on: the as-of year when there is data for it."""
    if not years:
        return None
    return as_of_year if as_of_year in years else years[0]


def distinct(queries: Iterable[Query]) -> list[Query]:
    """Each statement once, in order: a page's repeated statement is answered by the cache."""
    seen, out = set(), []
    for query in queries:
        key = (query.sql, repr(query.params))
        if key not in seen:
            seen.add(key)
            out.append(query)
    return out
