"""Quality of the marts as a Dagster asset, `audit/check_results`, with one asset check per suite.

Wiring (definitions.py):

    from dagster_project.defs.quality import CHECK_RESULTS_KEY, quality_assets
    quality = quality_assets(published)                       # after the marts
    serving = serving_asset(published + [load_manifest.key, orphans.key, CHECK_RESULTS_KEY])
    ... assets=[..., dbt_models, *quality, serving]

The asset runs every suite of `dagster_project.quality` (Great Expectations checkpoints) against
the warehouse, appends `audit.check_results` / `audit.mart_row_counts` and writes Data Docs to
`<warehouse dir>/data_docs`. A suite with failed expectations fails its check (severity ERROR)
without failing the run; a suite whose mart does not exist yet yields no check result, which
Dagster shows as skipped. Great Expectations is imported only when the asset runs.
"""
# No `from __future__ import annotations`: Dagster reads the `context` annotation at runtime.
import time
from pathlib import Path

import dagster as dg

from dagster_project.quality.catalog import SUITES
from dagster_project.resources import Warehouse

CHECK_RESULTS_KEY = dg.AssetKey(["audit", "check_results"])
MAX_LISTED_FAILURES = 10


def data_docs_dir(database_path: Path) -> Path:
    """Where the Data Docs site lives: `<warehouse dir>/data_docs` (outside the repository)."""
    return Path(database_path).parent / "data_docs"


def _failures_markdown(result) -> str:
    lines = []
    for outcome in result.failed_expectations[:MAX_LISTED_FAILURES]:
        lines.append(f"- `{outcome.expectation}`: {outcome.observed or 'failed'}")
    extra = len(result.failed_expectations) - MAX_LISTED_FAILURES
    if extra > 0:
        lines.append(f"- … and {extra} more (see audit.check_results)")
    return "\n".join(lines) or "none"


def _check_result(result, index: Path) -> dg.AssetCheckResult:
    metadata: dict = {
        "expectations_passed": result.passed,
        "expectations_failed": result.failed,
        "rows_checked": result.rows if result.rows is not None else 0,
        "data_docs_index": dg.MetadataValue.path(str(index)),
    }
    if result.docs_page is not None:
        metadata["data_docs"] = dg.MetadataValue.path(str(result.docs_page))
        metadata["data_docs_url"] = dg.MetadataValue.url(result.docs_page.as_uri())
    if result.status == "error":
        metadata["error"] = dg.MetadataValue.text(result.reason or "")
    else:
        metadata["failed_expectations"] = dg.MetadataValue.md(_failures_markdown(result))
    return dg.AssetCheckResult(
        check_name=result.suite,
        asset_key=CHECK_RESULTS_KEY,
        passed=bool(result.success),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=("suite could not run: " + (result.reason or "")) if result.status == "error"
        else None,
    )


def quality_assets(upstream: list[dg.AssetKey]) -> list:
    """The `audit/check_results` asset (group quality, after `upstream`) with one check per suite."""
    check_specs = [
        dg.AssetCheckSpec(suite.name, asset=CHECK_RESULTS_KEY, description=suite.statement)
        for suite in SUITES
    ]

    # A multi_asset only for can_subset=True: check outputs become optional, so a suite that is
    # skipped (its mart does not exist yet) yields no result and Dagster shows the check skipped.
    @dg.multi_asset(
        name="audit_check_results",
        specs=[dg.AssetSpec(
            CHECK_RESULTS_KEY,
            group_name="quality",
            deps=upstream,
            kinds={"duckdb", "python"},
            description="Great Expectations suites over the marts leadership relies on: one "
            "row per expectation and run (audit.check_results), row counts per mart and run "
            "(audit.mart_row_counts), and Data Docs HTML in <warehouse dir>/data_docs.",
        )],
        check_specs=check_specs,
        can_subset=True,
    )
    def check_results(context: dg.AssetExecutionContext, warehouse: Warehouse):
        from dagster_project.quality.runner import data_docs_index, data_docs_summary, run_quality

        docs_dir = data_docs_dir(warehouse.database_path)
        started = time.perf_counter()
        with warehouse.connect() as con:
            results = run_quality(con, docs_dir, context.run.run_id)
        seconds = round(time.perf_counter() - started, 2)
        index = data_docs_index(docs_dir)
        by_status = {s: [r.suite for r in results if r.status == s]
                     for s in ("passed", "failed", "error", "skipped")}
        for result in results:
            if result.status == "skipped":
                context.log.info(f"quality suite {result.suite} skipped: {result.reason}")
            elif result.status != "passed":
                context.log.warning(f"quality suite {result.suite} {result.status}: "
                                    f"{result.reason or _failures_markdown(result)}")
        summary = {
            "suites_passed": len(by_status["passed"]),
            "suites_failed": len(by_status["failed"]) + len(by_status["error"]),
            "suites_skipped": len(by_status["skipped"]),
            "skipped": dg.MetadataValue.text(
                "\n".join(f"{r.suite}: {r.reason}" for r in results if r.status == "skipped")
                or "none"),
            "expectations_failed": sum(r.failed for r in results),
            "data_docs": dg.MetadataValue.path(str(index)),
            "data_docs_url": dg.MetadataValue.url(index.as_uri()),
            "summary": dg.MetadataValue.path(str(data_docs_summary(docs_dir))),
            "seconds": seconds,
        }
        if CHECK_RESULTS_KEY in context.selected_asset_keys:
            yield dg.MaterializeResult(asset_key=CHECK_RESULTS_KEY, metadata=summary)
        selected_checks = {k.name for k in context.selected_asset_check_keys}
        for result in results:
            if result.status != "skipped" and result.suite in selected_checks:
                yield _check_result(result, index)

    return [check_results]
