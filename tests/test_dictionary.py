"""The serving copy explains itself: every table and column carries a Chinese-first COMMENT from
the dbt YAML, and marts.column_docs holds the same text."""
from __future__ import annotations

import re

import duckdb
import pytest

from dagster_project import publish

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def serving(sample_serving):
    return sample_serving


def undocumented(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and columns of the open copy whose comment is empty or has no Chinese."""
    rows = con.execute(
        "SELECT schema_name || '.' || table_name, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() UNION ALL "
        "SELECT schema_name || '.' || table_name || '.' || column_name, comment "
        "FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name IN ('marts', 'audit')").fetchall()
    return sorted(name for name, comment in rows if not comment or not CJK.search(comment))


def test_every_table_and_column_has_a_chinese_comment(serving):
    with duckdb.connect(str(serving), read_only=True) as con:
        tables = con.execute("SELECT count(*) FROM duckdb_tables() "
                             "WHERE database_name = current_database()").fetchone()[0]
        missing = undocumented(con)
    assert tables >= 30  # 25 marts + policy_parameters + column_docs + 5 audit tables on sample_data
    assert missing == [], "no Chinese description in the dbt YAML for: " + ", ".join(missing)


def test_comment_and_column_docs_are_the_same_text(serving):
    with duckdb.connect(str(serving), read_only=True) as con:
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE schema_name = 'marts' "
            "AND table_name = 'staff_headcount' AND column_name = 'officers_in_post'").fetchone()[0]
        doc = con.execute(
            "SELECT description FROM marts.column_docs WHERE schema_name = 'marts' "
            "AND table_name = 'staff_headcount' AND column_name = 'officers_in_post'").fetchone()[0]
        audit = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'audit' "
                            "AND table_name = 'rejects'").fetchone()[0]
    assert comment == doc
    assert comment.startswith("在岗执法人员数 / ")
    assert audit.startswith("拒收记录 / ")


def test_an_undocumented_column_is_named(tmp_path):
    # The check must fail loudly with the name when a model's YAML misses a column.
    copy = tmp_path / "copy.duckdb"
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.t (a INTEGER, b INTEGER)")
        publish.add_comments(con, "copy", [("t", "", "测试表 / Test", "", "marts"),
                                           ("t", "a", "", "甲 / A", "marts")])
        assert undocumented(con) == ["marts.t.b"]
