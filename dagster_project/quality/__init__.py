"""Data quality of the analyst contract (`marts`): Great Expectations suites, run after dbt.

`catalog` names the suites and what each one promises (cheap to import: Dagster reads it when
the definitions load); `suites` builds them from the warehouse with Great Expectations; `runner`
validates them through GX checkpoints, writes Data Docs and appends `audit.check_results`.
Great Expectations is imported only when a run needs it (its import takes seconds).
"""
from dagster_project.quality.catalog import SUITES, SuiteInfo

__all__ = ["SUITES", "SuiteInfo"]
