"""Crash test: kill -9 `regwh run` at random points and check the warehouse stays consistent.

    .venv/bin/python scripts/crash_test.py --points 20        # the full test (about 30-60 min)
    .venv/bin/python scripts/crash_test.py --points 3         # one kill in ingest, dbt, publish

What it does (docs/trust.md explains what "consistent" means):

1. `regwh generate --scale 0.05` writes a small inbox; the files up to --cutoff form inbox A.
2. Baseline: an uninterrupted run on inbox A (a complete previous build and serving copy).
   Reference: an uninterrupted run on the whole inbox starting from the baseline.
3. The points are played in rounds. Each round starts from a copy of the baseline and runs
   `regwh run` on the whole inbox again and again, killing the whole process group with SIGKILL
   at one point per run, in phase order: ingest (after k files, or at a REGWH_FAILPOINT of
   ingest/load.py), dbt build (a random delay after dbt starts), checks (after dbt finished) and
   publishing (a random delay after the serving copy's .tmp file appears). After every kill the
   warehouse and the serving copy are checked; at the end of the round one more run goes to
   completion and its raw, audit and marts content is compared with the reference.

The project is copied into the work directory first (dagster_project, dbt, data_contracts) so
that edits made to the repository while the test runs do not change what is being tested.
Exit status 0 when every check held. A JSON report is written to <workdir>/report.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REGWH = [PYTHON, "-c", "import sys; from dagster_project.cli import main; sys.exit(main())"]
INGEST_FAILPOINTS = ("after_delete", "after_rows", "before_commit")
# Columns that legitimately differ between two runs of the same inputs.
VOLATILE = {"loaded_at", "last_loaded_at", "run_id", "load_seq", "_load_seq", "checked_at", "built_at", "run_at",
            "started_at", "finished_at", "created_at", "published_at",
            "closed_at",  # dq_reject_status: the loaded_at of the file that closed a reject
            # KPI history and kpi_restatements: times of builds and the load_seqs they ended at
            "computed_at", "published_before_at", "restated_at", "last_load_seq",
            "load_seq_before", "load_seq_after"}
# Logs of runs (one row per run or check evaluation), not content.
LOG_TABLES = {"audit.check_results", "audit.mart_row_counts", "audit.load_manifest"}


# --- running and killing -------------------------------------------------------------------------

@dataclass
class Point:
    phase: str  # ingest | dbt | checks | publish
    how: str  # failpoint:<name> | files:<k>+<ms>ms | delay:<s>
    outcome: str = ""  # killed | completed | failed
    seconds: float = 0.0
    checks: dict = field(default_factory=dict)


class Run:
    """`regwh run` as a child process in its own session, with its output time-stamped."""

    def __init__(self, repo: Path, inbox: Path, warehouse: Path, failpoint: str | None = None):
        env = {**os.environ, "PYTHONPATH": str(repo), "REGWH_PROGRESS": "1",
               "DAGSTER_HOME": str(warehouse.parent / "dagster_home")}
        env.pop("REGWH_FAILPOINT", None)
        env.pop("REGWH_SERVING", None)
        if failpoint:
            env["REGWH_FAILPOINT"] = failpoint
        Path(env["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.wall_started = time.time()
        self.lines: list[tuple[float, str]] = []
        self.proc = subprocess.Popen(
            [*REGWH, "run", "--inbox", str(inbox),
             "--warehouse", str(warehouse)],
            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True, text=True, errors="replace",
        )
        self.ingested = 0
        self.dbt_started: float | None = None
        self.dbt_done: float | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            now = time.monotonic() - self.started
            self.lines.append((now, line.rstrip("\n")))
            if line.startswith("  · ") and ": " in line and "refused" not in line:
                self.ingested += 1
            elif line.startswith("Running with dbt"):
                self.dbt_started = self.dbt_started or now
            elif line.startswith("Done. PASS=") or line.startswith("Finished running"):
                self.dbt_done = now

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def kill(self) -> None:
        """SIGKILL the whole process group (regwh, dbt, the docs subprocess): a power cut."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self._reader.join(timeout=10)

    def wait(self) -> int:
        code = self.proc.wait()
        self._reader.join(timeout=10)
        return code

    def tail(self, n: int = 30) -> str:
        return "\n".join(line for _, line in self.lines[-n:])


def run_to_completion(repo: Path, inbox: Path, warehouse: Path) -> tuple[Run, float]:
    run = Run(repo, inbox, warehouse)
    code = run.wait()
    if code != 0:
        raise SystemExit(f"run did not complete (exit {code}):\n{run.tail()}")
    return run, run.elapsed()


