"""Run every quality suite through a Great Expectations checkpoint; write Data Docs and audit rows.

    results = run_quality(con, warehouse_dir / "data_docs", run_id)

- GX runs in an ephemeral context (nothing written into the repository, no GX project on disk);
  each suite's frame is a pandas dataframe asset validated by its own checkpoint, whose
  `UpdateDataDocsAction` renders the result into a local Data Docs site.
- The site is built in a fresh directory beside `docs_dir` and then swapped in, so `docs_dir`
  always holds one complete site: the latest run's suites (history stays in the audit tables).
- `audit.check_results` gets one row per expectation (a skipped suite: one row, success NULL;
  a suite that could not run: one row, success false) and `audit.mart_row_counts` this run's
  row count per mart. A retried run (same run_id) replaces its own rows.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import math
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb

from dagster_project.quality.catalog import SUITES

log = logging.getLogger(__name__)

CHECK_RESULTS_DDL = (
    "CREATE TABLE IF NOT EXISTS audit.check_results (run_id VARCHAR, checked_at TIMESTAMP, "
    "suite VARCHAR, expectation VARCHAR, success BOOLEAN, observed VARCHAR, details VARCHAR)"
)
SITE_NAME = "local_site"
DATASOURCE = "marts"  # the name Data Docs shows for the validated frames
SUMMARY_PAGE = "summary.html"
PARTIAL_UNEXPECTED = 20  # failing rows quoted per expectation (results, audit details)


@dataclass
class ExpectationOutcome:
    expectation: str  # e.g. expect_column_values_to_be_between(column=qualified_ratio, ...)
    success: bool | None
    observed: str | None  # short, human-readable
    details: str | None  # JSON: failing rows by key, exception, notes


@dataclass
class SuiteResult:
    suite: str
    table: str | None
    status: str  # passed | failed | skipped | error
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    reason: str | None = None  # why skipped / the error
    docs_page: Path | None = None  # this suite's validation page in Data Docs
    rows: int | None = None  # rows of the validated frame
    seconds: float = 0.0

    @property
    def success(self) -> bool | None:
        return None if self.status == "skipped" else self.status == "passed"

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.success is True)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.success is False)

    @property
    def failed_expectations(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.success is False]


def run_quality(con: duckdb.DuckDBPyConnection, docs_dir: Path, run_id: str) -> list[SuiteResult]:
    """Validate every suite of the catalog against the open warehouse; see the module docstring."""
    from dagster_project.quality import suites as suite_defs  # imports great_expectations

    docs_dir = Path(docs_dir).resolve()
    _check_docs_dir(docs_dir)
    _remove_leftovers(docs_dir)
    checked_at = dt.datetime.now()
    run_time = checked_at.astimezone(dt.timezone.utc)
    staging = docs_dir.with_name(f".{docs_dir.name}.building-{uuid.uuid4().hex[:8]}")
    results: list[SuiteResult] = []
    try:
        context = _context(staging)
        validated = {}  # suite result → its GX validation result identifiers
        for info in SUITES:
            started = time.perf_counter()
            # A data source per suite, deleted after it: GX keeps every batch's dataframe as long
            # as its data source lives, so one shared source held every mart at once (the peak
            # memory of a national build was the sum of all suites' frames, not the largest).
            datasource = context.data_sources.add_pandas(DATASOURCE)
            try:
                result, identifiers = _run_suite(context, datasource,
                                                 suite_defs.SUITE_FUNCTIONS[info.name],
                                                 info, con, run_id, run_time)
            finally:
                context.data_sources.delete(DATASOURCE)
            result.seconds = round(time.perf_counter() - started, 3)
            results.append(result)
            validated[result.suite] = identifiers
        _build_docs(context, results, validated, staging)
        _write_summary(staging, run_id, checked_at, results)
        _publish_site(staging, docs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for result in results:
        if result.docs_page is not None:
            result.docs_page = docs_dir / result.docs_page
    _write_audit(con, run_id, checked_at, results, suite_defs.record_row_counts)
    return results


def data_docs_index(docs_dir: Path) -> Path:
    return Path(docs_dir) / "index.html"


def data_docs_summary(docs_dir: Path) -> Path:
    """A plain page of this run's suites (GX's index needs CDN scripts to show its table)."""
    return Path(docs_dir) / SUMMARY_PAGE


# --- GX -----------------------------------------------------------------------------------------

def _context(site_dir: Path):
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig, InMemoryStoreBackendDefaults, ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={SITE_NAME: {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(site_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }},
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _run_suite(context, datasource, function, info, con, run_id: str, run_time):
    """The suite's result and the identifiers of its stored GX validation results."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    from dagster_project.quality.suites import Skipped

    try:
        build = function(con, run_id)
    except Exception as exc:  # noqa: BLE001 - one broken suite must not stop the others
        log.exception("quality suite %s could not be built", info.name)
        return SuiteResult(info.name, info.table, "error", reason=f"{type(exc).__name__}: {exc}"), []
    if isinstance(build, Skipped):
        return SuiteResult(info.name, info.table, "skipped", reason=build.reason), []
    try:
        asset = datasource.add_dataframe_asset(info.name)
        batch = asset.add_batch_definition_whole_dataframe(info.name)
        suite = context.suites.add(build.suite)
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=info.name, data=batch, suite=suite))
        result_format = {"result_format": "SUMMARY",
                         "partial_unexpected_count": PARTIAL_UNEXPECTED}
        if build.index_columns:
            result_format["unexpected_index_column_names"] = build.index_columns
        # No UpdateDataDocsAction: the site is rendered once for all suites (_build_docs); the
        # action re-rendered the index and recompiled GX's templates for every suite.
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=info.name, validation_definitions=[validation], result_format=result_format))
        run = checkpoint.run(batch_parameters={"dataframe": build.frame},
                             run_id=RunIdentifier(run_name=run_id, run_time=run_time))
    except Exception as exc:  # noqa: BLE001
        log.exception("quality suite %s could not run", info.name)
        return SuiteResult(info.name, info.table, "error", reason=f"{type(exc).__name__}: {exc}",
                           rows=len(build.frame)), []
    outcomes: list[ExpectationOutcome] = []
    for validation_result in run.run_results.values():
        outcomes.extend(_outcome(r) for r in validation_result.results)
    status = "passed" if run.success and all(o.success for o in outcomes) else "failed"
    return (SuiteResult(info.name, info.table, status, outcomes, rows=len(build.frame)),
            list(run.run_results))


