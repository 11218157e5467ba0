"""Run dbt against a throw-away DuckDB warehouse, for pytest.

Generic on purpose (the staff-rule tests and the enforcement-rule tests both use it):

    db = make_warehouse(tmp_path)                  # fresh file with the raw + audit tables
    insert_rows(db, "roster", [{...}, ...])        # hand-made raw rows ("raw." is implied)
    run_dbt(db, ["build", "--select", "+kpi_professional_ratio"])   # raises DbtRunFailed
    with connect(db) as con: con.sql("select * from marts.kpi_professional_ratio")

The raw and audit tables come from the ingest's own DDL
(`dagster_project.ingest.schema.create_raw_tables`); if that cannot be imported, the column
lists below (shared/spec/sources.md typed as in docs/architecture.md) are used instead.
dbt runs in-process (`dbt.cli.main.dbtRunner`) with `--project-dir/--profiles-dir` pointing at
`dbt/` (or a copy of it), REGWH_WAREHOUSE at the test file, and target/log paths under the
test's tmp directory, so concurrent runs never share dbt artefacts.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_DIR = REPO_ROOT / "dbt"

META_COLUMNS: list[tuple[str, str]] = [
    ("_file_name", "VARCHAR"), ("_extract_date", "DATE"), ("_load_seq", "BIGINT"),
    ("_row_number", "BIGINT"),
]

RAW_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "units": [
        ("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"), ("level", "VARCHAR"),
        ("parent_code", "VARCHAR"),
    ],
    "enterprises": [
        ("uscc", "VARCHAR"), ("enterprise_name", "VARCHAR"), ("unit_code", "VARCHAR"),
        ("park_name", "VARCHAR"), ("enterprise_type", "VARCHAR"), ("risk_level", "VARCHAR"),
        ("major_hazard_level", "VARCHAR"), ("standardization_grade", "VARCHAR"),
        ("designated_body", "VARCHAR"), ("status", "VARCHAR"),
    ],
    "roster": [
        ("person_id", "VARCHAR"), ("full_name", "VARCHAR"), ("id_number", "VARCHAR"),
        ("gender", "VARCHAR"), ("birth_date", "DATE"), ("unit_code", "VARCHAR"),
        ("staff_category", "VARCHAR"), ("employment_type", "VARCHAR"), ("hire_date", "DATE"),
        ("separation_date", "DATE"), ("education_level", "VARCHAR"), ("major", "VARCHAR"),
        ("prior_experience_years", "DOUBLE"), ("professional_title", "VARCHAR"),
        ("registered_safety_engineer", "BOOLEAN"), ("cert_no", "VARCHAR"),
        ("cert_expiry", "DATE"),
    ],
    "majors": [
        ("major", "VARCHAR"), ("safety_related", "BOOLEAN"), ("major_group", "VARCHAR"),
    ],
    "discretion_standards": [
        ("violation_code", "VARCHAR"), ("violation_name", "VARCHAR"), ("legal_basis", "VARCHAR"),
        ("circumstance", "VARCHAR"), ("fine_min", "DOUBLE"), ("fine_max", "DOUBLE"),
    ],
    "calendar": [
        ("calendar_date", "DATE"), ("is_workday", "BOOLEAN"),
    ],
    "training": [
        ("record_id", "VARCHAR"), ("person_id", "VARCHAR"), ("training_type", "VARCHAR"),
        ("course_name", "VARCHAR"), ("provider", "VARCHAR"), ("start_date", "DATE"),
        ("end_date", "DATE"), ("hours", "DOUBLE"), ("result", "VARCHAR"),
    ],
    "random_tasks": [
        ("task_id", "VARCHAR"), ("unit_code", "VARCHAR"), ("subject", "VARCHAR"),
        ("draw_date", "DATE"), ("entity_pool_size", "BIGINT"), ("entities_drawn", "BIGINT"),
        ("inspector_pool_size", "BIGINT"),
    ],
    "inspections": [
        ("inspection_id", "VARCHAR"), ("inspection_mode", "VARCHAR"), ("task_id", "VARCHAR"),
        ("uscc", "VARCHAR"), ("body_code", "VARCHAR"), ("start_date", "DATE"),
        ("end_date", "DATE"), ("expert_involved", "BOOLEAN"), ("hazards_found", "BIGINT"),
        ("major_hazards_found", "BIGINT"), ("outcome", "VARCHAR"), ("publicity_date", "DATE"),
    ],
    "inspection_staff": [
        ("inspection_id", "VARCHAR"), ("person_id", "VARCHAR"), ("role", "VARCHAR"),
    ],
    "penalties": [
        ("case_no", "VARCHAR"), ("uscc", "VARCHAR"), ("body_code", "VARCHAR"),
        ("inspection_id", "VARCHAR"), ("filed_date", "DATE"), ("decision_date", "DATE"),
        ("violation_code", "VARCHAR"), ("circumstance", "VARCHAR"), ("fine_amount", "DOUBLE"),
        ("confiscation_amount", "DOUBLE"), ("other_measures", "VARCHAR"),
        ("is_major", "BOOLEAN"), ("legal_review_date", "DATE"), ("publicity_date", "DATE"),
        ("paid_date", "DATE"), ("referred_to_judiciary", "BOOLEAN"), ("status", "VARCHAR"),
    ],
}

AUDIT_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "load_manifest": [
        ("run_id", "VARCHAR"), ("load_seq", "BIGINT"), ("file_name", "VARCHAR"),
        ("source", "VARCHAR"), ("extract_date", "DATE"), ("content_hash", "VARCHAR"),
        ("status", "VARCHAR"), ("rows_read", "BIGINT"), ("rows_loaded", "BIGINT"),
        ("rows_rejected", "BIGINT"), ("message", "VARCHAR"), ("loaded_at", "TIMESTAMP"),
    ],
    "rejects": [
        ("load_seq", "BIGINT"), ("file_name", "VARCHAR"), ("source", "VARCHAR"),
        ("extract_date", "DATE"), ("row_number", "BIGINT"), ("column_name", "VARCHAR"),
        ("raw_value", "VARCHAR"), ("reason_code", "VARCHAR"), ("reason", "VARCHAR"),
    ],
    "orphans": [
        ("source", "VARCHAR"), ("record_key", "VARCHAR"), ("reference_column", "VARCHAR"),
        ("reference_value", "VARCHAR"), ("referenced_source", "VARCHAR"), ("file_name", "VARCHAR"),
    ],
}


class DbtRunFailed(RuntimeError):
    """dbt returned unsuccessfully; the message lists the failing nodes."""


def make_warehouse(tmp_path: Path, name: str = "regwh_test.duckdb") -> Path:
    """Create a fresh DuckDB file under tmp_path with the raw.* and audit.* tables."""
    db_path = Path(tmp_path).resolve() / name
    if db_path.exists():
        db_path.unlink()
    con = duckdb.connect(str(db_path))
    try:
        try:
            from dagster_project.ingest.schema import create_raw_tables
        except Exception as exc:  # the ingest is being written in parallel
            warnings.warn(f"ingest DDL unavailable ({exc!r}); using the harness column lists")
        else:
            create_raw_tables(con)
        # whatever the ingest did not create (or everything, without it)
        con.execute("create schema if not exists raw")
        con.execute("create schema if not exists audit")
        for table, columns in RAW_COLUMNS.items():
            cols = ", ".join(f"{c} {t}" for c, t in [*columns, *META_COLUMNS])
            con.execute(f"create table if not exists raw.{table} ({cols})")
        for table, columns in AUDIT_COLUMNS.items():
            cols = ", ".join(f"{c} {t}" for c, t in columns)
            con.execute(f"create table if not exists audit.{table} ({cols})")
    finally:
        con.close()
    return db_path


def _qualified(table: str) -> str:
    return table if "." in table else f"raw.{table}"


def insert_rows(db_path: Path, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert hand-made rows into `table` ("roster" means raw.roster; "audit.x" as given).

    Missing columns are NULL. For raw tables the load metadata may be left out:
    `_extract_date` defaults to 2020-01-01, `_file_name` to `<source>_<yyyymmdd>.csv`,
    `_load_seq` to one new number per (_extract_date, _file_name) group of this call, in date
    order, above every _load_seq already in the warehouse, and `_row_number` to the row's
    position within its group + 2 (the header is row 1). Dates may be `date` objects or ISO
    strings.
    """
    if not rows:
        return
    qualified = _qualified(table)
    schema, name = qualified.split(".", 1)
    con = duckdb.connect(str(db_path))
    try:
        rows = [dict(r) for r in rows]
        if schema == "raw":
            _fill_load_metadata(con, name, rows)
        columns = list(dict.fromkeys(k for r in rows for k in r))
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(
            f"insert into {qualified} ({', '.join(columns)}) values ({placeholders})",
            [[r.get(c) for c in columns] for r in rows],
        )
    finally:
        con.close()


