"""执法检查 (dashboards/views/inspections.py): a year of inspections, optionally of one body.

A year of inspections is about 8,000 rows in the corps and 800,000 at national size: counts and
charts are computed here, and each list is its first rows plus a count.
"""
from __future__ import annotations

from collections.abc import Sequence

from dashboards.queries import (ROWS_SHOWN, Condition, Query, choices, count, distinct, equals,
                                grouped, one_of, select, where, years)

CHECKS, TEAM, RANDOMNESS = "inspection_checks", "inspection_team_findings", "inspection_randomness"
ROTATION, POOL = "inspection_rotation_findings", "inspection_pool_findings"
CONFLICTS, LEVELS, FREQUENCY = ("enforcement_body_conflicts", "supervision_by_level",
                                "supervision_frequency")
PROBLEM = ("coalesce(team_valid = false, false) or coalesce(untrained_inspector, false) "
           "or coalesce(publicity_status in ('overdue', 'late'), false)")


def year_options() -> list[Query]:
    """The years of inspections, of conflicts and of supervision (merged by the page)."""
    return [years(CHECKS, "year(start_date)"), years(CONFLICTS), years(FREQUENCY)]


def bodies() -> Query:
    return choices(CHECKS, "body_code")


def checks_of(year: int | None, body: str | None) -> Condition:
    return where(("year(start_date) = ?", [year]), equals("body_code", body))


def totals(condition: Condition) -> Query:
    """Inspections, invalid teams, untrained inspectors, overdue publicity and problems."""
    return select(CHECKS, condition, columns=(
        "count(*) as n, count(*) filter (where team_valid = false) as invalid, "
        "count(*) filter (where untrained_inspector) as untrained, "
        "count(*) filter (where publicity_status = 'overdue') as overdue, "
        f"count(*) filter (where {PROBLEM}) as problems"))


def publicity_counts(condition: Condition) -> Query:
    """Double-random inspections per body and publicity status (the chart)."""
    return grouped(CHECKS, where(condition, ("inspection_mode = 'double_random'", [])),
                   "body_code, publicity_status")


def checks(condition: Condition, only_problems: bool, limit: int = ROWS_SHOWN) -> Query:
    if only_problems:
        condition = where(condition, (PROBLEM, []))
    return select(CHECKS, condition, order_by="start_date, inspection_id", limit=limit)


def team_findings(condition: Condition, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    return (select(TEAM, condition, order_by="start_date, inspection_id", limit=limit),
            count(TEAM, condition))


def randomness(year: int | None, body: str | None) -> Query:
    return select(RANDOMNESS, where(("year = ?", [year]), equals("unit_code", body)),
                  order_by="unit_code")


def rotation(year: int | None, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    """Rotation findings whose second inspection started in the year (they name no body)."""
    condition = ("year(second_start_date) = ?", [year])
    return (select(ROTATION, condition, order_by="second_start_date, person_id, uscc",
                   limit=limit), count(ROTATION, condition))


def pool(year: int | None, body: str | None, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    condition = where(("year = ?", [year]), equals("unit_code", body))
    return select(POOL, condition, order_by="task_id", limit=limit), count(POOL, condition)


def conflicts_of(year: int | None, body: str | None) -> Condition:
    """A year's findings; with a body, those it is designated for or took part in."""
    involved = None if body is None else (
        "designated_body = ? or list_contains(string_split(coalesce(bodies, ''), ','), ?)",
        [body, body])
    return where(("year = ?", [year]), involved)


def conflict_types(condition: Condition) -> Query:
    """Findings per type (the chart; their sum is the number of findings)."""
    return grouped(CONFLICTS, condition, "conflict_type")


def conflicts(condition: Condition, limit: int = ROWS_SHOWN) -> Query:
    return select(CONFLICTS, condition, order_by="conflict_type, uscc", limit=limit)


def inspections_behind(ids: Sequence[str]) -> Query:
    return select(CHECKS, one_of("inspection_id", ids), order_by="start_date")


def cases_behind(case_nos: Sequence[str]) -> Query:
    return select("penalty_checks", one_of("case_no", case_nos),
                  columns="case_no, body_code, decision_date, violation_code, circumstance, "
                          "fine_amount, status, source_file, source_row_number",
                  order_by="decision_date")


def levels(year: int | None) -> Query:
    return select(LEVELS, ("year = ?", [year]))


def under_inspected(year: int | None, body: str | None,
                    limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    condition = where(("year = ?", [year]), ("under_inspected", []),
                      equals("designated_body", body))
    return (select(FREQUENCY, condition, order_by="risk_level, uscc", limit=limit),
            count(FREQUENCY, condition))


def page(year: int | None, body: str | None = None, limit: int = ROWS_SHOWN) -> list[Query]:
    """What the page runs with no switch on and no conflict picked."""
    condition, found = checks_of(year, body), conflicts_of(year, body)
    return distinct([
        *year_options(), bodies(), totals(condition), publicity_counts(condition),
        checks(condition, False, limit), *team_findings(condition, limit), randomness(year, body),
        *rotation(year, limit), *pool(year, body, limit), conflict_types(found),
        conflicts(found, limit), levels(year), *under_inspected(year, body, limit),
    ])


def split(text: str | None) -> list[str]:
    """The ids of a comma-separated list column."""
    return [part for part in str(text or "").split(",") if part]
