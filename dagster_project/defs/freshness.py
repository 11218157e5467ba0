"""One `freshness` check per raw source: a warning on the source's asset in the UI when its
next file is overdue (marts.dq_source_freshness, compared with the day the check runs)."""
# No `from __future__ import annotations`: Dagster reads the `context` annotation at runtime.
import datetime as dt

import dagster as dg

from dagster_project.contracts import load_contracts
from dagster_project.freshness import SourceFreshness, source_freshness
from dagster_project.resources import Warehouse

CHECK_NAME = "freshness"
FRESHNESS_MART = dg.AssetKey(["marts", "dq_source_freshness"])


def check_evaluation(entry: SourceFreshness, today: dt.date) -> dict:
    """The fields of an AssetCheckResult / AssetCheckEvaluation for one source on `today`."""
    return dict(
        asset_key=dg.AssetKey(["raw", entry.source]),
        check_name=CHECK_NAME,
        passed=not entry.overdue,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "cadence": entry.cadence,
            "schedule_status": entry.schedule_status,
            "last_extract_date": str(entry.last_extract_date or "-"),
            "next_due_date": str(entry.next_due_date or "-"),
            "checked_on": str(today),
            "overdue": dg.MetadataValue.text(entry.line() if entry.overdue else "no"),
        },
    )


def freshness_checks() -> dg.AssetChecksDefinition:
    specs = [
        dg.AssetCheckSpec(CHECK_NAME, asset=["raw", source], additional_deps=[FRESHNESS_MART],
                          description=f"the next {source} file is due by the cadence of its "
                          f"contract ({contract.cadence}); overdue is a warning")
        for source, contract in load_contracts().items()
    ]

    @dg.multi_asset_check(specs=specs, name="source_freshness", can_subset=True)
    def source_freshness_checks(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        today = dt.date.today()
        with warehouse.connect() as con:
            entries = source_freshness(con, today)
        selected = {key.asset_key for key in context.selected_asset_check_keys}
        for entry in entries:
            fields = check_evaluation(entry, today)
            if fields["asset_key"] in selected:
                yield dg.AssetCheckResult(**fields)

    return source_freshness_checks
