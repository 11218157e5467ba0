"""`regwh`: the one command-line entry point (run, generate, prepare, ui, dashboard, export)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import click

from dagster_project import paths, users


@click.group()
def main() -> None:
    """Hazardous-chemical enforcement warehouse (XPCC emergency management)."""


@main.command()
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.DEFAULT_WAREHOUSE, show_default=True,
              help="The warehouse `regwh run` will build (dbt's saved parse is per warehouse file).")
def prepare(warehouse: Path) -> None:
    """Build step: parse the dbt project (target/manifest.json) and make its docs page."""
    from dagster_project.prepare import prepare_docs, prepare_dbt

    prepare_dbt(force=True, warehouse=warehouse)
    click.echo(f"dbt manifest and docs ready ({prepare_docs()})")


@main.command()
@click.option("--inbox", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=paths.DEFAULT_INBOX, show_default=True)
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.DEFAULT_WAREHOUSE, show_default=True)
@click.option("--wait", "wait", type=float, default=0.0, show_default=True,
              help="seconds to wait for another run writing the warehouse (0: exit at once)")
def run(inbox: Path, warehouse: Path, wait: float) -> None:
    """Run the Dagster job over every file in INBOX into the DuckDB file WAREHOUSE."""
    os.environ["REGWH_INBOX"] = str(inbox.resolve())
    os.environ["REGWH_WAREHOUSE"] = str(warehouse.resolve())
    os.environ.setdefault("REGWH_PROGRESS", "1")
    started = time.perf_counter()
    click.echo(f"regwh run: inbox {inbox} → warehouse {warehouse}", err=True)
    from dagster_project.runner import run_pipeline, summary_lines
    from dagster_project.writer_lock import WarehouseBusy

    try:
        result = run_pipeline(inbox.resolve(), warehouse.resolve(), wait=wait,
                              say=lambda m: click.echo(m, err=True))
    except WarehouseBusy as busy:
        click.echo(str(busy), err=True)
        sys.exit(75)  # EX_TEMPFAIL: try again later
    if not result.steps.keys() - {"no_change_rerun"}:
        click.echo("nothing new in the inbox: every file unchanged, the published build is current")
    for line in summary_lines(warehouse.resolve(), result.run_id):
        click.echo(line)
    click.echo(f"elapsed: {time.perf_counter() - started:.1f} s")
    if not result.success:
        click.echo("run FAILED: see the step errors above", err=True)
        sys.exit(1)


@main.command()
@click.option("--scale", type=float, default=1.0, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--seed", type=int, default=0, show_default=True)
def generate(scale: float, out: Path, seed: int) -> None:
    """Write a synthetic inbox (N = 1 is XPCC size)."""
    from dagster_project.generate import generate as write_inbox

    summary = write_inbox(scale, out, seed=seed, progress=lambda m: click.echo(f"  · {m}", err=True))
    click.echo(f"wrote {summary['file_count']} files ({summary['bytes'] / 1e6:.1f} MB) to {out} "
               f"in {summary['seconds']} s")
    for source, rows in summary["rows"].items():
        click.echo(f"  {source}: {rows} rows")
    click.echo(f"  injected defects: {summary['defect_rows_total']} rows ({summary['defects']})")


@main.command()
@click.option("--scales", default="1,10", show_default=True,
              help="comma-separated scale factors, e.g. 1,10,100")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=paths.REPO_ROOT / "docs", show_default=True,
              help="writes performance.json and the table into performance.md here")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where the generated inboxes and warehouses go (default: the temp dir)")
@click.option("--repeats", type=int, default=30, show_default=True,
              help="runs of each dashboard page's queries")
@click.option("--keep", is_flag=True, help="keep the generated inboxes and warehouses")
def bench(scales: str, out: Path, work: Path | None, repeats: int, keep: bool) -> None:
    """Benchmark: floor, full build, no-change rerun, incremental month, dashboard queries."""
    from dagster_project.bench import markdown, run_bench

    results = run_bench([float(s) for s in scales.split(",")], out, work=work, repeats=repeats,
                        keep=keep, say=lambda m: click.echo(f"  · {m}", err=True))
    click.echo(markdown(results))


@main.command()
@click.option("--port", "-p", type=int, default=3000, show_default=True, help="passed to dagster dev -p")
@click.option("--host", "-h", default="127.0.0.1", show_default=True, help="passed to dagster dev -h")
def ui(port: int, host: str) -> None:
    """Start the Dagster UI on the project (the instance at DAGSTER_HOME, default dagster_home/)."""
    from dagster_project.prepare import prepare_dbt

    prepare_dbt()
    env = {**os.environ, "DAGSTER_HOME": str(paths.dagster_home())}
    dagster = Path(sys.executable).with_name("dagster")
    sys.exit(subprocess.call([str(dagster), "dev", "-m", "dagster_project.definitions",
                              "-p", str(port), "-h", host], env=env, cwd=paths.REPO_ROOT))


@main.command()
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.DEFAULT_WAREHOUSE, show_default=True)
def status(warehouse: Path) -> None:
    """Last run, its outcome, overdue sources, open rejects, and who writes now (read-only)."""
    from dagster_project.status import status_lines

    for line in status_lines(warehouse.resolve()):
        click.echo(line)


def _quarter(_ctx, _param, value: str) -> str:
    if not re.fullmatch(r"\d{4}Q[1-4]", value):
        raise click.BadParameter(f"{value!r}: expected a quarter such as 2024Q4 (应为 2024Q4 这样的季度)")
    return value


@main.command()
@click.option("--quarter", required=True, callback=_quarter, help="e.g. 2024Q4")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--serving", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="the serving copy to read [default: REGWH_SERVING, else beside the warehouse]")
def bulletin(quarter: str, out: Path, serving: Path | None) -> None:
    """Write the quarterly bulletin (季度通报) as .docx and .pdf into OUT (docs/bulletin.md)."""
    from dashboards import bulletin as documents

    path = (serving or paths.serving_path()).resolve()
    if not path.exists():
        raise click.ClickException(f"服务副本不存在 / no serving copy at {path}: run `regwh run` first")
    fetch = documents.reader(path)
    try:
        written = documents.write(fetch, quarter, out)
    except documents.QuarterMissing:
        held = ", ".join(documents.quarters(fetch)) or "none"
        raise click.ClickException(f"{path} 无 {quarter} 季度通报数据 / has no bulletin rows for "
                                   f"{quarter} (quarters held: {held})") from None
    for file in written:
        click.echo(f"wrote {file}")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="folder for <schema>.<table>.parquet / .csv and manifest.csv")
@click.option("--format", "formats", default="parquet,csv", show_default=True,
              help="comma-separated: parquet, csv")
@click.option("--serving", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="serving copy to export [default: REGWH_SERVING, else beside the warehouse]")
def export(out: Path, formats: str, serving: Path | None) -> None:
    """Bulk export of every table of the serving copy (Parquet, CSV with BOM, manifest)."""
    from dagster_project.export import ExportRefused, export_serving, parse_formats

    try:
        chosen = parse_formats(formats)
        exported = export_serving(serving or paths.serving_path(), out, chosen)
    except (ValueError, FileNotFoundError, ExportRefused) as error:
        raise click.ClickException(str(error)) from error
    tables = len({item.table for item in exported})
    rows = sum(item.rows for item in exported if item.format == chosen[0])
    click.echo(f"已导出 {tables} 张表、{rows} 行到 {out} / exported {tables} tables, {rows} rows "
               f"({', '.join(chosen)}) to {out} (manifest.csv)")


@main.command()
@click.option("--port", type=int, default=8501, show_default=True)
def dashboard(port: int) -> None:
    """Serve the Streamlit dashboards on the serving copy."""
    streamlit = Path(sys.executable).with_name("streamlit")
    sys.exit(subprocess.call([str(streamlit), "run", str(paths.REPO_ROOT / "dashboards" / "app.py"),
                              "--server.headless", "true", "--server.port", str(port)],
                             cwd=paths.REPO_ROOT))


@main.command("add-user")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="users file [default: REGWH_USERS, else config/users.yaml]")
@click.option("--username", required=True, help="login name: lower-case letters, digits, _ . -")
@click.option("--name", required=True, help="display name, e.g. 第三师人事科")
@click.option("--role", type=click.Choice(users.ROLES), required=True)
@click.option("--unit", "units", multiple=True, required=True,
              help="unit code the user may see (repeatable); a corps code covers every unit under it")
@click.option("--password-stdin", is_flag=True, help="read the password from stdin (scripts)")
@click.option("--replace", is_flag=True, help="overwrite an existing user (e.g. a new password)")
def add_user(config_path: Path | None, username: str, name: str, role: str, units: tuple[str, ...],
             password_stdin: bool, replace: bool) -> None:
    """Add a dashboard user to the users file (password hashed with bcrypt; docs/access.md)."""
    path = (config_path or paths.users_path()).resolve()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        users.add_user(path, username=username, name=name, role=role, units=list(units),
                       password=password, replace=replace)
    except users.UsersFileError as error:
        raise click.ClickException(str(error)) from None
    unknown = users.unknown_units(list(units), paths.serving_path())
    if unknown:
        click.echo(f"warning: not in marts.dim_units of {paths.serving_path()}: "
                   f"{', '.join(unknown)}", err=True)
    click.echo(f"user {username} ({role}, units {', '.join(units)}) written to {path}")


@main.command("export-raw")
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.DEFAULT_WAREHOUSE, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def export_raw(warehouse: Path, out: Path) -> None:
    """Write the dbt sources as Parquet for the Spark target (docs/scale-out.md)."""
    from dagster_project.export_raw import ExportError, export_raw as export

    try:
        files = export(warehouse, out)
    except ExportError as error:
        raise click.ClickException(f"导出失败 export failed: {error}") from None
    click.echo(f"已导出 exported {len(files)} Parquet files to {out}")


@main.command("spark-build")
@click.option("--warehouse", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.DEFAULT_WAREHOUSE, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--with-tests", is_flag=True, help="run dbt's data tests on Spark too")
def spark_build(warehouse: Path, out: Path, with_tests: bool) -> None:
    """Build the dbt project on Spark (local mode) from WAREHOUSE's sources (docs/scale-out.md)."""
    from dagster_project.export_raw import ExportError
    from dagster_project.spark_build import SparkBuildFailed, spark_build as build

    started = time.perf_counter()
    try:
        done = build(warehouse, out, with_tests=with_tests)
    except (ExportError, SparkBuildFailed) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Spark 构建完成 / Spark build done: {done.nodes} dbt nodes, tables under "
               f"{done.spark_dir}, {time.perf_counter() - started:.1f} s")
