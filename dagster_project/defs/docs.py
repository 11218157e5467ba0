"""dbt docs for analysts: a self-contained HTML page copied next to the warehouse each build."""
import shutil

import dagster as dg

from dagster_project import paths
from dagster_project.prepare import prepare_docs
from dagster_project.resources import Warehouse


def docs_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=["docs", "dbt_docs"],
        group_name="serving",
        deps=upstream,
        description="dbt docs (every mart and column described) as one static HTML page, "
        "`<warehouse dir>/dbt_docs/index.html`, linked from the dashboards.",
        kinds={"dbt"},
    )
    def dbt_docs(warehouse: Warehouse):
        target = paths.dbt_docs_dir(warehouse.database_path)
        # The page depends on the dbt code only: made once per code version (prepare_docs),
        # copied beside each warehouse (replaced whole, so a reader never sees half a page).
        prepared = prepare_docs()
        staging = target.with_name(target.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(prepared, staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(target / "index.html"))})

    return dbt_docs
