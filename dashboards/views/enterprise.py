"""企业档案 — one enterprise's file, for inspectors preparing a visit and for case reviews.

Search by name or USCC; the firm's registry states over time, its inspections, penalties and
every finding that names it.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import db, ui
from dashboards.i18n import code, col, t
from dashboards.queries import enterprise as q

ui.page_header("page_enterprise")

ENTERPRISE_OVERRIDES = {"status": {"closed": ("关闭", "Closed")},
                        "previous_status": {"closed": ("关闭", "Closed")}}
has_history = db.has_columns("marts", q.HISTORY, "uscc", "enterprise_name", "snapshot_date")
has_directory = db.has_columns("marts", q.DIMENSION, "uscc", "enterprise_name", "in_registry")
MAX_OPTIONS = 2000

search = st.text_input(t("search"), key="enterprise_search", placeholder="91650100… / 化工")
text = search.strip()
uscc = None
if not has_directory:
    st.info(t("enterprise_missing"), icon=":material/info:")
    uscc = text.upper() or None
else:
    directory = db.query(*q.directory(text, ui.ROWS_SHOWN))
    labels = dict(zip(directory["uscc"], directory["enterprise_name"]))
    # no key: a new search makes a new widget, which then starts on its first match
    uscc = st.selectbox(
        t("enterprise_pick"), list(labels)[:MAX_OPTIONS], index=0 if text and labels else None,
        format_func=lambda u: f"{labels[u]}（{u}）", placeholder=t("enterprise_pick"),
    )
    if uscc is None:
        st.caption(t("directory_caption"))
        ui.show_table(directory, key="enterprise_directory", table=q.DIMENSION,
                      file_stem="enterprises", overrides=ENTERPRISE_OVERRIDES,
                      total=int(db.scalar(*q.directory_size(text)) or 0))

if not uscc:
    ui.policy_expander("enterprise", ["enforcement_body_conflicts", "supervision_frequency"])
    st.stop()

# --- states over time ----------------------------------------------------------------------------
if has_history:
    states = db.query(*q.states(uscc))
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
        ui.show_table(db.query(*q.inspections(uscc)), key="enterprise_inspections",
                      table="inspection_checks", file_stem=f"inspections_{uscc}")
with right:
    st.markdown(f"**{t('page_penalties')}**")
    if ui.mart_or_notice("penalty_checks"):
        ui.show_table(db.query(*q.penalties(uscc)), key="enterprise_penalties",
                      table="penalty_checks", file_stem=f"penalties_{uscc}")

# --- findings naming the enterprise --------------------------------------------------------------
st.subheader(t("findings"))
TITLES = {"supervision_frequency": "under_inspected_list",
          "enforcement_body_conflicts": "tab_conflicts",
          "inspection_rotation_findings": "tab_rotation", "inspection_pool_findings": "tab_pool"}
for table, title_key in TITLES.items():
    if not db.has_columns("marts", table, "uscc"):
        continue
    frame = db.query(*q.findings(table, uscc))
    if frame.empty:
        continue
    st.markdown(f"**{t(title_key)}**")
    ui.show_table(frame, key=f"enterprise_{table}", table=table, file_stem=f"{table}_{uscc}")

ui.policy_expander("enterprise", ["enforcement_body_conflicts", "supervision_frequency"])
