"""docs/analyst.md is true: every ```sql block in it runs on the serving copy of the sample_data
build and returns rows, the ten example questions are there, and a few answers are the figures
worked out for sample_data."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import duckdb
import pytest

from dagster_project import paths

DOC = paths.REPO_ROOT / "docs" / "analyst.md"
SQL_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)
EXAMPLES_HEADING = "## 十个示例问题"


def blocks(text: str) -> list[str]:
    return [block.strip() for block in SQL_BLOCK.findall(text)]


def examples() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(EXAMPLES_HEADING, 1)[1].split("\n## ", 1)[0]
    return blocks(section)


@pytest.fixture(scope="module")
def con(sample_serving):
    with duckdb.connect(str(sample_serving), read_only=True) as connection:
        yield connection


def test_ten_example_questions():
    assert len(examples()) == 10


@pytest.mark.parametrize("sql", blocks(DOC.read_text(encoding="utf-8")),
                         ids=lambda sql: " ".join(sql.split())[:60])
def test_every_query_in_the_doc_runs_and_returns_rows(con, sql):
    assert con.execute(sql).fetchall(), "no rows"


def test_corps_ratio_at_the_latest_date(con):
    # sample_data's last roster (2024-12-31): 898 of 1065 officers in post are qualified,
    # 898 / 1065 = 0.8432 ≥ 0.75, so no gap.
    assert con.execute(examples()[0]).fetchall() == [
        (dt.date(2024, 12, 31), 1065, 898, 0.8432, 0.75, True, 0)]


def test_units_short_of_the_target_at_the_deadline(con):
    # At 2022-12-31 four units (of the corps bureau and 14 divisions) are below 75%.
    rows = con.execute(examples()[1]).fetchall()
    assert len(rows) == 4
    assert all(gap > 0 for *_, gap in rows)


def test_dense_corps_series(con):
    rows = con.execute(examples()[7]).fetchall()
    # Decisions from January 2020 to now (2024-12-31): 60 months, every one present; the 7481
    # non-revoked cases of penalty_checks, the first month holding one case of 16400 yuan.
    assert len(rows) == 60
    assert rows[0] == (dt.date(2020, 1, 1), 1, Decimal("16400.00"))
    assert sum(cases for _, cases, _ in rows) == 7481
    assert con.execute("select count(*) from marts.penalty_checks "
                       "where status <> 'revoked'").fetchone()[0] == 7481


def test_top_violation_has_its_name(con):
    # WH007 is named in sample_data/discretion_standards_*.csv; 755 non-revoked cases.
    code, name, cases, *_ = con.execute(examples()[6]).fetchone()
    assert (code, name, cases) == ("WH007", "安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准", 755)
