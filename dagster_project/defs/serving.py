"""The serving copy (and the restricted copy beside it) as an asset: last step of every build."""

import dagster as dg

from dagster_project import paths
from dagster_project.publish import publish, publish_restricted, record_publication
from dagster_project.resources import Warehouse


def serving_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=["serving", "serving_copy"],
        group_name="serving",
        deps=upstream,
        description="Read-only copy of marts and audit that dashboards and analysts query; "
        "replaced atomically after each build. Holds no raw tables and no personal data: the "
        "restricted schema (names, ID numbers) goes to its own restricted copy, mode 0600.",
        kinds={"duckdb"},
    )
    def serving_copy(context: dg.AssetExecutionContext, warehouse: Warehouse):
        target = paths.serving_path(warehouse.database_path)
        restricted = paths.restricted_path(warehouse.database_path)
        with warehouse.connect() as con:
            counts = publish(con, target)
            restricted_counts = publish_restricted(con, restricted)
            history_rows = record_publication(con, context.run.run_id)
        return dg.MaterializeResult(metadata={"path": str(target), "tables": len(counts),
                                              "rows": sum(counts.values()),
                                              "restricted_path": str(restricted),
                                              "restricted_rows": sum(restricted_counts.values()),
                                              "kpi_history_rows_appended": history_rows})

    return serving_copy


# Appended by the serving step once both copies are in place (publish.record_publication) and
# read by dbt at the next build: declared without deps, since an edge from the serving copy would
# close a cycle through the models.
kpi_history = dg.AssetSpec(
    key=["history", "kpi_published"],
    group_name="serving",
    description="Every contract KPI value as published, appended with the changes of each build "
    "(docs/restatements.md).",
    kinds={"duckdb"},
)
