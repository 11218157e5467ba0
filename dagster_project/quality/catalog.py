"""The quality suites and the statement each one checks, in plain words (no GX import here).

The statements are what leadership relies on when it reads a mart; they appear as the
descriptions of the Dagster asset checks and head each suite in Data Docs.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SuiteInfo:
    name: str
    table: str | None  # the mart it needs (skipped while missing); None = all of `marts`
    statement: str


SUITES: tuple[SuiteInfo, ...] = (
    SuiteInfo(
        "kpi_professional_ratio", "kpi_professional_ratio",
        "The 75% professional-staff figures add up: ratios between 0 and 1 (empty only for units "
        "with nobody in post), qualified ≤ in post, people_gap and meets_target follow from the "
        "counts, and each date's ALL row is the sum of its units.",
    ),
    SuiteInfo(
        "training_induction_status", "training_induction_status",
        "Every officer in post has exactly one induction status per date, one of compliant, "
        "in_progress, overdue, not_required, consistent with the days trained and the policy.",
    ),
    SuiteInfo(
        "training_refresher_status", "training_refresher_status",
        "One refresher status per officer and year, one of compliant, non_compliant, pending, "
        "consistent with the days trained.",
    ),
    SuiteInfo(
        "inspection_checks", "inspection_checks",
        "One row per inspection with a known mode, a team verdict and a publicity status that "
        "fits the mode (only double-random inspections have a deadline).",
    ),
    SuiteInfo(
        "penalty_checks", "penalty_checks",
        "One row per penalty case; case status, discretion band, legal review and publicity "
        "statuses are codes the dashboards know; fines are not negative.",
    ),
    SuiteInfo(
        "enforcement_body_conflicts", "enforcement_body_conflicts",
        "One finding per year, enterprise and conflict type, of a known type, with sorted "
        "comma-separated lists ('' when empty, never null).",
    ),
    SuiteInfo(
        "supervision_frequency", "supervision_frequency",
        "One row per year and enterprise with a known risk level, and under_inspected exactly "
        "when inspections < required_inspections.",
    ),
    SuiteInfo(
        "marts_no_pii", None,
        "No table in `marts` has a column for names or ID numbers (full_name, id_number, or any "
        "column named with 姓名 / 身份证): analysts never see personal data.",
    ),
    SuiteInfo(
        "audit_no_pii_values", "audit.rejects",
        "The published audit tables hold no personal data either: a rejected name or ID number "
        "is not copied into audit.rejects.raw_value.",
    ),
    SuiteInfo(
        "mart_row_counts", None,
        "No mart shrinks below half or grows beyond twice its row count of the previous "
        "quality run, and none disappears.",
    ),
)

SUITE_NAMES: tuple[str, ...] = tuple(s.name for s in SUITES)
