"""`regwh bench`: how long the warehouse takes to build, rebuild and serve, at given scales.

For each scale factor N, on one machine, in one run:

- floor: bare DuckDB reading the same inbox into tables (no validation, no models): CSV through
  `read_csv`, XLSX through the ingest's own reader (DuckDB's excel extension is not available);
- full build: `regwh run` from an empty warehouse, with a per-stage breakdown taken from the
  Dagster run's step events (no timers in the pipeline code);
- no-change rerun on the same inbox;
- incremental month: the next month's roster snapshot and a month of events with new keys
  (`add_month`), then a rerun;
- dashboard queries: every statement each page runs with its default filters, built by the
  pages' own functions (dashboards/queries/), on a read-only connection to the serving copy,
  p50 / p95 of the page total over repeated runs;
- peak memory of each run (resident set of the largest process, and of the whole tree);
- ratios: full build ÷ floor, incremental ÷ full build.

Each run is a child process (`python -m dagster_project.bench child …`, which does what
`regwh run` does and writes the step durations to a JSON file) so that its memory can be sampled.
Results go to `<out>/performance.json` and a Markdown table in `<out>/performance.md` (between
the `bench:start` / `bench:end` markers, the file is created when missing).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from dagster_project import paths

DEFAULT_SCALES = (1.0, 10.0)
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"
MONTHLY_EVENTS = ("training", "inspections", "inspection_staff", "penalties")
STAGES = ("ingest", "dbt_models", "tests_and_checks", "publish", "overhead")
TARGETS = {  # (figure, scale, limit): issue 15's, and the N = 1 ones from before
    "full_build_s@1": 30, "no_change_rerun_s@1": 5, "dashboard_p95_ms@1": 100,
    "full_over_floor@10": 2.0, "full_over_floor@100": 2.0, "full_build_s@100": 240,
    "peak_rss_gb@100": 4, "incremental_over_full@100": 0.15, "dashboard_p95_ms@100": 200,
}


# --- the floor -----------------------------------------------------------------------------------

def floor_seconds(inbox: Path, database: Path) -> float:
    """Bare DuckDB reading every inbox file of a known source into one table per source."""
    from dagster_project.contracts import load_contracts
    from dagster_project.ingest.read import FileRefused, InboxFile, decode, match_name, read_table

    database.unlink(missing_ok=True)
    sources = set(load_contracts())
    started = time.perf_counter()
    files = [f for p in sorted(inbox.iterdir()) if isinstance(f := match_name(p, sources), InboxFile)]
    with duckdb.connect(str(database)) as con, tempfile.TemporaryDirectory() as tmp:
        con.execute("SET enable_progress_bar = false")
        for source in sorted(sources):
            mine = [f for f in files if f.source == source]
            csvs, frames = [], []
            for f in mine:
                if f.extension == "csv":
                    data = f.path.read_bytes()
                    try:
                        data.decode("utf-8")
                        csvs.append(str(f.path))
                    except UnicodeDecodeError:  # GB18030: DuckDB reads UTF-8 only, transcode
                        utf8 = Path(tmp) / f.name
                        try:
                            utf8.write_text(decode(data), encoding="utf-8")
                        except FileRefused:
                            continue
                        csvs.append(str(utf8))
                else:
                    try:
                        frames.append(read_table(f))
                    except FileRefused:
                        continue
            selects = []
            if csvs:
                selects.append(f"SELECT * FROM read_csv({csvs!r}, header = true, all_varchar = true, "
                               "union_by_name = true)")
            for i, frame in enumerate(frames):
                con.register(f"_xlsx_{i}", frame)
                selects.append(f"SELECT * FROM _xlsx_{i}")
            if selects:
                con.execute(f'CREATE TABLE "{source}" AS ' + " UNION ALL BY NAME ".join(selects))
        con.execute("CHECKPOINT")
    return time.perf_counter() - started


# --- one run of the pipeline, as a child process ---------------------------------------------------

def _stage(step_key: str) -> str:
    if step_key.startswith(("raw__", "audit__load_manifest", "audit__orphans", "no_change_rerun")):
        return "ingest"
    if step_key == "dbt_models":
        return "dbt"
    if step_key.startswith("audit_check_results"):
        return "checks"
    return "publish"  # serving copy, dbt docs


def _dbt_targets(run_id: str) -> list[Path]:
    """The target folders dagster-dbt made for the dbt invocations of a run."""
    return sorted(paths.DBT_DIR.glob(f"target/*-{run_id[:7]}-*"))


def _dbt_test_share(run_id: str) -> float | None:
    """Share of dbt's node execution time spent in data and unit tests (from run_results.json)."""
    candidates = sorted(target / "run_results.json" for target in _dbt_targets(run_id)
                        if (target / "run_results.json").exists())
    if not candidates:
        return None
    results = json.loads(candidates[-1].read_text(encoding="utf-8"))["results"]
    total = sum(r.get("execution_time") or 0 for r in results)
    tests = sum(r.get("execution_time") or 0 for r in results if r["unique_id"].startswith(("test.", "unit_test.")))
    return tests / total if total else None