def _build_docs(context, results: list[SuiteResult], validated: dict, site_dir: Path) -> None:
    """Render every suite's validation page and the index once; link each result to its page."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    identifiers = [i for ids in validated.values() for i in ids]
    if not identifiers:
        return
    suites = [ExpectationSuiteIdentifier(name=r.suite) for r in results if validated[r.suite]]
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=identifiers + suites)
    for result in results:
        for identifier in validated[result.suite]:
            result.docs_page = _docs_page(context, identifier, site_dir)


def _docs_page(context, identifier, site_dir: Path) -> Path | None:
    """The validation page of `identifier`, relative to the site directory."""
    try:
        urls = context.get_docs_sites_urls(resource_identifier=identifier, site_name=SITE_NAME)
        url = urls[0]["site_url"]
        path = Path(unquote(urlparse(url).path))
        return path.relative_to(site_dir.resolve())
    except Exception:  # noqa: BLE001 - the link is a convenience
        return None


def _expectation_label(config: dict) -> str:
    kwargs = {k: v for k, v in config.get("kwargs", {}).items()
              if k not in ("batch_id", "result_format") and v is not None}
    args = ", ".join(f"{k}={_short(v)}" for k, v in sorted(kwargs.items()))
    return f"{config.get('type')}({args})"


def _short(value, limit: int = 120) -> str:
    text = ",".join(map(str, value)) if isinstance(value, (list, tuple, set)) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outcome(result) -> ExpectationOutcome:
    raw = result.to_json_dict()
    config = raw.get("expectation_config") or {}
    res = raw.get("result") or {}
    exception = raw.get("exception_info") or {}
    if exception.get("raised_exception"):
        observed = "error"
    elif "observed_value" in res:
        observed = _short(res["observed_value"], 500)
    elif "unexpected_count" in res:
        count, total = res.get("unexpected_count") or 0, res.get("element_count") or 0
        observed = f"{count} of {total} rows unexpected"
        if res.get("missing_count"):
            observed += f" ({res['missing_count']} empty, not evaluated)"
    else:
        observed = None
    details = {k: res[k] for k in ("partial_unexpected_index_list", "partial_unexpected_list",
                                   "partial_unexpected_counts", "details") if res.get(k)}
    if "partial_unexpected_index_list" in details:
        details.pop("partial_unexpected_list", None)
    if exception.get("raised_exception"):
        details["exception"] = exception.get("exception_message")
    if config.get("notes"):
        details["notes"] = config["notes"]
    return ExpectationOutcome(
        expectation=_expectation_label(config),
        success=bool(raw.get("success")),
        observed=observed,
        details=json.dumps(_plain(details), ensure_ascii=False, default=str) if details else None,
    )


def _plain(value):
    """JSON-safe copy: NaN/NA → None, numpy scalars → Python."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd
        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


