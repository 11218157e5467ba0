import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def inbox(tmp_path):
    """An empty inbox folder for hand-made files."""
    path = tmp_path / "inbox"
    path.mkdir()
    return path


@pytest.fixture
def db(tmp_path):
    """Where the ingest tests' warehouse goes."""
    return tmp_path / "wh.duckdb"


@pytest.fixture(scope="session")
def dbt_manifest():
    """The build step every Dagster test needs: dbt's manifest (parsed once per session)."""
    from dagster_project.prepare import prepare_dbt

    prepare_dbt()


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory):
    """Runs the tests start are recorded in an instance of their own, never in the repo's
    dagster_home/ (which `regwh ui` shows); with the repo's instance config."""
    import os
    import shutil

    from dagster_project import paths

    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(paths.REPO_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if previous is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = previous


@pytest.fixture(scope="session")
def sample_serving(tmp_path_factory, dbt_manifest):
    """The serving copy of one complete build of sample_data/ (read-only users: the dictionary,
    the analyst's types, queries and export), built once per session."""
    from dagster_project import paths
    from dagster_project.runner import execute_job

    db = tmp_path_factory.mktemp("sample_serving") / "wh.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("REGWH_INBOX", str(paths.DEFAULT_INBOX))
    mp.setenv("REGWH_WAREHOUSE", str(db))
    try:
        result = execute_job()
    finally:
        mp.undo()
    assert result.success, "the sample_data build failed"
    return paths.serving_path(db)
