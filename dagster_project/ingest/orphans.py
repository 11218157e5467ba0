"""References to records the warehouse has not seen (yet): `audit.orphans`.

Rebuilt from scratch after every load, so resolved references drop out by themselves. The
references come from the contracts (`references: <source>.<column>`). For event sources only the
current version of each record counts; a record is "seen" if it is in any loaded snapshot.
"""
from __future__ import annotations

import duckdb

from dagster_project.contracts import Contract, load_contracts


_ORDER = "_extract_date DESC, _load_seq DESC, _row_number DESC"


def _orphan_rows(contract: Contract, column: str, target: str, target_column: str) -> str:
    """The rows of `contract` whose `column` names no `target` record, current versions only."""
    unseen = (f"s.{column} IS NOT NULL AND s.{column} NOT IN "
              f"(SELECT {target_column} FROM raw.{target} WHERE {target_column} IS NOT NULL)")
    if contract.kind == "snapshot":
        return f"(SELECT * FROM raw.{contract.source} AS s WHERE {unseen})"
    # The current version of a record is the latest row of its key. Ranking every row of an
    # event source (10 M at N = 100) per reference column was most of this step's time; only
    # records with an unseen reference in some version can have one in their current version,
    # so only those are ranked.
    keys = ", ".join(contract.key)
    return f"""(SELECT * FROM (
                    SELECT * FROM raw.{contract.source}
                    WHERE ({keys}) IN (SELECT ({keys}) FROM raw.{contract.source} AS s WHERE {unseen})
                    QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {_ORDER}) = 1) AS s
                WHERE {unseen})"""


def orphan_queries() -> list[str]:
    queries = []
    for contract in load_contracts().values():
        record_key = " || '|' || ".join(f"CAST({k} AS VARCHAR)" for k in contract.key)
        for column in contract.columns:
            if not column.references:
                continue
            target, target_column = column.references.split(".")
            queries.append(f"""
                SELECT '{contract.source}' AS source, {record_key} AS record_key,
                       '{column.name}' AS reference_column, s.{column.name} AS reference_value,
                       '{target}' AS referenced_source, max(s._file_name) AS file_name
                FROM {_orphan_rows(contract, column.name, target, target_column)} AS s
                GROUP BY ALL""")
    return queries


def refresh_orphans(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM audit.orphans")
        con.execute("INSERT INTO audit.orphans " + " UNION ALL ".join(orphan_queries()))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return con.execute("SELECT count(*) FROM audit.orphans").fetchone()[0]
