"""企业档案 — one enterprise's file, for inspectors preparing a visit and for case reviews.

Search by name or USCC; the firm's registry states over time, its inspections, penalties and
every finding that names it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import db, ui
from dashboards.i18n import code, col, t

ui.page_header("page_enterprise")

ENTERPRISE_OVERRIDES = {"status": {"closed": ("关闭", "Closed")},
                        "previous_status": {"closed": ("关闭", "Closed")}}
has_history = db.has_columns("marts", "enterprise_history", "uscc", "enterprise_name",
                             "snapshot_date")
MAX_OPTIONS = 2000

search = st.text_input(t("search"), key="enterprise_search", placeholder="91650100… / 化工")
text = search.strip()
uscc = None
if not has_history:
    st.info(t("enterprise_missing"), icon=":material/info:")
    uscc = text.upper() or None
else:
    directory = db.query(
        "select uscc, arg_max(enterprise_name, snapshot_date) as enterprise_name, "
        "arg_max(unit_code, snapshot_date) as unit_code, "
        "arg_max(risk_level, snapshot_date) as risk_level, "
        "arg_max(designated_body, snapshot_date) as designated_body, "
        "arg_max(status, snapshot_date) as status "
        "from marts.enterprise_history group by uscc order by enterprise_name, uscc"
    )
    if text:
        hit = directory["enterprise_name"].fillna("").str.contains(text, case=False, regex=False)
        hit |= directory["uscc"].fillna("").str.contains(text, case=False, regex=False)
        directory = directory[hit]
    labels = dict(zip(directory["uscc"], directory["enterprise_name"]))
    # no key: a new search makes a new widget, which then starts on its first match
    uscc = st.selectbox(
        t("enterprise_pick"), list(labels)[:MAX_OPTIONS], index=0 if text and labels else None,
        format_func=lambda u: f"{labels[u]}（{u}）", placeholder=t("enterprise_pick"),
    )
    if uscc is None:
        st.caption(t("directory_caption"))
        ui.show_table(directory, key="enterprise_directory", table="enterprise_history",
                      file_stem="enterprises", overrides=ENTERPRISE_OVERRIDES)

if not uscc:
    ui.policy_expander("enterprise", ["enforcement_body_conflicts", "supervision_frequency"])
    st.stop()

# --- states over time ----------------------------------------------------------------------------
if has_history:
    states = db.mart("enterprise_history", "uscc = ?", [uscc], order_by="snapshot_date")
    if not states.empty:
        as_of = ui.as_of()
        current = states
        if as_of is not None and "valid_from" in states and "valid_to" in states:
            at = states[(pd.to_datetime(states["valid_from"]) <= pd.Timestamp(as_of))
                        & (pd.Timestamp(as_of) < pd.to_datetime(states["valid_to"]))]
            current = at if not at.empty else states
        row = current.iloc[-1]
        st.subheader(f"{row['enterprise_name']}（{uscc}）")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(col("risk_level"), code(row.get("risk_level")), border=True)
        body = row.get("designated_body")
        c2.metric(col("designated_body"), ui.unit_short(body) if pd.notna(body) else "—",
                  help=ui.unit_text(body) if pd.notna(body) else None, border=True)
        c3.metric(col("status"), code(row.get("status"), ENTERPRISE_OVERRIDES["status"]),
                  border=True)
        c4.metric(col("standardization_grade"), code(row.get("standardization_grade")),
                  border=True)
        if as_of is not None:
            st.caption(f"{t('as_of')}：{as_of.isoformat()}")
    st.markdown(f"**{t('states')}**")
    ui.show_table(states, key="enterprise_states", table="enterprise_history",
                  file_stem=f"states_{uscc}", overrides=ENTERPRISE_OVERRIDES)

# --- inspections and penalties -------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.markdown(f"**{t('page_inspections')}**")
    if ui.mart_or_notice("inspection_checks"):
        inspections = db.mart("inspection_checks", "uscc = ?", [uscc], order_by="start_date")
        keep = ["inspection_id", "inspection_mode", "body_code", "start_date", "end_date",
                "team_valid", "untrained_inspector", "publicity_status"]
        ui.show_table(inspections[[c for c in keep if c in inspections]],
                      key="enterprise_inspections", table="inspection_checks",
                      file_stem=f"inspections_{uscc}")
with right:
    st.markdown(f"**{t('page_penalties')}**")
    if ui.mart_or_notice("penalty_checks"):
        penalties = db.mart("penalty_checks", "uscc = ?", [uscc], order_by="decision_date")
        keep = ["case_no", "body_code", "decision_date", "violation_code", "circumstance",
                "fine_amount", "status", "band_status", "legal_review_status",
                "publicity_status"]
        ui.show_table(penalties[[c for c in keep if c in penalties]], key="enterprise_penalties",
                      table="penalty_checks", file_stem=f"penalties_{uscc}")

# --- findings naming the enterprise --------------------------------------------------------------
st.subheader(t("findings"))
for table, title_key in (
    ("supervision_frequency", "under_inspected_list"),
    ("enforcement_body_conflicts", "tab_conflicts"),
    ("inspection_rotation_findings", "tab_rotation"),
    ("inspection_pool_findings", "tab_pool"),
):
    if not db.has_columns("marts", table, "uscc"):
        continue
    frame = db.mart(table, "uscc = ?", [uscc])
    if frame.empty:
        continue
    sort = [c for c in ("year", "conflict_type", "first_start_date") if c in frame]
    if sort:
        frame = frame.sort_values(sort)
    st.markdown(f"**{t(title_key)}**")
    ui.show_table(frame, key=f"enterprise_{table}", table=table, file_stem=f"{table}_{uscc}")

ui.policy_expander("enterprise", ["enforcement_body_conflicts", "supervision_frequency"])