def child(inbox: Path, warehouse: Path, out: Path) -> int:
    """What `regwh run` does, then the step durations of the Dagster run into `out` (JSON)."""
    os.environ["REGWH_INBOX"] = str(inbox.resolve())
    os.environ["REGWH_WAREHOUSE"] = str(warehouse.resolve())
    os.environ["REGWH_PROGRESS"] = ""
    os.environ["REGWH_KEEP_DBT_TARGET"] = "1"  # for _dbt_test_share; removed below
    from dagster_project.runner import run_pipeline, summary_lines

    result = run_pipeline(inbox.resolve(), warehouse.resolve())
    out.write_text(json.dumps({
        "success": result.success, "steps": result.steps, "skipped": result.skipped,
        "dbt_test_share": _dbt_test_share(result.run_id) if "dbt_models" in result.steps else None,
        "summary": summary_lines(warehouse.resolve(), result.run_id),
    }), encoding="utf-8")
    for target in _dbt_targets(result.run_id):
        shutil.rmtree(target, ignore_errors=True)
    return 0 if result.success else 1


def timed_run(inbox: Path, warehouse: Path) -> dict:
    """Run the pipeline as a child process: wall time, stages, peak resident memory."""
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "steps.json"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dagster_project.bench", "child", str(inbox),
                                 str(warehouse), str(out)], cwd=paths.REPO_ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        peak = {"largest": 0, "tree": 0}
        log: list[bytes] = []
        reader = threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True)
        reader.start()
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [parent, *parent.children(recursive=True)]
                sizes = []
                for p in tree:
                    try:
                        sizes.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                if sizes:
                    peak["largest"] = max(peak["largest"], max(sizes))
                    peak["tree"] = max(peak["tree"], sum(sizes))
            except psutil.Error:
                pass
            time.sleep(0.1)
        wall = time.perf_counter() - started
        reader.join(timeout=5)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"pipeline run failed ({proc.returncode}):\n"
                               + b"".join(log).decode(errors="replace")[-4000:])
        steps = json.loads(out.read_text(encoding="utf-8"))
    stage_sum = {"ingest": 0.0, "dbt": 0.0, "checks": 0.0, "publish": 0.0}
    for key, seconds in steps["steps"].items():
        stage_sum[_stage(key)] += seconds
    share = steps["dbt_test_share"] or 0.0
    stages = {
        "ingest": stage_sum["ingest"],
        "dbt_models": stage_sum["dbt"] * (1 - share),
        "tests_and_checks": stage_sum["dbt"] * share + stage_sum["checks"],
        "publish": stage_sum["publish"],
    }
    stages["overhead"] = max(0.0, wall - sum(stages.values()))
    return {
        "wall_s": round(wall, 2),
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
        "steps_s": {k: round(v, 2) for k, v in sorted(steps["steps"].items())},
        "skipped_steps": len(steps["skipped"]),
        "peak_rss_largest_gb": round(peak["largest"] / 1e9, 3),
        "peak_rss_tree_gb": round(peak["tree"] / 1e9, 3),
        "summary": steps["summary"],
    }


# --- the incremental month ---------------------------------------------------------------------

