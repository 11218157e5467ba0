"""执法检查 — for the enforcement division and the bodies' supervisors.

Double-random team validity and publicity, randomness of the draws per unit and year, rotation
of inspectors, object-pool mismatches, one-enforcement-body conflicts with the inspections
behind each, and graded supervision by risk colour and standardisation grade.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, db, ui
from dashboards.i18n import code, col, t

ui.page_header("page_inspections")

if not ui.mart_or_notice("inspection_checks"):
    st.stop()

years = db.query(
    "select distinct year(start_date) as y from marts.inspection_checks "
    "where start_date is not null order by 1 desc"
)["y"].astype(int).tolist()
extra_years = set(ui.years_of("enforcement_body_conflicts")) | set(
    ui.years_of("supervision_frequency")
)
years = sorted(set(years) | extra_years, reverse=True)
bodies = db.query(
    "select distinct body_code from marts.inspection_checks where body_code is not null "
    "order by 1"
)["body_code"].tolist()

f1, f2 = st.columns(2)
with f1:
    year = ui.pick_year("year", years, key="inspections_year")
body = f2.selectbox(
    col("body_code"), [None, *bodies], key=ui.wkey("inspections_body"),
    format_func=lambda b: t("all") if b is None else ui.unit_text(b),
)


def for_body(frame: pd.DataFrame, column: str = "body_code") -> pd.DataFrame:
    if body is None or frame.empty or column not in frame:
        return frame
    return frame[frame[column] == body]


tabs = st.tabs([t("tab_teams"), t("tab_randomness"), t("tab_rotation"), t("tab_pool"),
                t("tab_conflicts"), t("tab_supervision")])

# --- teams and publicity -------------------------------------------------------------------------
# A year of inspections is about 8,000 rows in the corps and 800,000 at national size: the counts
# and the chart come from SQL, and the tables list the first ui.ROWS_SHOWN rows of the filter.
PROBLEM = ("coalesce(team_valid = false, false) or coalesce(untrained_inspector, false) "
           "or coalesce(publicity_status in ('overdue', 'late'), false)")
with tabs[0]:
    where, params = "year(start_date) = ?", [year]
    if body is not None:
        where, params = f"{where} and body_code = ?", [*params, body]
    totals = db.query(
        "select count(*) as n, count(*) filter (where team_valid = false) as invalid, "
        "count(*) filter (where untrained_inspector) as untrained, "
        "count(*) filter (where publicity_status = 'overdue') as overdue, "
        f"count(*) filter (where {PROBLEM}) as problems "
        f"from marts.inspection_checks where {where}", params).iloc[0]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("inspections_total"), int(totals["n"]), border=True)
    m2.metric(t("team_invalid"), int(totals["invalid"]), border=True)
    m3.metric(t("untrained"), int(totals["untrained"]), border=True)
    m4.metric(t("publicity_overdue"), int(totals["overdue"]), border=True)

    counts = db.query(
        "select body_code, publicity_status, count(*) as n from marts.inspection_checks "
        f"where {where} and inspection_mode = 'double_random' "
        "group by body_code, publicity_status order by body_code, publicity_status", params)
    if not counts.empty:
        counts["unit_label"] = [ui.unit_short(u) for u in counts["body_code"]]
        st.plotly_chart(
            charts.stacked_status(counts, "unit_label", "publicity_status", "n",
                                  status_label=code, title=t("publicity_status_chart")),
            key="inspections_publicity_chart",
        )
    only_problems = st.toggle(f"{t('team_invalid')} / {t('untrained')} / {t('publicity_overdue')}",
                              key="inspections_only_problems")
    shown_where = f"{where} and ({PROBLEM})" if only_problems else where
    shown = db.mart("inspection_checks", shown_where, params, order_by="start_date, inspection_id",
                    limit=ui.ROWS_SHOWN)
    ui.show_table(ui.with_names(shown), key="inspections_checks", table="inspection_checks",
                  file_stem=f"inspection_checks_{year}",
                  total=int(totals["problems" if only_problems else "n"]))
    st.markdown(f"**{t('team_findings')}**")
    if ui.mart_or_notice("inspection_team_findings"):
        findings = db.mart("inspection_team_findings", where, params,
                           order_by="start_date, inspection_id", limit=ui.ROWS_SHOWN)
        findings_total = db.scalar(f"select count(*) from marts.inspection_team_findings where {where}",
                                   params)
        ui.show_table(findings, key="inspections_team_findings", table="inspection_team_findings",
                      file_stem=f"team_findings_{year}", total=int(findings_total or 0))

# --- randomness ----------------------------------------------------------------------------------
with tabs[1]:
    st.info(t("p_value_explained"), icon=":material/casino:")
    if ui.mart_or_notice("inspection_randomness"):
        randomness = for_body(db.mart("inspection_randomness", "year = ?", [year],
                                      order_by="unit_code"), "unit_code")
        flag = next((c for c in ("draws_not_uniform", "not_uniform") if c in randomness), None)
        if flag:
            st.metric(t("not_uniform"), int(randomness[flag].fillna(False).astype(bool).sum()),
                      border=True)
        ui.show_table(randomness, key="inspections_randomness", table="inspection_randomness",
                      file_stem=f"randomness_{year}")

# --- rotation ------------------------------------------------------------------------------------
with tabs[2]:
    if ui.mart_or_notice("inspection_rotation_findings"):
        date_col = next((c for c in ("second_start_date", "start_date")
                         if db.has_columns("marts", "inspection_rotation_findings", c)), None)
        rotation = db.mart("inspection_rotation_findings",
                           f"year({date_col}) = ?" if date_col else "", [year] if date_col else [])
        ui.show_table(ui.with_names(rotation), key="inspections_rotation",
                      table="inspection_rotation_findings", file_stem=f"rotation_{year}")

# --- object pool ---------------------------------------------------------------------------------
with tabs[3]:
    if ui.mart_or_notice("inspection_pool_findings"):
        where = "year = ?" if db.has_columns("marts", "inspection_pool_findings", "year") else ""
        pool = for_body(db.mart("inspection_pool_findings", where, [year] if where else [],
                                order_by="task_id"), "unit_code")
        ui.show_table(ui.with_names(pool), key="inspections_pool",
                      table="inspection_pool_findings", file_stem=f"pool_findings_{year}")

# --- one enforcement body ------------------------------------------------------------------------
with tabs[4]:
    if ui.mart_or_notice("enforcement_body_conflicts"):
        conflicts = db.mart("enforcement_body_conflicts", "year = ?", [year],
                            order_by="conflict_type, uscc")
        if body is not None and not conflicts.empty:
            involved = conflicts["bodies"].fillna("").str.split(",").apply(lambda b: body in b)
            conflicts = conflicts[(conflicts["designated_body"] == body) | involved]
        if not conflicts.empty:
            by_type = conflicts.groupby("conflict_type").size().reset_index(name="n")
            by_type["label"] = by_type["conflict_type"].map(code)
            st.plotly_chart(charts.bars(by_type, "label", "n", names=[t("cases")],
                                        horizontal=True),
                            key="inspections_conflict_types")
        ui.show_table(ui.with_names(conflicts), key="inspections_conflicts",
                      table="enforcement_body_conflicts", file_stem=f"one_body_{year}")
        if not conflicts.empty:
            options = list(conflicts.index)
            names = ui.enterprise_names()
            choice = st.selectbox(
                t("conflict_pick"), options, index=None, key=ui.wkey("inspections_conflict_pick"),
                format_func=lambda i: (
                    f"{code(conflicts.at[i, 'conflict_type'])} · "
                    f"{names.get(conflicts.at[i, 'uscc'], conflicts.at[i, 'uscc'])}"
                ),
                placeholder=t("conflict_pick"),
            )
            if choice is not None:
                picked = conflicts.loc[choice]
                ids = [i for i in str(picked.get("inspection_ids") or "").split(",") if i]
                cases = [c for c in str(picked.get("case_nos") or "").split(",") if c]
                if ids:
                    st.markdown(f"**{t('inspections_behind')}**")
                    behind = db.query(
                        "select * from marts.inspection_checks "
                        "where list_contains(?, inspection_id) order by start_date",
                        [ids],
                    )
                    ui.show_table(behind, key="inspections_conflict_inspections",
                                  table="inspection_checks", download=False)
                if cases and db.has_table("marts", "penalty_checks"):
                    st.markdown(f"**{t('cases_behind')}**")
                    behind_cases = db.query(
                        "select case_no, body_code, decision_date, violation_code, "
                        "circumstance, fine_amount, status from marts.penalty_checks "
                        "where list_contains(?, case_no) order by decision_date",
                        [cases],
                    )
                    ui.show_table(behind_cases, key="inspections_conflict_cases",
                                  table="penalty_checks", download=False)

# --- graded supervision --------------------------------------------------------------------------
with tabs[5]:
    if ui.mart_or_notice("supervision_by_level"):
        levels = db.mart("supervision_by_level", "year = ?", [year])
        avg_col = next((c for c in ("avg_inspections_per_enterprise", "avg_inspections")
                        if c in levels), None)
        if not levels.empty and avg_col:
            if "is_year_to_date" in levels and levels["is_year_to_date"].fillna(False).any():
                st.caption(t("year_to_date"))
            left, right = st.columns(2)
            risk = levels[levels["dimension"] == "risk_level"].copy()
            order = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
            risk = risk.sort_values("level", key=lambda s: s.map(order))
            risk["label"] = risk["level"].map(code)
            with left:
                st.plotly_chart(
                    charts.bars(risk, "label", avg_col, names=[t("avg_inspections")],
                                title=t("by_risk"),
                                bar_colours=[charts.RISK_COLOURS.get(v) for v in risk["level"]]),
                    key="inspections_by_risk",
                )
            grade = levels[levels["dimension"] == "standardization_grade"].copy()
            grade["label"] = grade["level"].map(
                lambda v: code(v) if v == "none" else f"{v} 级" if v else ""
            )
            with right:
                st.plotly_chart(
                    charts.bars(grade.sort_values("level"), "label", avg_col,
                                names=[t("avg_inspections")], title=t("by_grade")),
                    key="inspections_by_grade",
                )
        ui.show_table(levels, key="inspections_levels", table="supervision_by_level",
                      file_stem=f"supervision_by_level_{year}")
    if ui.mart_or_notice("supervision_frequency"):
        st.markdown(f"**{t('under_inspected_list')}**")
        under = db.mart("supervision_frequency", "year = ? and under_inspected", [year],
                        order_by="risk_level, uscc")
        under = for_body(under, "designated_body")
        ui.show_table(ui.with_names(under), key="inspections_under",
                      table="supervision_frequency", file_stem=f"under_inspected_{year}")

ui.policy_expander("inspections", ["inspection_checks", "enforcement_body_conflicts",
                                   "supervision_frequency"])
