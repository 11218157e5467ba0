"""企业档案 (dashboards/views/enterprise.py): the directory, one enterprise's file."""
from __future__ import annotations

from dashboards.queries import ROWS_SHOWN, Query, distinct, select

HISTORY = "enterprise_history"
DIMENSION = "dim_enterprises"
MATCHES = "contains(upper(enterprise_name), upper(?)) or contains(upper(uscc), upper(?))"
# Each registered enterprise in its latest state: dbt's dimension holds it (one row per uscc);
# aggregating enterprise_history here took most of the page's time at N = 100.
DIRECTORY = """with directory as (
    select uscc, enterprise_name, unit_code, risk_level, designated_body, status
    from marts.dim_enterprises where in_registry
)
"""


def _search(text: str) -> tuple[str, list]:
    return (f" where {MATCHES}", [text, text]) if text else ("", [])


def directory(text: str = "", limit: int = ROWS_SHOWN) -> Query:
    """The first enterprises by name whose latest name or USCC contains `text` (any case)."""
    condition, params = _search(text)
    return Query(f"{DIRECTORY}select * from directory{condition} "
                 f"order by enterprise_name, uscc limit {int(limit)}", params)


def directory_size(text: str = "") -> Query:
    condition, params = _search(text)
    return Query(f"{DIRECTORY}select count(*) as n from directory{condition}", params)


# the findings that name an enterprise, in the order they are listed
FINDINGS = {
    "supervision_frequency": "year",
    "enforcement_body_conflicts": "year, conflict_type",
    "inspection_rotation_findings": "first_start_date",
    "inspection_pool_findings": "year",
}
INSPECTION_COLUMNS = ("inspection_id, inspection_mode, body_code, start_date, end_date, "
                      "team_valid, untrained_inspector, publicity_status")
PENALTY_COLUMNS = ("case_no, body_code, decision_date, violation_code, circumstance, "
                   "fine_amount, status, band_status, legal_review_status, publicity_status")


def states(uscc: str) -> Query:
    return select(HISTORY, ("uscc = ?", [uscc]), order_by="snapshot_date")


def inspections(uscc: str) -> Query:
    return select("inspection_checks", ("uscc = ?", [uscc]), columns=INSPECTION_COLUMNS,
                  order_by="start_date")


def penalties(uscc: str) -> Query:
    return select("penalty_checks", ("uscc = ?", [uscc]), columns=PENALTY_COLUMNS,
                  order_by="decision_date")


def findings(table: str, uscc: str) -> Query:
    return select(table, ("uscc = ?", [uscc]), order_by=FINDINGS[table])


def page(uscc: str | None = None, text: str = "", limit: int = ROWS_SHOWN) -> list[Query]:
    """What the page runs when opened (the directory), then when `text` is searched for and
    `uscc` chosen (the enterprise's file)."""
    queries = [directory("", limit), directory_size("")]
    if uscc is not None:
        queries += [directory(text, limit), states(uscc), inspections(uscc), penalties(uscc),
                    *(findings(table, uscc) for table in FINDINGS)]
    return distinct(queries)
