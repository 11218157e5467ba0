"""The quarterly bulletin (季度通报) as a Word document and a PDF (docs/bulletin.md).

Every figure comes from marts.bulletin_division_ranking of the serving copy (the ranks, values
and targets are decided in dbt); this module only lays the rows out. The same lines of text go
into both files, so the two can be checked against each other and against the mart.

Fonts: the .docx names 宋体 (SimSun) as the East-Asian font of its styles, which Word and
LibreOffice have or substitute; the .pdf uses reportlab's built-in CID font STSong-Light (Adobe's
standard Chinese font, referenced rather than embedded, so no font file is needed on the machine
that writes it and any PDF reader shows and extracts the Chinese text).
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboards.queries import Query
from dashboards.queries import bulletin as q

TITLE = "新疆生产建设兵团 危险化学品安全执法 季度通报"
EAST_ASIAN_FONT = "宋体"
PDF_FONT = "STSong-Light"

# measure → (heading, what the numerator / denominator count, percent?)
MEASURES: dict[str, tuple[str, str, bool]] = {
    "professional_ratio": ("执法人员专业化占比", "具备资格人数/在岗执法人员数", True),
    "induction_rate": ("岗前培训达标率", "达标人数/应培训人数", True),
    "refresher_rate": ("年度复训达标率", "达标人数/应复训人数", True),
    "team_validity": ("检查组人员合规率", "合规检查数/检查总数", True),
    "publicity_timeliness": ("双随机检查结果按时公示率", "按时公示数/应公示数", True),
    "conflicts_per_100": ("执法主体冲突（每百家企业）", "冲突数/监管企业数", False),
}
NUMERALS = "一二三四五六"
HEADER = ["排名", "师市", "代码", "指标值", "分子/分母"]


class QuarterMissing(LookupError):
    """The serving copy has no bulletin rows for the quarter asked for."""


@dataclass(frozen=True)
class Section:
    heading: str
    corps: str
    rows: list[list[str]]


@dataclass(frozen=True)
class Bulletin:
    quarter: str
    title: str
    as_of: str
    sections: list[Section]
    below_target: str


def quarter_text(quarter: str) -> str:
    """'2024Q4' → '2024年第4季度'."""
    year, number = quarter.split("Q")
    return f"{year}年第{number}季度"


def _empty(value) -> bool:
    return value is None or pd.isna(value)


def _value(value, percent: bool) -> str:
    if _empty(value):
        return "—"
    return f"{value * 100:.1f}%" if percent else f"{value:.1f}"


def build(rows: pd.DataFrame, quarter: str) -> Bulletin:
    """The bulletin of one quarter from its mart rows (dashboards/queries/bulletin.py ranking)."""
    if rows.empty:
        raise QuarterMissing(quarter)
    first = rows.iloc[0]
    as_of = (f"数据截止日期：{pd.Timestamp(first['as_of_date']):%Y-%m-%d}（人员指标以该日花名册为准；"
             f"检查类指标统计 {pd.Timestamp(first['period_start']):%Y-%m-%d} 至 "
             f"{pd.Timestamp(first['quarter_end']):%Y-%m-%d} 期间开始的检查；复训与主体冲突为 "
             f"{int(first['year'])} 年度）")
    sections = []
    for number, (_, group) in enumerate(rows.groupby("measure_order", sort=True)):
        key = group["measure"].iloc[0]
        heading, counts, percent = MEASURES[key]
        top = group.iloc[0]
        corps = (f"全兵团：{_value(top['corps_value'], percent)}"
                 f"（{int(top['corps_numerator'])}/{int(top['corps_denominator'])}）")
        if not _empty(top["target"]):
            corps += f"；目标：{_value(top['target'], percent)}"
        corps += f"；{'数值越低越好' if not top['higher_is_better'] else '数值越高越好'}"
        corps += f"；{counts}"
        table = [[("—" if _empty(r["rank"]) else str(int(r["rank"]))), str(r["unit_name"]),
                  str(r["unit_code"]), _value(r["value"], percent),
                  f"{int(r['numerator'])}/{int(r['denominator'])}"]
                 for _, r in group.iterrows()]
        sections.append(Section(f"{NUMERALS[number]}、{heading}", corps, table))
    professional = rows[rows["measure"] == "professional_ratio"]
    below = professional[professional["meets_target"].eq(False).fillna(False).astype(bool)]
    below = below.sort_values(["value", "unit_code"])
    target = professional["target"].dropna()
    target_text = _value(target.iloc[0], True) if len(target) else "—"
    names = "、".join(f"{r['unit_name']}（{_value(r['value'], True)}）" for _, r in below.iterrows())
    return Bulletin(quarter, f"{TITLE} {quarter_text(quarter)}", as_of, sections,
                    f"专业化占比未达到 {target_text} 目标的师市：{names or '无'}")


def load(fetch: Callable[[Query], pd.DataFrame], quarter: str) -> Bulletin:
    """The bulletin of `quarter`, reading the mart through `fetch` (a page's cached query, or
    a read-only connection of the command line)."""
    return build(fetch(q.ranking(quarter)), quarter)


def to_docx(bulletin: Bulletin) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Table Grid"):
        style = document.styles[name]
        # Word takes Chinese characters from the East-Asian slot of rFonts, not from font.name
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = bulletin.title
    document.add_heading(bulletin.title, level=0)
    document.add_paragraph(bulletin.as_of)
    for section in bulletin.sections:
        document.add_heading(section.heading, level=1)
        document.add_paragraph(section.corps)
        table = document.add_table(rows=1, cols=len(HEADER), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, HEADER):
            cell.text = text
        for row in section.rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    document.add_heading("未达目标的师市", level=1)
    document.add_paragraph(bulletin.below_target)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(bulletin: Bulletin) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    # CJK wrapping: a line may break between any two characters
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, alignment=1)
    heading = ParagraphStyle("heading", parent=body, fontSize=13, leading=20, spaceBefore=8)
    grid = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), PDF_FONT), ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
    ])
    story = [Paragraph(bulletin.title, title), Paragraph(bulletin.as_of, body)]
    for section in bulletin.sections:
        story += [Paragraph(section.heading, heading), Paragraph(section.corps, body),
                  Spacer(1, 2 * mm),
                  Table([HEADER, *section.rows], style=grid, hAlign="LEFT",
                        colWidths=[15 * mm, 62 * mm, 20 * mm, 25 * mm, 30 * mm])]
    story += [Paragraph("未达目标的师市", heading), Paragraph(bulletin.below_target, body)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=bulletin.title, author="regwh",
                      leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return out.getvalue()


def reader(path: Path) -> Callable[[Query], pd.DataFrame]:
    """`fetch` on a fresh read-only connection to the serving copy per statement (as the pages)."""
    import duckdb

    def fetch(query: Query) -> pd.DataFrame:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(query.sql, query.params).df()

    return fetch


def quarters(fetch: Callable[[Query], pd.DataFrame]) -> list[str]:
    return list(fetch(q.quarters())["quarter"])


def file_stem(quarter: str) -> str:
    return f"bulletin_{quarter}"


def write(fetch: Callable[[Query], pd.DataFrame], quarter: str, out: Path) -> list[Path]:
    """Write <out>/bulletin_<quarter>.docx and .pdf; return their paths."""
    bulletin = load(fetch, quarter)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, render in ((".docx", to_docx), (".pdf", to_pdf)):
        path = out / f"{file_stem(quarter)}{suffix}"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(render(bulletin))
        tmp.replace(path)  # a reader never sees half a file
        paths.append(path)
    return paths