def run_and_kill(repo: Path, inbox: Path, warehouse: Path, point: Point, rng: random.Random,
                 timing: dict) -> Point:
    serving = serving_path(warehouse)
    tmp = serving.with_name(serving.name + ".tmp")
    failpoint = point.how.split(":", 1)[1] if point.how.startswith("failpoint:") else None
    run = Run(repo, inbox, warehouse, failpoint)
    deadline_files = None
    if point.how.startswith("files:"):
        k, ms = point.how[len("files:"):].rstrip("ms").split("+")
        deadline_files, extra = int(k), int(ms) / 1000
    delay = float(point.how.split(":", 1)[1]) if point.how.startswith("delay:") else None
    fired_at = None
    while run.proc.poll() is None:
        now = run.elapsed()
        if point.phase == "ingest" and deadline_files is not None:
            if run.ingested >= deadline_files and fired_at is None:
                fired_at = now + extra
            if run.dbt_started is not None:  # ingest over before k files: kill now
                fired_at = min(fired_at or now, now)
        elif point.phase == "dbt" and run.dbt_started is not None and fired_at is None:
            fired_at = run.dbt_started + delay
        elif point.phase == "checks" and run.dbt_done is not None and fired_at is None:
            fired_at = run.dbt_done + delay
        elif point.phase == "publish" and fired_at is None and _written_since(tmp, run.wall_started):
            fired_at = now + delay  # a .tmp left by an earlier kill does not count
        if fired_at is not None and now >= fired_at:
            run.kill()
            point.outcome = "killed"
            break
        time.sleep(0.003)
    else:
        code = run.wait()
        point.outcome = "completed" if code == 0 else (
            "killed" if code in (137, -9) and failpoint else f"failed (exit {code})")
        if point.outcome.startswith("failed"):
            point.checks["output"] = run.tail()
    point.seconds = round(run.elapsed(), 1)
    point.checks["log_phase"] = ("ingest" if run.dbt_started is None else
                                 "dbt" if run.dbt_done is None else "after dbt")
    point.checks["files_loaded_before_kill"] = run.ingested
    return point


def _written_since(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except FileNotFoundError:
        return False


# --- reading the warehouse -----------------------------------------------------------------------

def serving_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.stem}.serving.duckdb")


