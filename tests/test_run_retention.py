"""Run retention (runner.prune_old_runs): old runs leave the Dagster instance and their disk."""
from __future__ import annotations

import os

import dagster as dg

from dagster_project.runner import prune_old_runs


@dg.asset
def tiny():
    return dg.MaterializeResult(metadata={"rows": 1})


def test_pruning_deletes_runs_and_their_files(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = [dg.materialize([tiny], instance=instance).run_id for _ in range(2)]
        storage = instance.event_log_storage
        files = [storage.path_for_shard(run_id) for run_id in runs]
        assert all(os.path.exists(path) for path in files)

        assert prune_old_runs(instance, days=30) == []  # nothing is that old
        deleted = prune_old_runs(instance, days=0)

        assert sorted(deleted) == sorted(runs)
        assert instance.get_run_records() == []
        assert not any(os.path.exists(path) for path in files)
        # a new run still records normally after the files went away
        assert dg.materialize([tiny], instance=instance).success
