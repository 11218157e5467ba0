"""领导驾驶舱 (dashboards/views/leadership.py): figures of the corps and its units.

Training compliance is the share of compliant mart rows among the officers the rule applies to.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboards.queries import (ROWS_SHOWN, Query, bulletin, choices, count, distinct, equals,
                                grouped, select, where, years)

KPI = "kpi_professional_ratio"
INDUCTION, REFRESHER = "training_induction_status", "training_refresher_status"
FREQUENCY, CONFLICTS = "supervision_frequency", "enforcement_body_conflicts"
CASES = "penalty_checks"
PATH, PATH_MONTHS = "kpi_target_path", "kpi_target_path_months"
DRILLDOWN = "staff_ratio_drilldown"
INDUCTION_RATE = ("count(*) filter (where status = 'compliant') * 1.0 "
                  "/ nullif(count(*) filter (where status <> 'not_required'), 0)")
REFRESHER_RATE = "count(*) filter (where status = 'compliant') * 1.0 / nullif(count(*), 0)"


def kpi(as_of: dt.date) -> Query:
    return select(KPI, ("as_of_date = ?", [as_of]))


def unit_levels() -> Query:
    """Unit levels when kpi_professional_ratio has no unit_level column."""
    return Query("select unit_code, level from marts.dim_units", [])


def year_options() -> list[Query]:
    return [years(FREQUENCY), years(CONFLICTS), years(REFRESHER)]


def below_target(units: pd.DataFrame, divisions: set[str]) -> list[str]:
    """The divisions that miss the target: compared with the corps by default (at most five)."""
    missed = units["meets_target"].eq(False).fillna(False).astype(bool)
    return sorted(units.loc[missed & units["unit_code"].isin(divisions), "unit_code"])[:5]


def induction_rate(as_of: dt.date) -> Query:
    return select(INDUCTION, ("as_of_date = ?", [as_of]), columns=INDUCTION_RATE)


def refresher_rate(year: int) -> Query:
    return select(REFRESHER, ("year = ?", [year]), columns=REFRESHER_RATE)


def operating(year: int) -> Query:
    """Enterprises operating at the end of the year (the base of the per-100 figures)."""
    return count(FREQUENCY, ("year = ?", [year]))


def conflicts(year: int) -> Query:
    return count(CONFLICTS, ("year = ?", [year]))


def under_inspected(year: int) -> Query:
    return count(FREQUENCY, ("year = ? and under_inspected", [year]))


def penalties(year: int) -> Query:
    return count(CASES, ("year(decision_date) = ? and status <> 'revoked'", [year]))


def ratio_trend(units: Iterable[str]) -> Query:
    """The monthly ratio of the corps and of the units compared with it."""
    return select(KPI, ("unit_code = 'ALL' or list_contains(?, unit_code)", [sorted(units)]),
                  columns="as_of_date, unit_code, qualified_ratio",
                  order_by="as_of_date, unit_code")


def training_by_unit(as_of: dt.date, year: int) -> list[Query]:
    return [
        Query(f"select unit_code, {INDUCTION_RATE} as rate, 'induction' as kind "
              f"from marts.{INDUCTION} where as_of_date = ? group by unit_code", [as_of]),
        Query(f"select unit_code, {REFRESHER_RATE} as rate, 'refresher' as kind "
              f"from marts.{REFRESHER} where year = ? group by unit_code", [year]),
    ]


def normalised(year: int) -> Query:
    """Per body: enterprises it supervises, conflicts, under-inspected enterprises and cases."""
    return Query(
        """
        with enterprises as (
            select designated_body as body_code, count(*) as enterprises
            from marts.supervision_frequency where year = ? and designated_body is not null
            group by 1
        ),
        findings as (
            select designated_body as body_code, count(*) as conflicts
            from marts.enforcement_body_conflicts where year = ? group by 1
        ),
        under as (
            select designated_body as body_code, count(*) as under_inspected
            from marts.supervision_frequency where year = ? and under_inspected group by 1
        ),
        cases as (
            select body_code, count(*) as cases from marts.penalty_checks
            where year(decision_date) = ? and status <> 'revoked' group by 1
        )
        select e.body_code, e.enterprises,
               coalesce(f.conflicts, 0) as conflicts,
               coalesce(u.under_inspected, 0) as under_inspected,
               coalesce(c.cases, 0) as cases
        from enterprises e
        left join findings f using (body_code)
        left join under u using (body_code)
        left join cases c using (body_code)
        order by e.body_code
        """,
        [year, year, year, year],
    )


def penalty_trend() -> Query:
    return Query("select month, cases, cases_prior_year, fine_total from marts.penalty_trends "
                 "where dimension = 'all' order by month", [])


def penalty_monthly() -> Query:
    """The monthly totals when penalty_trends is not published."""
    return Query("select month, sum(cases) as cases, sum(fine_total) as fine_total "
                 "from marts.penalty_monthly group by month order by month", [])


def target_path() -> Query:
    """The path to the target of the corps and each division (marts.kpi_target_path)."""
    return select(PATH, columns=(
        "unit_code, people_gap, qualified_change_12m, ratio_change_12m, pace_base_date, "
        "projected_target_month, path_status, hires_per_month_to_deadline"),
        order_by="unit_code = 'ALL' desc, unit_code")


def target_months() -> Query:
    """The months the user may choose to reach the target by, the policy deadline flagged."""
    return select(PATH_MONTHS, columns="distinct target_month, is_policy_deadline_month",
                  order_by="target_month")


def hires_by(target_month: dt.date) -> Query:
    """Qualified hires per month each division needs to close its gap by target_month."""
    return select(PATH_MONTHS, ("target_month = ?", [target_month]),
                  columns="unit_code, people_gap, months_left, hires_per_month_needed",
                  order_by="unit_code = 'ALL' desc, unit_code")


def default_reach_by(months: pd.DataFrame) -> dt.date | None:
    """The picker's first choice: the month of the policy deadline, else the nearest month."""
    if months.empty:
        return None
    flagged = months.loc[months["is_policy_deadline_month"].fillna(False).astype(bool),
                         "target_month"]
    return (flagged if len(flagged) else months["target_month"]).iloc[0]


