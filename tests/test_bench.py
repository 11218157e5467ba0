"""`regwh bench` at a tiny scale: the JSON and the Markdown table hold every figure.

No timing is asserted (the suite stays deterministic); only that each figure was measured.
"""
from __future__ import annotations

import json

import pytest

from dagster_project import paths
from dagster_project.bench import MARK_END, MARK_START, STAGES, run_bench


@pytest.fixture(scope="module")
def bench(tmp_path_factory, dbt_manifest):
    base = tmp_path_factory.mktemp("bench")
    out = base / "out"
    # a --work folder that does not exist yet is made
    run_bench([0.02], out, work=base / "work", repeats=2, say=lambda m: None)
    return out


def test_json_has_every_figure(bench):
    results = json.loads((bench / "performance.json").read_text(encoding="utf-8"))
    assert results["machine"]["cpus"] >= 1 and results["machine"]["memory_gb"] > 0
    (scale,) = results["scales"]
    assert scale["scale"] == 0.02 and scale["files"] > 0
    for key in ("floor_s", "full_over_floor", "incremental_over_full", "peak_rss_gb",
                "dashboard_p95_ms"):
        assert isinstance(scale[key], (int, float)) and scale[key] > 0, key
    for run in ("full_build", "no_change_rerun", "incremental"):
        assert scale[run]["wall_s"] > 0
        assert set(scale[run]["stages_s"]) == set(STAGES)
        assert scale[run]["peak_rss_largest_gb"] > 0
    assert scale["full_build"]["stages_s"]["ingest"] > 0
    assert scale["full_build"]["stages_s"]["dbt_models"] > 0
    # dbt's data tests are counted with the checks (their share read from dbt's run results),
    # and the target folder kept for that is removed afterwards.
    full = scale["full_build"]
    assert full["stages_s"]["tests_and_checks"] > full["steps_s"]["audit_check_results"]
    assert not list((paths.DBT_DIR / "target").glob("*-*-*/run_results.json"))
    assert scale["incremental_files"] == 5
    # The rerun loads nothing and never starts the job (no dbt, checks or publishing).
    assert "0 loaded" in scale["no_change_rerun"]["summary"][0]
    assert list(scale["no_change_rerun"]["steps_s"]) == ["no_change_rerun"]
    assert "5 loaded" in scale["incremental"]["summary"][0]
    assert set(scale["dashboards"]) == {"leadership", "personnel", "inspections", "penalties",
                                        "enterprise", "data_quality"}
    for page in scale["dashboards"].values():
        assert page["queries"] > 0 and 0 < page["p50_ms"] <= page["p95_ms"]


def test_markdown_has_every_row(bench):
    text = (bench / "performance.md").read_text(encoding="utf-8")
    assert MARK_START in text and MARK_END in text
    table = text.split(MARK_START)[1].split(MARK_END)[0]
    assert "cores" in table and "GB memory" in table
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    for label in ("floor", "full build (s)", "no-change rerun", "incremental month", "full build ÷ floor",
                  "incremental ÷ full build", "peak memory", "dashboard leadership"):
        assert any(label in row for row in rows), label
    assert not [row for row in rows if "| – |" in row or row.endswith("| – |")]
