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
