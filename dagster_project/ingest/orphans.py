"""References to records the warehouse has not seen (yet): `audit.orphans`.

Rebuilt from scratch after every load, so resolved references drop out by themselves. The
references come from the contracts (`references: <source>.<column>`). For event sources only the
current version of each record counts; a record is "seen" if it is in any loaded snapshot.
"""
from __future__ import annotations

import duckdb

from dagster_project.contracts import Contract, load_contracts


def _current(contract: Contract) -> str:
    if contract.kind == "snapshot":
        return f"raw.{contract.source}"
    order = "_extract_date DESC, _load_seq DESC, _row_number DESC"
    return (f"(SELECT * FROM raw.{contract.source} QUALIFY row_number() OVER "
            f"(PARTITION BY {', '.join(contract.key)} ORDER BY {order}) = 1)")


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
                FROM {_current(contract)} AS s
                WHERE s.{column.name} IS NOT NULL
                  AND s.{column.name} NOT IN (SELECT {target_column} FROM raw.{target}
                                              WHERE {target_column} IS NOT NULL)
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
