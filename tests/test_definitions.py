"""The Dagster graph: one lineage from the ingest through dbt to the serving copy."""
import subprocess
import sys

import dagster as dg
import pytest

from dagster_project.contracts import load_contracts


@pytest.fixture(scope="module")
def defs(dbt_manifest):
    from dagster_project.definitions import build_definitions

    return build_definitions()


def _graph(defs):
    return defs.resolve_asset_graph()


def test_one_raw_asset_per_source_with_accounting_check(defs):
    graph = _graph(defs)
    for source in load_contracts():
        key = dg.AssetKey(["raw", source])
        assert key in graph.get_all_asset_keys()
        assert dg.AssetCheckKey(key, "load_accounting") in graph.asset_check_keys


def test_dbt_sources_are_the_ingest_assets(defs):
    graph = _graph(defs)
    parents = graph.get(dg.AssetKey(["staging", "stg_roster"])).parent_keys
    assert dg.AssetKey(["raw", "roster"]) in parents
    now = graph.get(dg.AssetKey(["intermediate", "int_now"])).parent_keys
    assert dg.AssetKey(["audit", "load_manifest"]) in now


def test_serving_copy_after_every_mart(defs):
    graph = _graph(defs)
    serving = graph.get(dg.AssetKey(["serving", "serving_copy"])).parent_keys
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert {dg.AssetKey(["marts", "kpi_professional_ratio"]), dg.AssetKey(["marts", "penalty_checks"])} <= marts
    assert marts - {dg.AssetKey(["marts", "policy_parameters"])} <= serving


def test_job_sensor_and_schedule(defs):
    assert defs.resolve_job_def("regwh_job") is not None
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "regwh_job"
    assert defs.resolve_schedule_def("daily_build").cron_schedule == "0 6 * * *"


def test_import_does_no_heavy_work(dbt_manifest):
    """Loading the definitions reads the manifest only: no dbt parse, no database."""
    code = ("import time, subprocess; calls = []; real = subprocess.Popen.__init__\n"
            "def spy(self, *a, **k): calls.append(a); real(self, *a, **k)\n"
            "subprocess.Popen.__init__ = spy\n"
            "import dagster_project.definitions\n"
            "dbt_calls = [c for c in calls if 'dbt' in repr(c)]\n"
            "assert not dbt_calls, dbt_calls")
    # A warehouse path that cannot exist: importing must not open the database either.
    subprocess.run([sys.executable, "-c", code], check=True, env={"REGWH_WAREHOUSE": "/nonexistent/x.duckdb"})


def test_lean_dbt_resource_overrides_what_dagster_dbt_calls():
    """LeanDbtCliResource replaces two private steps of DbtCliResource.cli by name: if the
    pinned dagster-dbt renames them, the overrides would silently do nothing."""
    import inspect

    from dagster_dbt import DbtCliResource

    from dagster_project.defs.dbt import LeanDbtCliResource, dbt_resource

    source = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in source
    assert "self._initialize_dbt_core_adapter(" in source
    resource = dbt_resource()
    assert isinstance(resource, LeanDbtCliResource)
    assert resource._initialize_dbt_core_adapter(["build"]) is None
    installed = subprocess.run([resource.dbt_executable, "--version"], capture_output=True,
                               text=True, check=True).stdout
    assert str(resource._cli_version) in installed


def test_pipeline_connections_have_the_duckdb_memory_limit(tmp_path, monkeypatch):
    from dagster_project.resources import Warehouse

    warehouse = Warehouse(database=str(tmp_path / "w.duckdb"))
    with warehouse.connect() as con:  # the default, 4 GB (paths.DEFAULT_DUCKDB_MEMORY_LIMIT)
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "3.7 GiB"
    monkeypatch.setenv("REGWH_DUCKDB_MEMORY_LIMIT", "1GB")
    with warehouse.connect() as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"


def test_assets_grouped_by_domain(defs):
    graph = _graph(defs)
    group = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert group["raw/roster"] == group["audit/load_manifest"] == "ingest"
    assert group["quarantine/rejected_rows"] == group["audit/source_contracts"] == "ingest"
    assert group["intermediate/int_officer_qualification"] == group["marts/kpi_professional_ratio"] == "staff"
    assert group["intermediate/int_r9_penalty_cases"] == group["marts/penalty_checks"] == "enforcement"
    # the seed sits with the model that types it
    assert group["marts/policy_parameters"] == group["intermediate/int_policy_parameters"] == "shared"
    assert group["docs/dbt_docs"] == group["serving/serving_copy"] == "serving"
    assert group["audit/check_results"] == "quality"
    assert "default" not in group.values()


def test_every_singular_dbt_test_is_an_asset_check(defs):
    """A singular test dagster-dbt cannot attach to one asset is only logged as an observation
    with a warning: each one in dbt/tests must be a real check (R9's reads three marts)."""
    from dagster_project.paths import DBT_DIR

    checks = {key.name: key.asset_key.to_user_string() for key in _graph(defs).asset_check_keys}
    singular = sorted(path.stem for path in (DBT_DIR / "tests").glob("assert_*.sql"))
    assert singular and [name for name in singular if name not in checks] == []
    assert checks["assert_r9_revoked_left_out_of_trends"] == "marts/penalty_monthly"


def test_ui_instance_queues_runs_one_writer_at_a_time(defs, tmp_path, monkeypatch):
    """The repo's dagster_home/dagster.yaml: UI, sensor and schedule runs wait in Dagster's queue
    behind the one running job (the CLI waits on the writer lock instead)."""
    import shutil

    from dagster_project.definitions import JOB_NAME
    from dagster_project.paths import REPO_ROOT

    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
    tags = defs.resolve_job_def(JOB_NAME).tags
    assert [(limit["key"], limit["value"], limit["limit"]) for limit in limits] == [
        ("regwh/writer", tags["regwh/writer"], 1)]
