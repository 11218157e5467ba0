"""The dbt project on its second target, Spark (docs/scale-out.md, issue 17).

`spark_build(warehouse, out)`: the DuckDB warehouse's sources go to Parquet
(dagster_project/export_raw.py), then dbt builds the project with `--target spark` in this
process (dbt-spark's session method starts Spark here, local mode); its on-run-start hook
registers the Parquet files as the source tables (dbt/macros/spark_sources.sql).

Layout under `out`: parquet/ (the export), spark/ (Spark's warehouse dir and Derby metastore,
REGWH_SPARK_DIR of dbt/profiles.yml), target/ and logs/ (dbt's, apart from dbt/target which the
DuckDB pipeline uses). The Spark session lives as long as the process: a second build in the
same process reuses it, with the spark/ folder of the first.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from dagster_project import paths
from dagster_project.export_raw import export_raw


class SparkBuildFailed(Exception):
    pass


@dataclass
class SparkBuild:
    parquet_dir: Path
    spark_dir: Path
    nodes: int


def java_missing() -> bool:
    return shutil.which("java") is None and not os.environ.get("JAVA_HOME")


def spark_build(warehouse: Path, out: Path, with_tests: bool = False) -> SparkBuild:
    """Export the sources of `warehouse` and build every model (and seed) on Spark.

    dbt's data tests run too when `with_tests`; unit tests never do (they check the SQL, which
    tests/test_dbt_*.py do on DuckDB).
    """
    if java_missing():
        raise SparkBuildFailed("java 未安装 / java not found: run scripts/install_java.sh "
                               "(pyspark needs Java 17+)")
    out = Path(out).resolve()
    parquet_dir = out / "parquet"
    export_raw(Path(warehouse).resolve(), parquet_dir)
    spark_dir = Path(os.environ.setdefault("REGWH_SPARK_DIR", str(out / "spark")))
    spark_dir.mkdir(parents=True, exist_ok=True)

    from dbt.cli.main import dbtRunner

    excluded = ["unit_test"] if with_tests else ["unit_test", "test"]
    args = ["build", "--target", "spark",
            "--project-dir", str(paths.DBT_DIR), "--profiles-dir", str(paths.DBT_DIR),
            "--target-path", str(out / "target"), "--log-path", str(out / "logs"),
            "--vars", json.dumps({"spark_sources_dir": str(parquet_dir)})]
    for resource_type in excluded:
        args += ["--exclude-resource-type", resource_type]
    cwd = os.getcwd()
    try:
        result = dbtRunner().invoke(args)
    finally:
        os.chdir(cwd)  # dbt changes into the project dir
    if not result.success:
        failed = [f"{r.node.name}: {r.message}" for r in (result.result or [])
                  if getattr(r, "status", None) in ("error", "fail")]
        detail = "\n".join(failed) or str(result.exception)
        raise SparkBuildFailed(f"dbt build --target spark 失败 / failed:\n{detail}")
    return SparkBuild(parquet_dir, spark_dir, len(result.result or []))
