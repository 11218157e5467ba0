"""季度通报 (dashboards/bulletin.py): the quarters and the rows of marts.bulletin_division_ranking."""
from __future__ import annotations

from dashboards.queries import Query, select

RANKING = "bulletin_division_ranking"


def quarters() -> Query:
    """The quarters a bulletin can be made for, latest first."""
    return select(RANKING, columns="distinct quarter", order_by="quarter desc")


def ranking(quarter: str) -> Query:
    """One quarter's rows, measure by measure, best first, divisions without a figure last."""
    return select(RANKING, ("quarter = ?", [quarter]),
                  order_by="measure_order, rank nulls last, unit_code")
