"""Where things live. Read from the environment inside functions, never at import time."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = REPO_ROOT / "dbt"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "regwh.duckdb"
DEFAULT_INBOX = REPO_ROOT / "sample_data"
# DuckDB's memory limit for the pipeline's connections and dbt's (dbt/profiles.yml reads the
# same variable, with this default). DuckDB's own default, 80 % of RAM in each process, let both
# the run and the dbt process of a national build grow past 8 GB; past the limit it spills
# to `<warehouse>.tmp`.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"


def warehouse_path() -> Path:
    return Path(os.environ.get("REGWH_WAREHOUSE", DEFAULT_WAREHOUSE)).resolve()


def duckdb_memory_limit() -> str:
    return os.environ.get("REGWH_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT)


def dagster_home() -> Path:
    """The persistent Dagster instance: DAGSTER_HOME, else the repo's dagster_home/ (`regwh ui`)."""
    return Path(os.environ.get("DAGSTER_HOME") or REPO_ROOT / "dagster_home").resolve()


def run_retention_days() -> float:
    """Runs older than this are deleted from the instance at the end of each run."""
    return float(os.environ.get("REGWH_RUN_RETENTION_DAYS", "90"))


def lock_wait_seconds() -> float:
    """How long a step waits for a warehouse another process writes (REGWH_LOCK_WAIT)."""
    return float(os.environ.get("REGWH_LOCK_WAIT", "0"))


def inbox_path() -> Path:
    return Path(os.environ.get("REGWH_INBOX", DEFAULT_INBOX)).resolve()


def serving_path(warehouse: Path | None = None) -> Path:
    """The read-only copy readers use: `<dir>/<stem>.serving.duckdb` beside the warehouse."""
    if warehouse is None and os.environ.get("REGWH_SERVING"):
        return Path(os.environ["REGWH_SERVING"]).resolve()
    warehouse = warehouse or warehouse_path()
    return warehouse.with_name(f"{warehouse.stem}.serving.duckdb")


def restricted_path(warehouse: Path | None = None) -> Path:
    """The copy that holds personal data (schema `restricted`): `<dir>/<stem>.restricted.duckdb`
    beside the warehouse, mode 0600. Only the dashboards' personnel pages open it."""
    if warehouse is None and os.environ.get("REGWH_RESTRICTED"):
        return Path(os.environ["REGWH_RESTRICTED"]).resolve()
    warehouse = warehouse or warehouse_path()
    return warehouse.with_name(f"{warehouse.stem}.restricted.duckdb")


def dbt_docs_dir(warehouse: Path) -> Path:
    """The dbt docs page copied beside the warehouse at each build."""
    return warehouse.parent / "dbt_docs"


def published_files(warehouse: Path) -> tuple[Path, ...]:
    """What a complete build leaves beside the warehouse: a build missing any is built again."""
    return serving_path(warehouse), restricted_path(warehouse), dbt_docs_dir(warehouse) / "index.html"


def users_path() -> Path:
    """The dashboards' users file (docs/access.md); a relative REGWH_USERS is taken from the
    repository root, where `regwh dashboard` runs Streamlit."""
    return (REPO_ROOT / os.environ.get("REGWH_USERS", "config/users.yaml")).resolve()


def access_log_path() -> Path:
    """The dashboards' audit log (JSON Lines, append-only): beside the warehouse by default."""
    if os.environ.get("REGWH_ACCESS_LOG"):
        return Path(os.environ["REGWH_ACCESS_LOG"]).resolve()
    return warehouse_path().parent / "access_log.jsonl"