RESTATEMENTS = "kpi_restatements"


def restatement_choices(column: str) -> Query:
    """The KPIs (or units) restated, for the 修正记录 filters."""
    return choices(RESTATEMENTS, column)


def restatements(kpi: str | None, unit: str | None, limit: int = ROWS_SHOWN) -> tuple[Query, Query]:
    """修正记录, latest first: the first `limit` rows and how many match."""
    condition = where(equals("kpi", kpi), equals("unit_code", unit))
    return (select(RESTATEMENTS, condition, order_by="restated_at desc, kpi, period, unit_code",
                   limit=limit), count(RESTATEMENTS, condition))


def ratio_people(as_of: dt.date, unit: str, limit: int = ROWS_SHOWN) -> Query:
    """The people behind a unit's ratio at the as-of date: the officers counted (qualified first,
    then by reason) and those not counted, with the roster row each comes from."""
    return select(DRILLDOWN, ("as_of_date = ? and unit_code = ?", [as_of, unit]), columns=(
        "person_id, staff_category, counted_in_ratio, is_qualified, not_qualified_reason, "
        "education_level, major, practical_years, source_file, source_row_number"),
        order_by="counted_in_ratio desc, is_qualified desc, not_qualified_reason, person_id",
        limit=limit)


def ratio_people_count(as_of: dt.date, unit: str) -> Query:
    return count(DRILLDOWN, ("as_of_date = ? and unit_code = ?", [as_of, unit]))


def ratio_reasons(as_of: dt.date, unit: str) -> Query:
    """The same as head counts per reason (the leadership role never sees people)."""
    return grouped(DRILLDOWN, ("as_of_date = ? and unit_code = ?", [as_of, unit]),
                   "counted_in_ratio, is_qualified, not_qualified_reason", "count(*) as persons")


def page(as_of: dt.date, year: int, compare: Iterable[str],
         reach_by: dt.date | None = None, bulletin_quarter: str | None = None) -> list[Query]:
    """The page's statements; the path to the target when the page shows it (reach_by given),
    the bulletin's quarters and rows when it offers one (bulletin_quarter given)."""
    path = [target_path(), target_months(), hires_by(reach_by)] if reach_by is not None else []
    if bulletin_quarter is not None:
        path += [bulletin.quarters(), bulletin.ranking(bulletin_quarter)]
    return distinct([
        kpi(as_of), *year_options(), induction_rate(as_of), refresher_rate(year),
        operating(year), under_inspected(year), conflicts(year), penalties(year),
        ratio_trend(compare), *training_by_unit(as_of, year), normalised(year), penalty_trend(),
        restatement_choices("kpi"), restatement_choices("unit_code"), *restatements(None, None),
        *path,
    ])