def _month_end_after(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return (first_of_next + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _read_rows(file) -> tuple[list[str], list[list]]:
    from dagster_project.ingest.read import read_table

    table = read_table(file)
    return list(table.columns), table.astype(object).where(table.notna(), None).values.tolist()


def add_month(inbox: Path) -> list[Path]:
    """Add the next month: a roster snapshot copying the latest one, and for each monthly event
    source the latest month's records under new keys (references between them follow the new
    keys). Files are written as UTF-8 CSV dated the next month's end; returns their paths."""
    from dagster_project.contracts import load_contracts
    from dagster_project.ingest.read import InboxFile, match_name

    contracts = load_contracts()
    files = [f for p in inbox.iterdir() if isinstance(f := match_name(p, set(contracts)), InboxFile)]
    latest = {}
    for f in files:
        if f.source in ("roster", *MONTHLY_EVENTS) and (f.source not in latest
                                                         or f.extract_date > latest[f.source].extract_date):
            latest[f.source] = f
    new_date = _month_end_after(max(f.extract_date for f in latest.values()))
    stamp = new_date.strftime("%Y%m%d")
    written = []
    for source, file in sorted(latest.items()):
        header, rows = _read_rows(file)
        contract = contracts[source]
        renamed = set()
        if source != "roster":
            for column in contract.columns:
                target = column.references.split(".")[0] if column.references else None
                own_key = column.name in contract.key and not column.references
                if own_key or target in MONTHLY_EVENTS:
                    renamed.add(column.header)
        positions = [i for i, h in enumerate(header) if h in renamed]
        # Events move to the new month (a copy on the same dates would be a duplicate
        # inspection of the same enterprise, which the R7 rules then report).
        shift = new_date - file.extract_date
        dated = [i for i, h in enumerate(header) if source != "roster" and h in contract.by_header
                 and contract.by_header[h].type == "date"]
        for row in rows:
            for i in positions:
                if row[i] not in (None, ""):
                    # Stripped first, as the ingest strips it: a padded key ("JC1  ") must keep
                    # matching its references ("JC1") under the new suffix.
                    row[i] = f"{str(row[i]).strip()}-{stamp}"
            for i in dated:
                try:
                    row[i] = (dt.date.fromisoformat(str(row[i])) + shift).isoformat()
                except ValueError:
                    pass  # blank or another accepted form: left as it is
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        path = inbox / f"{source}_{stamp}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        written.append(path)
    return written


# --- dashboard queries -------------------------------------------------------------------------

def dashboard_queries(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, list]]]:
    """Each dashboard page's queries, built by the functions the pages run them from
    (dashboards/queries/), with the filter values a page picks by default: the latest as-of date,
    the as-of year (or the latest), no unit or body chosen, no status filter, a user who sees
    every unit; and a sample officer's history and a sample enterprise's file."""
    from dashboards import queries
    from dashboards.queries import (bulletin, data_quality, enterprise, inspections, leadership,
                                    penalties, personnel)

    def rows(query: queries.Query) -> list[tuple]:
        return con.execute(query.sql, query.params).fetchall()

    def years(*year_queries: queries.Query) -> list[int]:
        return sorted({int(y) for q in year_queries for (y,) in rows(q)}, reverse=True)

    def sample(values: list, position: int):
        return values[min(position, len(values) - 1)] if values else None

    as_of = rows(queries.as_of_dates())[0][0]
    scope = [unit for (unit,) in rows(queries.unit_codes())] + ["ALL"]

    kpi = con.execute(*leadership.kpi(as_of)).df()
    units = kpi[kpi["unit_code"] != "ALL"]
    divisions = set(units.loc[units["unit_level"] == "division", "unit_code"])

    personnel_year = queries.default_year(years(queries.years(personnel.REFRESHER)), as_of.year)
    person = sample([p for (p,) in rows(personnel.person_ids(as_of, scope, None))], 11)

    inspection_year = queries.default_year(years(*inspections.year_options()), as_of.year)
    penalty_year = queries.default_year(years(penalties.year_options()), as_of.year)
    # an enterprise found by its USCC in the search box
    uscc = sample([row[0] for row in rows(enterprise.directory())], 7)

    has_path = rows(queries.Query(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = ?", [leadership.PATH_MONTHS]))[0][0]
    reach_by = (leadership.default_reach_by(con.execute(*leadership.target_months()).df())
                if has_path else None)

    has_bulletin = rows(queries.Query(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = ?", [bulletin.RANKING]))[0][0]
    quarters = [q for (q,) in rows(bulletin.quarters())] if has_bulletin else []

    pages = {
        "leadership": leadership.page(as_of, as_of.year, leadership.below_target(units, divisions),
                                      reach_by, quarters[0] if quarters else None),
        "personnel": personnel.page(as_of, personnel_year, scope, person=person),
        "inspections": inspections.page(inspection_year),
        "penalties": penalties.page(penalty_year),
        "enterprise": enterprise.page(uscc, text=uscc or ""),
        "data_quality": data_quality.page(scope),
    }
    return {page: [tuple(query) for query in statements] for page, statements in pages.items()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def time_dashboards(serving: Path, repeats: int) -> dict:
    """Each page's queries run `repeats` times on a read-only connection (a page = all its
    queries, results fetched as the pages do, into pandas); p50 / p95 per page in ms."""
    pages = {}
    with duckdb.connect(str(serving), read_only=True) as con:
        queries = dashboard_queries(con)
        for page, statements in queries.items():
            for sql, params in statements:  # warm-up: the first query pays for opening tables
                con.execute(sql, params).df()
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                for sql, params in statements:
                    con.execute(sql, params).df()
                times.append((time.perf_counter() - started) * 1000)
            pages[page] = {"queries": len(statements), "p50_ms": round(statistics.median(times), 1),
                           "p95_ms": round(_percentile(times, 0.95), 1)}
    return pages


# --- the whole benchmark ------------------------------------------------------------------------

def machine() -> dict:
    import psutil

    return {"host": platform.node(), "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}


def bench_scale(scale: float, work: Path, repeats: int, seed: int, say: Callable[[str], None]) -> dict:
    from dagster_project.generate import generate
    from dagster_project.prepare import prepare_dbt

    inbox, warehouse = work / "inbox", work / "wh.duckdb"
    say(f"N={scale:g}: generating the inbox")
    generated = generate(scale, inbox, seed=seed)
    figures: dict = {"scale": scale, "files": generated["file_count"],
                     "inbox_mb": round(generated["bytes"] / 1e6, 1),
                     "rows": sum(generated["rows"].values())}
    say(f"N={scale:g}: floor (bare DuckDB)")
    figures["floor_s"] = round(floor_seconds(inbox, work / "floor.duckdb"), 2)
    (work / "floor.duckdb").unlink(missing_ok=True)
    # `regwh prepare --warehouse` of a deployment, a build step and not part of a build
    prepare_dbt(force=True, warehouse=warehouse)
    figures["load_avg_before_full"] = round(os.getloadavg()[0], 2)
    say(f"N={scale:g}: full build")
    figures["full_build"] = timed_run(inbox, warehouse)
    say(f"N={scale:g}: no-change rerun")
    figures["no_change_rerun"] = timed_run(inbox, warehouse)
    say(f"N={scale:g}: dashboard queries")
    figures["dashboards"] = time_dashboards(paths.serving_path(warehouse), repeats)
    added = add_month(inbox)
    figures["incremental_files"] = len(added)
    say(f"N={scale:g}: incremental month ({len(added)} files)")
    try:
        figures["incremental"] = timed_run(inbox, warehouse)
    except RuntimeError as err:  # keep the other figures; the table shows the gap
        say(f"N={scale:g}: incremental run failed: {str(err)[-2000:]}")
        figures["incremental"] = {"wall_s": None, "failed": str(err)[-4000:], "stages_s": {},
                                  "peak_rss_largest_gb": 0}
    full = figures["full_build"]["wall_s"]
    figures["full_over_floor"] = round(full / figures["floor_s"], 2) if figures["floor_s"] else None
    incremental = figures["incremental"]["wall_s"]
    figures["incremental_over_full"] = round(incremental / full, 3) if incremental else None
    figures["dashboard_p95_ms"] = max(p["p95_ms"] for p in figures["dashboards"].values())
    # Sampled every 0.1 s; ru_maxrss (KiB on Linux) of the largest child process waited for so
    # far catches a peak between samples.
    sampled = max(figures[k]["peak_rss_largest_gb"] for k in ("full_build", "no_change_rerun", "incremental"))
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e9
    figures["peak_rss_gb"] = round(max(sampled, maxrss), 3)
    figures["load_avg_after"] = round(os.getloadavg()[0], 2)
    return figures


def run_bench(scales: list[float], out: Path, work: Path | None = None, repeats: int = 30,
              seed: int = 0, keep: bool = False, say: Callable[[str], None] = print) -> dict:
    from dagster_project.prepare import prepare_docs, prepare_dbt

    # The build step `make run` does before running (`regwh prepare`): not part of a build.
    prepare_dbt()
    prepare_docs()
    results = {"started_at": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "scales": []}
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)  # a --work folder that does not exist yet
    for scale in scales:
        base = Path(tempfile.mkdtemp(prefix=f"regwh-bench-{scale:g}-", dir=work))
        try:
            results["scales"].append(bench_scale(scale, base, repeats, seed, say))
        finally:
            if not keep:
                shutil.rmtree(base, ignore_errors=True)
        _write(results, out)  # after each scale, so a long run leaves what it measured
    return results


def _write(results: dict, out: Path) -> None:
    results["targets"] = target_status(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "performance.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    write_markdown(out / "performance.md", markdown(results))


def target_status(results: dict) -> list[dict]:
    by_scale = {s["scale"]: s for s in results["scales"]}
    figures = {
        "full_build_s": lambda s: s["full_build"]["wall_s"],
        "no_change_rerun_s": lambda s: s["no_change_rerun"]["wall_s"],
        "full_over_floor": lambda s: s["full_over_floor"],
        "peak_rss_gb": lambda s: s["peak_rss_gb"],
        "incremental_over_full": lambda s: s["incremental_over_full"],
        "dashboard_p95_ms": lambda s: s["dashboard_p95_ms"],
    }
    status = []
    for name, limit in TARGETS.items():
        figure, scale = name.split("@")
        if float(scale) in by_scale:
            value = figures[figure](by_scale[float(scale)])
            status.append({"target": name, "limit": limit, "value": value,
                           "met": value is not None and value <= limit})
    return status


def markdown(results: dict) -> str:
    m = results["machine"]
    scales = results["scales"]
    head = "| figure | " + " | ".join(f"N = {s['scale']:g}" for s in scales) + " |"
    lines = [
        f"Machine: {m['cpus']} cores, {m['memory_gb']} GB memory, Python {m['python']}, "
        f"DuckDB {m['duckdb']}; load average at start {m['load_avg_at_start']} "
        f"(other jobs were running). Run started {results['started_at']}.",
        "",
        head,
        "|" + " --- |" * (len(scales) + 1),
    ]

    def row(label, fn):
        cells = []
        for s in scales:
            try:
                value = fn(s)
            except (KeyError, TypeError):
                value = None
            cells.append("–" if value is None else str(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("inbox files / MB / rows", lambda s: f"{s['files']} / {s['inbox_mb']} / {s['rows']}")
    row("floor: bare DuckDB read (s)", lambda s: s["floor_s"])
    row("full build (s)", lambda s: s["full_build"]["wall_s"])
    for stage in STAGES:
        row(f"  · {stage.replace('_', ' ')} (s)", lambda s, stage=stage: s["full_build"]["stages_s"][stage])
    row("no-change rerun (s)", lambda s: s["no_change_rerun"]["wall_s"])
    row("incremental month (s)", lambda s: s["incremental"]["wall_s"])
    for stage in STAGES:
        row(f"  · {stage.replace('_', ' ')} (s)", lambda s, stage=stage: s["incremental"]["stages_s"][stage])
    row("full build ÷ floor", lambda s: s["full_over_floor"])
    row("incremental ÷ full build", lambda s: s["incremental_over_full"])
    row("peak memory, largest process (GB)", lambda s: s["peak_rss_gb"])
    row("peak memory, process tree (GB)", lambda s: s["full_build"]["peak_rss_tree_gb"])
    pages = list(scales[0]["dashboards"]) if scales else []
    for page in pages:
        row(f"dashboard {page}: p50 / p95 (ms)",
            lambda s, page=page: f"{s['dashboards'][page]['p50_ms']} / {s['dashboards'][page]['p95_ms']}")
    row("load average before full build / at end", lambda s: f"{s['load_avg_before_full']} / {s['load_avg_after']}")
    if results.get("targets"):
        lines += ["", "| target | limit | value | met |", "| --- | --- | --- | --- |"]
        for t in results["targets"]:
            lines.append(f"| {t['target']} | {t['limit']} | {t['value']} | {'yes' if t['met'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, table: str) -> None:
    """Put the table between the markers of `path` (created with just the table when missing)."""
    block = f"{MARK_START}\n{table}{MARK_END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1].lstrip("\n")
        text = before + block + after
    else:
        text = text + ("\n" if text else "") + block
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "child":
        sys.exit(child(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))
    sys.exit("usage: python -m dagster_project.bench child INBOX WAREHOUSE OUT_JSON (or: regwh bench)")
