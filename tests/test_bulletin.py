"""The quarterly bulletin's files (dashboards/bulletin.py, `regwh bulletin`), read back.

Made from the hand-made warehouse of tests/bulletin_fixture.py: the .docx is read back with
python-docx and the .pdf with pypdf, and the title, the quarter and the figures worked out by
hand there must appear in both, equal to the mart's rows and to what the dashboards' own
queries compute from the same marts.
"""
from __future__ import annotations

import datetime as dt
import re

import docx
import pandas as pd
import pypdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from bulletin_fixture import EXPECTED_Q4, NAMES, build_bulletin_warehouse
from dagster_project.cli import main
from dashboards import bulletin
from dashboards.queries import inspections as inspections_q
from dashboards.queries import leadership as leadership_q

TITLE = "新疆生产建设兵团 危险化学品安全执法 季度通报 2024年第4季度"
HEADER = ["排名", "师市", "代码", "指标值", "分子/分母"]

# the tables of the 2024Q4 bulletin, as EXPECTED_Q4 formats: best first, no figure last
TABLES = {
    "professional_ratio": [["1", "第一师", "S1", "75.0%", "3/4"], ["1", "第二师", "S2", "75.0%", "6/8"],
                           ["3", "第三师", "S3", "40.0%", "2/5"], ["—", "第四师", "S4", "—", "0/0"]],
    "refresher_rate": [["1", "第二师", "S2", "100.0%", "2/2"], ["1", "第四师", "S4", "100.0%", "1/1"],
                       ["3", "第一师", "S1", "50.0%", "1/2"], ["4", "第三师", "S3", "0.0%", "0/1"]],
    "conflicts_per_100": [["1", "第三师", "S3", "0.0", "0/1"], ["2", "第一师", "S1", "50.0", "2/4"],
                          ["2", "第二师", "S2", "50.0", "1/2"], ["—", "第四师", "S4", "—", "0/0"]],
}
CORPS_LINES = [
    "全兵团：72.7%（16/22）；目标：75.0%",  # 16/22 = 0.7272…, the ALL row
    "全兵团：66.7%（4/6）",
    "全兵团：75.0%（6/8）",
    "全兵团：60.0%（3/5）",
    "全兵团：50.0（4/8）",
]
BELOW = "专业化占比未达到 75.0% 目标的师市：第三师（40.0%）"


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    return build_bulletin_warehouse(tmp_path_factory.mktemp("bulletin_docs"))


@pytest.fixture(scope="module")
def files(serving, tmp_path_factory):
    out = tmp_path_factory.mktemp("bulletin_out")
    result = CliRunner().invoke(main, ["bulletin", "--quarter", "2024Q4", "--out", str(out),
                                       "--serving", str(serving)])
    assert result.exit_code == 0, result.output
    return out / "bulletin_2024Q4.docx", out / "bulletin_2024Q4.pdf"


def _mart_rows(serving) -> dict[str, list[list[str]]]:
    """The mart's 2024Q4 rows formatted as the bulletin shows them, per measure."""
    percent = {m: p for m, (_, _, p) in bulletin.MEASURES.items()}
    rows = bulletin.reader(serving)(bulletin.q.ranking("2024Q4"))
    out: dict[str, list[list[str]]] = {}
    for _, r in rows.iterrows():
        value = "—" if pd.isna(r["value"]) else (
            f"{r['value'] * 100:.1f}%" if percent[r["measure"]] else f"{r['value']:.1f}")
        rank = "—" if pd.isna(r["rank"]) else str(int(r["rank"]))
        out.setdefault(r["measure"], []).append(
            [rank, r["unit_name"], r["unit_code"], value, f"{r['numerator']}/{r['denominator']}"])
    return out


def _docx_tables(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(path).tables]


