import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def dbt_manifest():
    """The build step every Dagster test needs: dbt's manifest (parsed once per session)."""
    from dagster_project.prepare import prepare_dbt

    prepare_dbt()