def _fill_load_metadata(con: duckdb.DuckDBPyConnection, source: str, rows: list[dict]) -> None:
    for r in rows:
        extract = r.setdefault("_extract_date", dt.date(2020, 1, 1))
        if isinstance(extract, str):
            extract = r["_extract_date"] = dt.date.fromisoformat(extract)
        r.setdefault("_file_name", f"{source}_{extract:%Y%m%d}.csv")
    top = con.execute(
        " union all ".join(f"select max(_load_seq) from raw.{t}" for t in _raw_tables(con))
    ).fetchall()
    next_seq = max([v for (v,) in top if v is not None], default=0) + 1
    groups = sorted({(r["_extract_date"], r["_file_name"]) for r in rows if "_load_seq" not in r})
    seq_of = {g: next_seq + i for i, g in enumerate(groups)}
    position: dict[tuple, int] = {}
    for r in rows:
        group = (r["_extract_date"], r["_file_name"])
        if "_load_seq" not in r:
            r["_load_seq"] = seq_of[group]
        position[group] = position.get(group, 1) + 1
        r.setdefault("_row_number", position[group])


def _raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    ]


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_dbt(db_path: Path, args: list[str], project_dir: Path | None = None) -> None:
    """Run one dbt command (e.g. ["build"]) against db_path; raise DbtRunFailed on failure.

    project_dir defaults to the repository's dbt/ (its profiles.yml is used too); pass a copy
    of it to test an edited seed. target/ and logs/ go beside db_path.
    """
    from dbt.cli.main import dbtRunner

    db_path = Path(db_path).resolve()
    project_dir = Path(project_dir or DBT_DIR).resolve()
    work = db_path.parent / f"dbt_{db_path.stem}"
    full_args = [
        *args,
        "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir),
        "--target-path", str(work / "target"),
        "--log-path", str(work / "logs"),
    ]
    cwd = os.getcwd()
    try:
        with _environ(
            REGWH_WAREHOUSE=str(db_path),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            DBT_VERSION_CHECK="false",
        ):
            result = dbtRunner().invoke(full_args)
    finally:
        os.chdir(cwd)  # dbt changes into the project dir
        _release_duckdb()
    if not result.success:
        raise DbtRunFailed(_describe_failure(args, result))


def _release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a run.

    dbt-duckdb caches one environment per process (DuckDBConnectionManager._ENV) and may keep
    the file open; a later duckdb.connect(read_only=True) from the test would then fail with
    "different configuration". Private API, hence the defensive getattr.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    with DuckDBConnectionManager._LOCK:
        env = getattr(DuckDBConnectionManager, "_ENV", None)
        if env is not None:
            with contextlib.suppress(Exception):
                env.close()
            DuckDBConnectionManager._ENV = None


def _describe_failure(args: list[str], result: Any) -> str:
    lines = [f"dbt {' '.join(args)} failed"]
    if result.exception is not None:
        lines.append(f"exception: {result.exception!r}")
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status in {"error", "fail", "runtime error"}:
            node = getattr(node_result, "node", None)
            lines.append(f"- {getattr(node, 'unique_id', '?')}: {status}: {node_result.message}")
    return "\n".join(lines)


@contextlib.contextmanager
def connect(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the warehouse, closed on exit."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def query(db_path: Path, sql: str) -> list[tuple]:
    """Rows of one query against the warehouse (read-only)."""
    with connect(db_path) as con:
        return con.execute(sql).fetchall()