def _pdf_text(path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_docx_title_quarter_tables_and_font(files):
    document = docx.Document(files[0])
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == TITLE
    assert paragraphs[1].startswith("数据截止日期：2024-12-31")
    for line in CORPS_LINES:
        assert any(p.startswith(line) for p in paragraphs), line
    assert paragraphs[-1] == BELOW
    tables = _docx_tables(files[0])
    assert len(tables) == 6 and all(t[0] == HEADER for t in tables)
    order = list(bulletin.MEASURES)
    for measure, rows in TABLES.items():
        assert tables[order.index(measure)][1:] == rows, measure
    # Word shows Chinese in the East-Asian font of the style
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_docx_tables_equal_the_mart(files, serving):
    mart = _mart_rows(serving)
    assert [t[1:] for t in _docx_tables(files[0])] == [mart[m] for m in bulletin.MEASURES]


def test_pdf_reads_back_the_same_text(files, serving):
    text = _compact(_pdf_text(files[1]))
    assert _compact(TITLE) in text and "2024年第4季度" in text
    for line in CORPS_LINES + [BELOW]:
        assert _compact(line) in text, line
    # every row of every table, in the bulletin's order: the mart's ranks and values
    position = 0
    mart = _mart_rows(serving)
    for measure in bulletin.MEASURES:
        for row in mart[measure]:
            found = text.find(_compact("".join(row)), position)
            assert found >= 0, (measure, row)
            position = found
    for measure, rows in TABLES.items():
        for row in rows:
            assert "".join(row) in text


def test_bulletin_equals_the_dashboards_queries(serving):
    """The leadership page's (and the inspections page's) statements on the same marts give the
    bulletin's values: its ratio, training rates, conflicts per 100 enterprises, team validity."""
    fetch = bulletin.reader(serving)
    as_of, year = dt.date(2024, 12, 31), 2024
    kpi = fetch(leadership_q.kpi(as_of)).set_index("unit_code")["qualified_ratio"]
    induction, refresher = (fetch(q).set_index("unit_code")["rate"]
                            for q in leadership_q.training_by_unit(as_of, year))
    for unit, (_, _, value, _) in EXPECTED_Q4["professional_ratio"][0].items():
        assert pd.isna(kpi[unit]) if value is None else kpi[unit] == pytest.approx(value), unit
    for unit in ("S1", "S2"):
        assert induction[unit] == pytest.approx(EXPECTED_Q4["induction_rate"][0][unit][2])
    for unit in ("S1", "S2", "S3", "S4"):
        assert refresher[unit] == pytest.approx(EXPECTED_Q4["refresher_rate"][0][unit][2])
    corps = {"induction_rate": fetch(leadership_q.induction_rate(as_of)).iat[0, 0],
             "refresher_rate": fetch(leadership_q.refresher_rate(year)).iat[0, 0],
             "conflicts_per_100": fetch(leadership_q.conflicts(year)).iat[0, 0] * 100
             / fetch(leadership_q.operating(year)).iat[0, 0],
             "professional_ratio": kpi["ALL"]}
    for measure, value in corps.items():
        assert value == pytest.approx(EXPECTED_Q4[measure][1][2]), measure
    for unit in ("S1", "S2", "S3"):
        totals = fetch(inspections_q.totals(inspections_q.checks_of(year, unit))).iloc[0]
        valid = (totals["n"] - totals["invalid"]) / totals["n"]
        assert valid == pytest.approx(EXPECTED_Q4["team_validity"][0][unit][2]), unit


def test_cli_refuses_a_quarter_without_rows(serving, tmp_path):
    result = CliRunner().invoke(main, ["bulletin", "--quarter", "2025Q1", "--out",
                                       str(tmp_path), "--serving", str(serving)])
    assert result.exit_code == 1
    assert "2025Q1" in result.output and "quarters held: 2024Q4, 2024Q3" in result.output
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_names_are_the_units_snapshot_names(files):
    tables = _docx_tables(files[0])
    assert {row[1] for t in tables for row in t[1:]} == {NAMES[u] for u in ("S1", "S2", "S3", "S4")}
