"""Ingest assets: one per source (`raw/<source>`), then the manifest scan and the orphans."""

import os
import sys

import dagster as dg

from dagster_project.contracts import load_contracts
from dagster_project.ingest.load import SourceSummary, load_source, scan_misnamed
from dagster_project.ingest.orphans import refresh_orphans
from dagster_project.resources import Warehouse

# Everything the ingest writes is one group in the UI: the raw tables, the manifest, the orphans
# and the quarantine.
INGEST_GROUP = "ingest"


def progress(message: str) -> None:
    if os.environ.get("REGWH_PROGRESS"):
        print(f"  · {message}", file=sys.stderr, flush=True)


def _metadata(summary: SourceSummary) -> dict:
    return {
        "files_loaded": summary.count("loaded"),
        "files_unchanged": summary.count("unchanged"),
        "files_refused": summary.count("refused"),
        "files_ambiguous": summary.count("ambiguous"),
        "rows_read": summary.total("rows_read"),
        "rows_loaded": summary.total("rows_loaded"),
        "rows_rejected": summary.total("rows_rejected"),
    }


def _raw_asset(source: str) -> dg.AssetsDefinition:
    contract = load_contracts()[source]

    @dg.asset(
        key=["raw", source],
        group_name=INGEST_GROUP,
        description=f"{contract.title} ({contract.kind}): {contract.description}",
        kinds={"duckdb", "python"},
        check_specs=[dg.AssetCheckSpec("load_accounting", asset=["raw", source])],
    )
    def raw_source(context: dg.AssetExecutionContext, warehouse: Warehouse):
        with warehouse.connect() as con:
            summary = load_source(con, warehouse.inbox_path, source, context.run.run_id, progress)
            problems = _accounting_problems(con, source, context.run.run_id)
        yield dg.MaterializeResult(metadata=_metadata(summary))
        yield dg.AssetCheckResult(
            check_name="load_accounting",
            passed=not problems,
            metadata={"problems": "\n".join(problems) or "none"},
            description="loaded + rejected = read for every file loaded by this run, "
            "and the raw table and rejects hold exactly those rows",
        )

    return raw_source


def _accounting_problems(con, source: str, run_id: str) -> list[str]:
    """Files of this run whose manifest figures disagree with each other or with the tables."""
    rows = con.execute(
        f"""
        SELECT m.file_name, m.rows_read, m.rows_loaded, m.rows_rejected,
               (SELECT count(*) FROM raw.{source} r WHERE r._load_seq = m.load_seq) AS in_raw,
               (SELECT count(DISTINCT j.row_number) FROM audit.rejects j
                 WHERE j.load_seq = m.load_seq) AS in_rejects
        FROM audit.load_manifest m
        WHERE m.run_id = ? AND m.source = ? AND m.status = 'loaded'
        """,
        [run_id, source],
    ).fetchall()
    problems = []
    for name, read, loaded, rejected, in_raw, in_rejects in rows:
        if loaded + rejected != read:
            problems.append(f"{name}: loaded {loaded} + rejected {rejected} != read {read}")
        if in_raw != loaded or in_rejects != rejected:
            problems.append(f"{name}: tables hold {in_raw} rows / {in_rejects} rejects, "
                            f"manifest says {loaded} / {rejected}")
    return problems


def raw_assets() -> list[dg.AssetsDefinition]:
    return [_raw_asset(source) for source in load_contracts()]


def raw_keys() -> list[dg.AssetKey]:
    return [dg.AssetKey(["raw", source]) for source in load_contracts()]


@dg.asset(
    key=["audit", "load_manifest"],
    group_name=INGEST_GROUP,
    deps=raw_keys(),
    description="The log of every file a run looked at; files whose name fits no source are "
    "recorded here as refused (and left in the inbox).",
    kinds={"duckdb"},
)
def load_manifest(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with warehouse.connect() as con:
        summary = scan_misnamed(con, warehouse.inbox_path, context.run.run_id)
        by_status = dict(con.execute(
            "SELECT status, count(*) FROM audit.load_manifest WHERE run_id = ? GROUP BY status",
            [context.run.run_id],
        ).fetchall())
    for outcome in summary.outcomes:
        progress(f"refused {outcome.file_name}: {outcome.message}")
    return dg.MaterializeResult(metadata={f"files_{k}": v for k, v in by_status.items()})


@dg.asset(
    key=["audit", "orphans"],
    group_name=INGEST_GROUP,
    deps=raw_keys(),
    description="References to people, enterprises, units, tasks or inspections not seen yet.",
    kinds={"duckdb"},
)
def orphans(warehouse: Warehouse):
    with warehouse.connect() as con:
        count = refresh_orphans(con)
    return dg.MaterializeResult(metadata={"orphans": count})


# Tables the raw assets write besides raw.<source>, declared so that the dbt sources reading them
# hang off the ingest in the graph: each file's rejected rows whole (same transaction as its rows)
# and what the contracts declare about their sources.
written_by_ingest = [
    dg.AssetSpec(
        key=["quarantine", "rejected_rows"],
        group_name=INGEST_GROUP,
        deps=raw_keys(),
        description="Every rejected row whole (restricted copy only), written by the raw assets.",
        kinds={"duckdb"},
    ),
    dg.AssetSpec(
        key=["audit", "source_contracts"],
        group_name=INGEST_GROUP,
        deps=raw_keys(),
        description="Each contract's kind and delivery cadence, rewritten by every ingest.",
        kinds={"duckdb"},
    ),
]
