"""数据质量 — for the data stewards of each source system and the warehouse operator.

What the last runs did with each file, the rejected rows with their reasons (to fix at the
source), references still dangling, majors nobody has classified, how fresh each source is, the
latest check results, and where the generated documentation lives. Rows that belong to a unit
(unclassified majors) are limited to the user's units; the file-level audit tables carry no unit
and no names (rejected names and ID numbers are masked) and are shown whole.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboards import auth, db, ui
from dashboards.i18n import code_labeller, col, t

user = ui.page_header("page_data_quality")

AUDIT_OVERRIDES = {"status": {"closed": ("关闭", "Closed")}}


def audit(table: str, sql: str, params=()) -> pd.DataFrame | None:
    if not db.has_table("audit", table):
        st.info(t("audit_missing", table=table), icon=":material/info:")
        return None
    return db.query(sql, params)


has_manifest = db.has_table("audit", "load_manifest")
has_rejects = db.has_table("audit", "rejects")
has_orphans = db.has_table("audit", "orphans")

m1, m2, m3, m4 = st.columns(4)
if has_manifest:
    counts = db.query(
        "select count(*) filter (where status = 'loaded') as loaded, "
        "count(*) filter (where status in ('refused', 'ambiguous')) as refused "
        "from audit.load_manifest"
    ).iloc[0]
    m1.metric(t("files_loaded"), int(counts["loaded"]), border=True)
    m2.metric(t("files_refused"), int(counts["refused"]), border=True)
if has_rejects:
    m3.metric(t("rows_rejected"), int(db.scalar("select count(*) from audit.rejects") or 0),
              border=True)
if has_orphans:
    m4.metric(t("orphans_count"), int(db.scalar("select count(*) from audit.orphans") or 0),
              border=True)

tabs = st.tabs([t("tab_files"), t("tab_rejects"), t("tab_orphans"), t("tab_majors"),
                t("tab_freshness"), t("tab_checks"), t("calendar_fallback"), t("tab_docs")])

with tabs[0]:
    manifest = audit("load_manifest",
                     "select * from audit.load_manifest order by loaded_at desc, load_seq desc")
    if manifest is not None:
        statuses = sorted(manifest["status"].dropna().unique().tolist())
        chosen = st.multiselect(col("status"), statuses, key=ui.wkey("dq_manifest_status"),
                                format_func=code_labeller(), placeholder=t("all"))
        if chosen:
            manifest = manifest[manifest["status"].isin(chosen)]
        ui.show_table(manifest, key="dq_manifest", file_stem="load_manifest")

with tabs[1]:
    rejects = audit("rejects", "select * from audit.rejects "
                               "order by extract_date desc, file_name, row_number")
    if rejects is not None:
        f1, f2 = st.columns(2)
        sources = (sorted(rejects["source"].dropna().unique().tolist())
                   if "source" in rejects else [])
        source = f1.selectbox(col("source"), [None, *sources], key=ui.wkey("dq_rejects_source"),
                              format_func=lambda s: t("all") if s is None else s)
        reasons = sorted(rejects["reason"].dropna().unique().tolist())
        reason = f2.selectbox(t("reason_filter"), [None, *reasons], key=ui.wkey("dq_rejects_reason"),
                              format_func=lambda s: t("all") if s is None else s)
        if source:
            rejects = rejects[rejects["source"] == source]
        if reason:
            rejects = rejects[rejects["reason"] == reason]
        ui.show_table(rejects, key="dq_rejects", file_stem="rejects")

with tabs[2]:
    orphans = audit("orphans", "select * from audit.orphans order by source, record_key")
    if orphans is not None:
        ui.show_table(orphans, key="dq_orphans", file_stem="orphans")

with tabs[3]:
    if ui.mart_or_notice("dq_unclassified_majors"):
        ui.show_table(auth.in_scope(db.mart("dq_unclassified_majors"), user), key="dq_majors",
                      table="dq_unclassified_majors", file_stem="unclassified_majors")

with tabs[4]:
    st.caption(t("freshness_caption"))
    freshness = audit(
        "load_manifest",
        "select source, max(extract_date) as latest_extract_date, "
        "count(distinct file_name) as files, max(loaded_at) as loaded_at "
        "from audit.load_manifest where status = 'loaded' and source is not null "
        "group by source order by source",
    )
    if freshness is not None:
        if not freshness.empty:
            newest = pd.to_datetime(freshness["latest_extract_date"]).max()
            freshness["days_since"] = (
                newest - pd.to_datetime(freshness["latest_extract_date"])
            ).dt.days
        ui.show_table(freshness, key="dq_freshness", file_stem="freshness")

with tabs[5]:
    if db.has_table("audit", "check_results"):
        checks = db.query("select * from audit.check_results")
        order = [c for c in ("checked_at", "run_id") if c in checks]
        if order:
            checks = checks.sort_values(order, ascending=False)
        ui.show_table(checks, key="dq_checks", file_stem="check_results")
    else:
        st.caption(t("checks_missing"))

with tabs[6]:
    if ui.mart_or_notice("dq_calendar_fallback"):
        ui.show_table(db.mart("dq_calendar_fallback", order_by="year"), key="dq_calendar",
                      table="dq_calendar_fallback", file_stem="calendar_fallback")

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
