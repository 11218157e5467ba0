"""行政处罚 (dashboards/views/penalties.py): a year of penalty cases, optionally of one body.

Revoked cases are counted on their own and left out of every other figure ("live" cases).
"""
from __future__ import annotations

from dashboards.queries import (ROWS_SHOWN, Condition, Query, choices, count, distinct, equals,
                                grouped, select, where, years)

CASES, TRENDS, MONTHLY = "penalty_checks", "penalty_trends", "penalty_monthly"
CONSISTENCY, COLLECTION, REVOKED = "penalty_consistency", "penalty_collection", "penalty_revoked"
DIMENSIONS = ["body_code", "violation_code", "circumstance", "risk_level"]

LIVE = ("status is distinct from 'revoked'", [])
BAND_OUTLIER = "band_status in ('below', 'above')"
BAND_LISTED = "band_status in ('below', 'above', 'no_standard')"
COMPLIANCE_PROBLEM = ("legal_review_status in ('missing', 'after_decision') "
                      "or publicity_status in ('late', 'overdue')")
REFERRED = "coalesce(referred, false)"
BAND_COLUMNS = ("case_no, uscc, body_code, decision_date, violation_code, circumstance, "
                "fine_amount, fine_min, fine_max, band_status")
COMPLIANCE_COLUMNS = ("case_no, body_code, decision_date, is_major, legal_review_date, "
                      "legal_review_status, publicity_deadline, publicity_date, publicity_status")
REFERRED_COLUMNS = "case_no, uscc, body_code, decision_date, fine_amount, status"
MONTH_CASE_COLUMNS = ("case_no, uscc, body_code, decision_date, violation_code, circumstance, "
                      "fine_amount, status, source_file, source_row_number")


def year_options() -> Query:
    return years(CASES, "decision_year")


def bodies() -> Query:
    return choices(CASES, "body_code")


def cases_of(year: int | None, body: str | None) -> Condition:
    return where(("decision_year = ?", [year]), equals("body_code", body))


def summary(condition: Condition) -> Query:
    """Live cases, their fines, how many each list holds, and revoked cases."""
    live = LIVE[0]
    return select(CASES, condition, columns=(
        f"count(*) filter (where {live}) as cases, "
        f"coalesce(sum(fine_amount) filter (where {live}), 0) as fine_total, "
        f"count(*) filter (where {live} and {BAND_OUTLIER}) as band_outliers, "
        f"count(*) filter (where {live} and {BAND_LISTED}) as band_listed, "
        f"count(*) filter (where {live} and ({COMPLIANCE_PROBLEM})) as compliance_problems, "
        f"count(*) filter (where {live} and {REFERRED}) as referred, "
        "count(*) filter (where status = 'revoked') as revoked"))


def trend(body: str | None) -> Query:
    """Monthly cases and fines against the same month a year earlier, of all bodies or one."""
    if body is None:
        return select(TRENDS, ("dimension = 'all'", []), order_by="month")
    return select(TRENDS, ("dimension = 'body_code' and dimension_value = ?", [body]),
                  order_by="month")


def monthly(body: str | None) -> Query:
    """The monthly totals when penalty_trends is not published."""
    return Query("select month, sum(cases) as cases, sum(fine_total) as fine_total "
                 "from marts.penalty_monthly where (? is null or body_code = ?) "
                 "group by month order by month", [body, body])



def cases_of_month(month, body: str | None, limit: int = ROWS_SHOWN) -> Query:
    """The live cases behind one point of the trend (a decision month, of all bodies or one),
    with the row of the penalties file each comes from."""
    return select(CASES, where(("decision_month = ?", [month]), equals("body_code", body), LIVE),
                  columns=MONTH_CASE_COLUMNS, order_by="decision_date, case_no", limit=limit)


def breakdown(dimension: str, year: int | None) -> Query:
    """Cases and fines of the year by one dimension (DIMENSIONS), from penalty_trends."""
    return Query("select dimension_value, sum(cases) as cases, sum(fine_total) as fine_total, "
                 "sum(confiscation_total) as confiscation_total from marts.penalty_trends "
                 "where dimension = ? and year(month) = ? group by 1 order by cases desc",
                 [dimension, year])


def breakdown_of_cases(dimension: str, condition: Condition) -> Query:
    """The same from the live cases, when penalty_trends is not published."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    return select(CASES, where(condition, LIVE, (f"{dimension} is not null", [])),
                  columns=f"{dimension} as dimension_value, count(case_no) as cases, "
                          "coalesce(sum(fine_amount), 0) as fine_total",
                  group_by="1", order_by="1")


def live_per(column: str, condition: Condition) -> Query:
    """Live cases per value of a status column (a pie)."""
    return grouped(CASES, where(condition, LIVE), column)


def band_outliers(condition: Condition, limit: int = ROWS_SHOWN) -> Query:
    return select(CASES, where(condition, LIVE, (BAND_LISTED, [])), columns=BAND_COLUMNS,
                  order_by="decision_date, case_no", limit=limit)


def compliance_problems(condition: Condition, limit: int = ROWS_SHOWN) -> Query:
    return select(CASES, where(condition, LIVE, (COMPLIANCE_PROBLEM, [])),
                  columns=COMPLIANCE_COLUMNS, order_by="decision_date, case_no", limit=limit)


def referred(condition: Condition, limit: int = ROWS_SHOWN) -> Query:
    return select(CASES, where(condition, LIVE, (REFERRED, [])), columns=REFERRED_COLUMNS,
                  order_by="decision_date, case_no", limit=limit)


CONSISTENCY_ORDER = "violation_code, circumstance, body_code"


def consistency_corps(year: int | None) -> Query:
    return select(CONSISTENCY, ("year = ? and body_code = 'ALL'", [year]),
                  order_by=CONSISTENCY_ORDER)


def consistency_bodies(year: int | None, body: str | None,
                       limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    condition = where(("year = ? and body_code is distinct from 'ALL'", [year]),
                      equals("body_code", body))
    return (select(CONSISTENCY, condition, order_by=CONSISTENCY_ORDER, limit=limit),
            count(CONSISTENCY, condition))


def collection(year: int | None) -> Query:
    return select(COLLECTION, ("year = ?", [year]), order_by="body_code")


def revoked(year: int | None) -> Query:
    return select(REVOKED, ("year = ?", [year]), order_by="body_code")


def page(year: int | None, body: str | None = None, dimension: str = "body_code",
         limit: int = ROWS_SHOWN) -> list[Query]:
    """What the page runs (penalty_trends published)."""
    condition = cases_of(year, body)
    return distinct([
        year_options(), bodies(), summary(condition), trend(body), breakdown(dimension, year),
        live_per("band_status", condition), band_outliers(condition, limit),
        consistency_corps(year), *consistency_bodies(year, body, limit),
        live_per("legal_review_status", condition), live_per("publicity_status", condition),
        compliance_problems(condition, limit), collection(year), revoked(year),
        referred(condition, limit),
    ])
