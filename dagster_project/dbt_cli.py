"""`python -m dagster_project.dbt_cli …` runs dbt with this interpreter (no PATH lookup)."""
import sys

from dbt.cli.main import cli

if __name__ == "__main__":
    sys.exit(cli())