# --- Data Docs directory --------------------------------------------------------------------------

def _check_docs_dir(docs_dir: Path) -> None:
    """Refuse to replace a directory that is not a Data Docs site (or empty)."""
    if docs_dir.exists() and any(docs_dir.iterdir()) and not data_docs_index(docs_dir).exists():
        raise ValueError(f"{docs_dir} exists and is not a Data Docs site; refusing to replace it")


def _write_summary(site_dir: Path, run_id: str, checked_at, results: list[SuiteResult]) -> None:
    """summary.html: one line per suite with its failures, links to GX pages; no scripts."""
    esc = html.escape
    rows = []
    for r in results:
        link = (f'<a href="{esc(r.docs_page.as_posix())}">{esc(r.suite)}</a>'
                if r.docs_page is not None else esc(r.suite))
        failures = "".join(f"<li><code>{esc(o.expectation)}</code>: {esc(o.observed or '')}</li>"
                           for o in r.failed_expectations)
        note = esc(r.reason or "") + (f"<ul>{failures}</ul>" if failures else "")
        rows.append(f'<tr class="{r.status}"><td>{link}</td><td>{esc(r.table or "all of marts")}</td>'
                    f"<td>{r.status}</td><td>{r.passed}</td><td>{r.failed}</td>"
                    f"<td>{r.rows if r.rows is not None else ''}</td><td>{note}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Data quality: run {esc(run_id)}</title>
<style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}}
tr.failed td,tr.error td{{background:#fde2e1}}tr.skipped td{{color:#777}}</style></head><body>
<h1>Data quality of the marts</h1>
<p>Run <code>{esc(run_id)}</code>, checked at {esc(checked_at.isoformat(sep=" ", timespec="seconds"))}.
Every expectation of every run is kept in <code>audit.check_results</code>;
the full Great Expectations site is <a href="index.html">index.html</a>.</p>
<table><tr><th>suite</th><th>mart</th><th>status</th><th>expectations passed</th>
<th>failed</th><th>rows checked</th><th>failures / reason</th></tr>
{"".join(rows)}
</table></body></html>
"""
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / SUMMARY_PAGE).write_text(page, encoding="utf-8")


def _remove_leftovers(docs_dir: Path) -> None:
    """Building/old sites of a run that was killed mid-way (one writer: none is in use)."""
    for pattern in (f".{docs_dir.name}.building-*", f".{docs_dir.name}.old-*"):
        for leftover in docs_dir.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _publish_site(staging: Path, docs_dir: Path) -> None:
    """Swap the freshly built site in: the old one is renamed away, the new one renamed in."""
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    if not data_docs_index(staging).exists():  # every suite skipped or broken
        data_docs_index(staging).write_text(
            f'<html><body><p>No quality suite could run: see <a href="{SUMMARY_PAGE}">'
            f"{SUMMARY_PAGE}</a>.</p></body></html>", encoding="utf-8")
    old = docs_dir.with_name(f".{docs_dir.name}.old-{uuid.uuid4().hex[:8]}")
    if docs_dir.exists():
        docs_dir.rename(old)
    staging.rename(docs_dir)
    shutil.rmtree(old, ignore_errors=True)


# --- audit tables --------------------------------------------------------------------------------

def _audit_rows(run_id: str, checked_at, results: list[SuiteResult]) -> list[tuple]:
    rows = []
    for r in results:
        if r.status == "skipped":
            rows.append((run_id, checked_at, r.suite, "(suite skipped)", None, None, r.reason))
        elif r.status == "error":
            rows.append((run_id, checked_at, r.suite, "(suite could not run)", False, "error",
                         r.reason))
        else:
            rows.extend((run_id, checked_at, r.suite, o.expectation, o.success, o.observed,
                         o.details) for o in r.outcomes)
    return rows


def _write_audit(con, run_id: str, checked_at, results: list[SuiteResult], record_row_counts) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS audit")
        con.execute(CHECK_RESULTS_DDL)
        con.execute("DELETE FROM audit.check_results WHERE run_id = ?", [run_id])
        rows = _audit_rows(run_id, checked_at, results)
        if rows:
            con.executemany("INSERT INTO audit.check_results VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        record_row_counts(con, run_id, checked_at)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
