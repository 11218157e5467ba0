"""The serving copy's index on person_id, and the personnel page's officer lookup that uses it."""
from __future__ import annotations

import duckdb

from dashboards.queries import personnel


def test_induction_history_is_an_index_lookup_with_the_scans_rows(sample_serving):
    with duckdb.connect(str(sample_serving), read_only=True) as con:
        indexes = con.execute("SELECT table_name, expressions FROM duckdb_indexes() "
                              "WHERE schema_name = 'marts'").fetchall()
        assert indexes == [("training_induction_status", "[person_id]")]
        person, unit = con.execute(
            "SELECT person_id, any_value(unit_code) FROM marts.training_induction_status "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()
        scanned = con.execute(
            "SELECT as_of_date, induction_days FROM marts.training_induction_status "
            "WHERE person_id = ? AND unit_code = ? ORDER BY as_of_date", [person, unit]).fetchall()
        query = personnel.induction_history(person, [unit])
        assert con.execute(*query).fetchall() == scanned and len(scanned) > 1
        plan = con.execute("EXPLAIN ANALYZE " + query.sql, query.params).fetchall()[0][1]
        assert "INDEX_SCAN" in plan.upper().replace(" ", "_")
        # another unit's user sees none of the officer's rows; no scope: all of them
        assert con.execute(*personnel.induction_history(person, ["NOPE"])).fetchall() == []
        everywhere = con.execute(*personnel.induction_history(person, None)).fetchall()
        assert len(everywhere) >= len(scanned)
