"""数据质量 — for the data stewards of each source system and the warehouse operator.

What the last runs did with each file, the rejected rows with their reasons (to fix at the
source), references still dangling, majors nobody has classified, how fresh each source is, the
latest check results, and where the generated documentation lives. Rows that belong to a unit
(unclassified majors) are limited to the user's units; the file-level audit tables carry no unit
and no names (rejected names and ID numbers are masked) and are shown whole.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboards import auth, db, return_sheets, ui
from dashboards.i18n import code_labeller, col, t
from dashboards.queries import count
from dashboards.queries import data_quality as q

user = ui.page_header("page_data_quality")

AUDIT_OVERRIDES = {"status": {"closed": ("关闭", "Closed")}}


def audit_present(table: str) -> bool:
    if db.has_table("audit", table):
        return True
    st.info(t("audit_missing", table=table), icon=":material/info:")
    return False


def first_rows(rows_and_total, **table_args) -> None:
    """The first ui.ROWS_SHOWN rows of a list and how many there are."""
    rows, total = rows_and_total
    ui.show_table(db.query(*rows), total=int(db.scalar(*total) or 0), **table_args)


has_manifest = db.has_table("audit", "load_manifest")
has_rejects = db.has_table("audit", "rejects")
has_orphans = db.has_table("audit", "orphans")

m1, m2, m3, m4 = st.columns(4)
if has_manifest:
    counts = db.query(*q.file_counts()).iloc[0]
    m1.metric(t("files_loaded"), int(counts["loaded"]), border=True)
    m2.metric(t("files_refused"), int(counts["refused"]), border=True)
if has_rejects:
    m3.metric(t("rows_rejected"), int(db.scalar(*count(q.REJECTS)) or 0), border=True)
if has_orphans:
    m4.metric(t("orphans_count"), int(db.scalar(*count(q.ORPHANS)) or 0), border=True)

tabs = st.tabs([t("tab_files"), t("tab_rejects"), t("tab_orphans"), t("tab_majors"),
                t("tab_freshness"), t("tab_checks"), t("calendar_fallback"), t("tab_docs"),
                t("tab_returns")])

with tabs[0]:
    if audit_present("load_manifest"):
        manifest = db.query(*q.manifest())
        statuses = sorted(manifest["status"].dropna().unique().tolist())
        chosen = st.multiselect(col("status"), statuses, key=ui.wkey("dq_manifest_status"),
                                format_func=code_labeller(), placeholder=t("all"))
        if chosen:
            manifest = manifest[manifest["status"].isin(chosen)]
        ui.show_table(manifest, key="dq_manifest", file_stem="load_manifest")

with tabs[1]:
    if audit_present("rejects"):
        f1, f2 = st.columns(2)
        sources = db.query(*q.reject_choices("source"))["source"].tolist()
        source = f1.selectbox(col("source"), [None, *sources], key=ui.wkey("dq_rejects_source"),
                              format_func=lambda s: t("all") if s is None else s)
        reasons = db.query(*q.reject_choices("reason"))["reason"].tolist()
        reason = f2.selectbox(t("reason_filter"), [None, *reasons], key=ui.wkey("dq_rejects_reason"),
                              format_func=lambda s: t("all") if s is None else s)
        first_rows(q.rejects(q.rejects_of(source, reason), ui.ROWS_SHOWN), key="dq_rejects",
                   file_stem="rejects")

with tabs[2]:
    if audit_present("orphans"):
        first_rows(q.orphans(ui.ROWS_SHOWN), key="dq_orphans", file_stem="orphans")

with tabs[3]:
    if ui.mart_or_notice(q.MAJORS):
        first_rows(q.majors(auth.units_in_scope(user), ui.ROWS_SHOWN), key="dq_majors",
                   table=q.MAJORS, file_stem="unclassified_majors")

with tabs[4]:
    st.caption(t("freshness_caption"))
    if db.has_table("marts", q.FRESHNESS):
        freshness = db.query(*q.freshness(dt.date.today()))
        overdue = freshness[freshness["overdue"]]
        if overdue.empty:
            st.success(t("freshness_all_fresh"), icon=":material/check_circle:")
        else:
            st.warning(t("freshness_overdue", n=len(overdue),
                         sources="、".join(overdue["title"])), icon=":material/schedule:")
        ui.show_table(freshness, key="dq_freshness", table=q.FRESHNESS, file_stem="freshness")
    else:
        st.info(t("freshness_missing"), icon=":material/info:")

with tabs[5]:
    if db.has_table("audit", "check_results"):
        checks = db.query(*q.check_results())
        ui.show_table(checks, key="dq_checks", file_stem="check_results")
    else:
        st.caption(t("checks_missing"))

with tabs[6]:
    if ui.mart_or_notice(q.CALENDAR):
        ui.show_table(db.query(*q.calendar_fallback()), key="dq_calendar", table=q.CALENDAR,
                      file_stem="calendar_fallback")

with tabs[7]:
    base = db.docs_dir()
    for label_key, path in (("data_docs", base / "data_docs" / "index.html"),
                            ("dbt_docs", base / "dbt_docs" / "index.html")):
        st.markdown(f"**{t(label_key)}**")
        if Path(path).exists():
            st.markdown(f"[{path}]({path.as_uri()})")
            st.caption(t("docs_present", path=path))
        else:
            st.caption(t("docs_absent", path=path))

with tabs[8]:
    st.caption(t("returns_caption"))
    if ui.mart_or_notice(q.RETURNS):
        scope = auth.units_in_scope(user)
        still_open = int(db.query(*q.open_count(scope))["n"].iloc[0])
        st.metric(t("returns_open"), still_open, border=True)
        if not still_open:
            st.caption(t("returns_none"))
        elif not user.sees_names:
            st.caption(t("returns_names_only"))
        else:
            for source, data in return_sheets.workbooks(scope).items():
                st.download_button(t("returns_download", source=source), data=data,
                                   file_name=f"退回修改表_{source}.xlsx", key=ui.wkey(f"dq_return_{source}"),
                                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        st.markdown(f"**{t('returns_closed')}**")
        ui.show_table(db.query(*q.closed_returns(scope, ui.ROWS_SHOWN)), key="dq_returns_closed",
                      table=q.RETURNS, file_stem="reject_status")