def open_read_only(db: Path, scratch: Path) -> duckdb.DuckDBPyConnection:
    """The database as the next process would see it: a copy of the file and its WAL, opened
    read-write (so the WAL is replayed) without touching the original."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    copy = scratch / db.name
    shutil.copy(db, copy)
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    return duckdb.connect(str(copy))


def tables(con, schemas: tuple[str, ...]) -> list[str]:
    marks = ", ".join(f"'{s}'" for s in schemas)
    return [f"{s}.{t}" for s, t in con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        f"WHERE table_schema IN ({marks}) AND table_type = 'BASE TABLE' ORDER BY 1, 2").fetchall()]


def table_rows(con, table: str, drop: set[str] = VOLATILE) -> list[tuple]:
    schema, name = table.split(".", 1)
    columns = [c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND "
        "table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall() if c not in drop]
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(f'SELECT {quoted} FROM {schema}."{name}"').fetchall()
    return sorted((tuple(_stable(v) for v in row) for row in rows), key=repr)


def _stable(value):
    """Doubles to 12 significant digits: DuckDB's parallel aggregates (avg, stddev) may differ in
    the last bits between two runs over the same rows (seen in marts.penalty_consistency)."""
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return float(f"{value:.12g}")
    return value


def fingerprint(con, schemas=("marts",)) -> str:
    digest = hashlib.sha256()
    for table in tables(con, schemas):
        if table in LOG_TABLES:
            continue
        digest.update(table.encode())
        digest.update(repr(table_rows(con, table)).encode())
    return digest.hexdigest()


def content(con) -> dict[str, list[tuple]]:
    """raw, audit, marts and the KPI history minus what legitimately differs between runs (the
    history once without its times: a crash must leave no duplicate publication and no gap)."""
    out = {t: table_rows(con, t) for t in tables(con, ("raw", "marts", "audit", "history"))
           if t not in LOG_TABLES}
    # The manifest is a log (every rerun adds `unchanged` and misnamed-file rows): compare what
    # was loaded, once per file, and what was refused or ambiguous, as sets.
    out["audit.load_manifest (loaded)"] = sorted(con.execute(
        "SELECT file_name, source, extract_date, content_hash, rows_read, rows_loaded, rows_rejected, "
        "message FROM audit.load_manifest WHERE status = 'loaded'").fetchall(), key=repr)
    out["audit.load_manifest (refused/ambiguous)"] = sorted(con.execute(
        "SELECT DISTINCT file_name, status, message FROM audit.load_manifest "
        "WHERE status IN ('refused', 'ambiguous')").fetchall(), key=repr)
    return out


def consistency_problems(con) -> tuple[list[str], dict]:
    """Manifest and raw tables agree: see docs/trust.md."""
    problems, facts = [], {}
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'audit' "
                       "AND table_name = 'load_manifest'").fetchone()[0]:
        return [], {"manifest": "absent (killed before the first file)"}
    raw_tables = [t.split(".")[1] for t in tables(con, ("raw",))]
    manifest = con.execute(
        "SELECT load_seq, file_name, source, extract_date, rows_read, rows_loaded, rows_rejected "
        "FROM audit.load_manifest WHERE status = 'loaded'").fetchall()
    facts["files_loaded"] = len(manifest)
    seqs = [m[0] for m in manifest]
    if len(seqs) != len(set(seqs)):
        problems.append("a load_seq is used by two manifest rows")
    for seq, name, source, extract_date, read, loaded, rejected in manifest:
        in_raw = con.execute(f"SELECT count(*) FROM raw.{source} WHERE _load_seq = ?", [seq]).fetchone()[0]
        in_rejects = con.execute(
            "SELECT count(DISTINCT row_number) FROM audit.rejects WHERE load_seq = ?", [seq]).fetchone()[0]
        if read != loaded + rejected:
            problems.append(f"{name}: read {read} != loaded {loaded} + rejected {rejected}")
        if in_raw == loaded and in_rejects == rejected:
            continue
        # A snapshot re-delivered later replaces this one's rows and rejects: only the latest load
        # of a (source, extract date) must still hold them.
        later = con.execute(
            "SELECT count(*) FROM audit.load_manifest WHERE status = 'loaded' AND source = ? "
            "AND extract_date = ? AND load_seq > ?", [source, extract_date, seq]).fetchone()[0]
        if later:
            continue
        if in_raw != loaded:
            problems.append(f"{name} (load_seq {seq}): raw.{source} holds {in_raw} rows, manifest says {loaded}")
        if in_rejects != rejected:
            problems.append(f"{name}: rejects hold {in_rejects} rows, manifest says {rejected}")
    for source in raw_tables:
        stray = con.execute(
            f"SELECT count(*) FROM raw.{source} r WHERE NOT EXISTS (SELECT 1 FROM audit.load_manifest m "
            f"WHERE m.status = 'loaded' AND m.load_seq = r._load_seq AND m.file_name = r._file_name)"
        ).fetchone()[0]
        if stray:
            problems.append(f"raw.{source}: {stray} rows without a manifest row")
    stray = con.execute(
        "SELECT count(*) FROM audit.rejects j WHERE NOT EXISTS (SELECT 1 FROM audit.load_manifest m "
        "WHERE m.status = 'loaded' AND m.load_seq = j.load_seq)").fetchone()[0]
    if stray:
        problems.append(f"audit.rejects: {stray} rows without a manifest row")
    leftovers = [t for t in tables(con, ("marts", "intermediate", "staging", "main"))
                 if "__dbt_tmp" in t or "__dbt_backup" in t]
    facts["dbt_leftover_relations"] = leftovers
    facts["warehouse_has_kpi_mart"] = bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts' "
        "AND table_name = 'kpi_professional_ratio'").fetchone()[0])
    return problems, facts


def serving_state(serving: Path, expected_tables: set[str] | None) -> tuple[str | None, str]:
    """(fingerprint of marts, description) of the serving copy; raises if it is unreadable."""
    if not serving.exists():
        return None, "absent"
    with duckdb.connect(str(serving), read_only=True) as con:
        found = set(tables(con, ("marts", "audit")))
        if expected_tables is not None and found != expected_tables:
            raise AssertionError(f"serving copy holds other tables: missing {sorted(expected_tables - found)}, "
                                 f"extra {sorted(found - expected_tables)}")
        con.execute("SELECT count(*) FROM marts.kpi_professional_ratio").fetchone()
        return fingerprint(con), f"{len(found)} tables"


def compare(expected: dict, got: dict) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(got)):
        a, b = expected.get(table), got.get(table)
        if a is None or b is None:
            problems.append(f"{table}: only in {'reference' if b is None else 'crash-tested'} warehouse")
        elif a != b:
            missing, extra = len(set(a) - set(b)), len(set(b) - set(a))
            problems.append(f"{table}: {len(a)} rows in reference, {len(b)} after crashes "
                            f"({missing} missing, {extra} unexpected)")
    return problems


# --- the test ------------------------------------------------------------------------------------

def isolate_repo(work: Path) -> Path:
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    ignore = shutil.ignore_patterns("__pycache__", "target", "logs", "*.duckdb*", ".user.yml")
    for part in ("dagster_project", "dbt", "data_contracts"):
        shutil.copytree(REPO / part, repo / part, ignore=ignore)
    env = {**os.environ, "PYTHONPATH": str(repo)}
    subprocess.run([*REGWH, "prepare"], cwd=repo, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return repo


def plan(points: int, rng: random.Random, timing: dict, per_round: int, ingest_files: int) -> list[list[Point]]:
    """Points grouped into rounds; within a round in phase order (ingest, dbt, checks, publish)."""
    phases = ["ingest", "dbt", "publish", "checks"]  # three points: one each in ingest, dbt, publish
    chosen = [phases[i % 4] for i in range(points)]
    order = {p: i for i, p in enumerate(["ingest", "dbt", "checks", "publish"])}
    rounds = [chosen[i:i + per_round] for i in range(0, len(chosen), per_round)]
    out = []
    failpoints = list(INGEST_FAILPOINTS)
    rng.shuffle(failpoints)
    n_ingest = 0
    for phases_of_round in rounds:
        points_of_round = []
        for phase in sorted(phases_of_round, key=order.get):
            if phase == "ingest":
                if n_ingest % 2 == 1 and failpoints:
                    how = f"failpoint:{failpoints.pop()}"
                else:
                    how = f"files:{rng.randint(1, max(1, ingest_files // 3))}+{rng.randint(0, 150)}ms"
                n_ingest += 1
            elif phase == "dbt":
                how = f"delay:{rng.uniform(0.5, max(1.0, timing['dbt'] * 0.9)):.2f}"
            elif phase == "checks":
                how = f"delay:{rng.uniform(0.2, max(0.5, timing['checks'] * 0.9)):.2f}"
            else:
                how = f"delay:{rng.uniform(0.0, max(0.05, timing['publish'] * 0.9)):.3f}"
            points_of_round.append(Point(phase, how))
        out.append(points_of_round)
    return out


def split_inbox(inbox: Path, inbox_a: Path, cutoff: str) -> None:
    inbox_a.mkdir(parents=True, exist_ok=True)
    for path in inbox.iterdir():
        digits = "".join(ch for ch in path.stem.rsplit("_", 1)[-1] if ch.isdigit())
        if len(digits) == 8 and digits <= cutoff:
            shutil.copy(path, inbox_a / path.name)


def measure(run: Run, serving: Path) -> dict:
    dbt = (run.dbt_done or 0) - (run.dbt_started or 0)
    return {"ingest": run.dbt_started or 0, "dbt": dbt, "checks": max(1.0, run.elapsed() - (run.dbt_done or 0) - 2),
            "publish": 1.0, "total": run.elapsed()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=5, help="kills between two complete runs")
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cutoff", default="20221231", help="inbox A = files extracted up to this date")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="regwh-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    say = lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", flush=True)  # noqa: E731
    say(f"crash test: {args.points} points, seed {seed}, work dir {work}")
    started = time.monotonic()

    repo = isolate_repo(work)
    inbox, inbox_a = work / "inbox", work / "inbox_a"
    for d in (inbox, inbox_a):
        shutil.rmtree(d, ignore_errors=True)
    subprocess.run([*REGWH, "generate", "--scale", str(args.scale),
                    "--out", str(inbox), "--seed", "0"], cwd=repo, check=True,
                   env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True)
    split_inbox(inbox, inbox_a, args.cutoff)
    new_files = len(list(inbox.iterdir())) - len(list(inbox_a.iterdir()))

    base_dir, ref_dir = work / "baseline", work / "reference"
    for d in (base_dir, ref_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
    base_db, ref_db = base_dir / "wh.duckdb", ref_dir / "wh.duckdb"
    _, seconds = run_to_completion(repo, inbox_a, base_db)
    say(f"baseline run (inbox A, {len(list(inbox_a.iterdir()))} files): {seconds:.0f} s")
    shutil.copy(base_db, ref_db)
    shutil.copy(serving_path(base_db), serving_path(ref_db))
    ref_run, seconds = run_to_completion(repo, inbox, ref_db)
    timing = measure(ref_run, serving_path(ref_db))
    say(f"reference run (whole inbox from the baseline, {new_files} new files): {seconds:.0f} s "
        f"(ingest {timing['ingest']:.0f} s, dbt {timing['dbt']:.0f} s)")
    scratch = work / "scratch"
    with open_read_only(ref_db, scratch) as con:
        reference = content(con)
        ref_problems, _ = consistency_problems(con)
    if ref_problems:
        say(f"the uninterrupted reference run is itself inconsistent: {ref_problems}")
    with duckdb.connect(str(serving_path(ref_db)), read_only=True) as con:
        expected_tables = set(tables(con, ("marts", "audit")))
    ref_serving, _ = serving_state(serving_path(ref_db), expected_tables)
    base_serving, _ = serving_state(serving_path(base_db), None)

    rounds = plan(args.points, rng, timing, args.per_round, new_files)
    report = {"seed": seed, "points": [], "rounds": [], "timing": timing, "failures": []}
    round_dir = work / "round"
    for number, points in enumerate(rounds, start=1):
        shutil.rmtree(round_dir, ignore_errors=True)
        round_dir.mkdir()
        db = round_dir / "wh.duckdb"
        shutil.copy(base_db, db)
        shutil.copy(serving_path(base_db), serving_path(db))
        known_servings = {base_serving: "previous build (baseline)", ref_serving: "new build"}
        for point in points:
            before, _ = serving_state(serving_path(db), None)
            run_and_kill(repo, inbox, db, point, rng, timing)
            with open_read_only(db, scratch) as con:
                problems, facts = consistency_problems(con)
            point.checks.update(facts)
            try:
                state, description = serving_state(serving_path(db), expected_tables)
                if state is None:
                    verdict = "absent"
                elif state == before:
                    verdict = "previous complete build"
                elif state in known_servings:
                    verdict = known_servings[state]
                else:
                    verdict = "UNKNOWN CONTENT"
                    problems.append("serving copy is neither the previous build nor the new one")
            except Exception as err:  # noqa: BLE001 - any failure to read it is the finding
                verdict = f"UNREADABLE: {err}"
                problems.append(f"serving copy unreadable or incomplete: {err}")
            point.checks["serving_copy"] = verdict
            point.checks["tmp_left"] = serving_path(db).with_name(serving_path(db).name + ".tmp").exists()
            point.checks["problems"] = problems
            if problems or point.outcome.startswith("failed"):
                report["failures"].append({"round": number, **asdict(point)})
            report["points"].append({"round": number, **asdict(point)})
            say(f"round {number} {point.phase:7s} {point.how:28s} → {point.outcome} after {point.seconds:5.1f} s; "
                f"serving: {verdict}; warehouse kpi mart: {facts.get('warehouse_has_kpi_mart')}; "
                f"{'OK' if not problems else 'PROBLEMS: ' + '; '.join(problems)}")
        _, seconds = run_to_completion(repo, inbox, db)
        tmp = serving_path(db).with_name(serving_path(db).name + ".tmp")
        with open_read_only(db, scratch) as con:
            final = content(con)
            problems, _ = consistency_problems(con)
        problems += compare(reference, final)
        state, _ = serving_state(serving_path(db), expected_tables)
        if state != ref_serving:
            problems.append("serving copy after the rerun differs from the reference build")
        if tmp.exists():
            problems.append("a stale .tmp serving file is left after a complete run")
        lost = sum(len(set(reference[t]) - set(final.get(t, []))) for t in reference
                   if t.startswith("raw.") or t == "audit.rejects")
        report["rounds"].append({"round": number, "rerun_seconds": round(seconds, 1), "rows_lost": lost,
                                 "problems": problems})
        if problems:
            report["failures"].append({"round": number, "final": problems})
        say(f"round {number}: rerun to completion {seconds:.0f} s; rows lost {lost}; "
            f"{'content equals the uninterrupted run' if not problems else 'PROBLEMS: ' + '; '.join(problems)}")

    report["seconds"] = round(time.monotonic() - started, 1)
    killed = sum(p["outcome"] == "killed" for p in report["points"])
    report["summary"] = {"points": len(report["points"]), "killed": killed,
                         "rows_lost": sum(r["rows_lost"] for r in report["rounds"]),
                         "failures": len(report["failures"])}
    (work / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    say(f"done in {report['seconds']:.0f} s: {killed} kills of {len(report['points'])} points, "
        f"rows lost {report['summary']['rows_lost']}, failures {len(report['failures'])}; report {work / 'report.json'}")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
