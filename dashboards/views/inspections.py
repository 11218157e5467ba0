"""执法检查 — for the enforcement division and the bodies' supervisors.

Double-random team validity and publicity, randomness of the draws per unit and year, rotation
of inspectors, object-pool mismatches, one-enforcement-body conflicts with the inspections
behind each, and graded supervision by risk colour and standardisation grade.
"""
from __future__ import annotations

import streamlit as st

from dashboards import charts, db, ui
from dashboards.i18n import code, col, t
from dashboards.queries import inspections as q

ui.page_header("page_inspections")

if not ui.mart_or_notice(q.CHECKS):
    st.stop()

years: set[int] = set()
for table, years_query in zip((q.CHECKS, q.CONFLICTS, q.FREQUENCY), q.year_options()):
    if db.has_table("marts", table):
        years |= {int(y) for y in db.query(*years_query)["y"]}
years = sorted(years, reverse=True)
bodies = db.query(*q.bodies())["body_code"].tolist()

f1, f2 = st.columns(2)
with f1:
    year = ui.pick_year("year", years, key="inspections_year")
body = f2.selectbox(
    col("body_code"), [None, *bodies], key=ui.wkey("inspections_body"),
    format_func=lambda b: t("all") if b is None else ui.unit_text(b),
)


def first_rows(rows_and_total, **table_args) -> None:
    """The first ui.ROWS_SHOWN rows of a list, with enterprise names, and how many matched."""
    rows, total = rows_and_total
    ui.show_table(ui.with_names(db.query(*rows)), total=int(db.scalar(*total) or 0),
                  **table_args)


tabs = st.tabs([t("tab_teams"), t("tab_randomness"), t("tab_rotation"), t("tab_pool"),
                t("tab_conflicts"), t("tab_supervision")])

# --- teams and publicity -------------------------------------------------------------------------
with tabs[0]:
    condition = q.checks_of(year, body)
    totals = db.query(*q.totals(condition)).iloc[0]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("inspections_total"), int(totals["n"]), border=True)
    m2.metric(t("team_invalid"), int(totals["invalid"]), border=True)
    m3.metric(t("untrained"), int(totals["untrained"]), border=True)
    m4.metric(t("publicity_overdue"), int(totals["overdue"]), border=True)

    counts = db.query(*q.publicity_counts(condition))
    if not counts.empty:
        counts["unit_label"] = [ui.unit_short(u) for u in counts["body_code"]]
        st.plotly_chart(
            charts.stacked_status(counts, "unit_label", "publicity_status", "n",
                                  status_label=code, title=t("publicity_status_chart")),
            key="inspections_publicity_chart",
        )
    only_problems = st.toggle(f"{t('team_invalid')} / {t('untrained')} / {t('publicity_overdue')}",
                              key="inspections_only_problems")
    shown = db.query(*q.checks(condition, only_problems, ui.ROWS_SHOWN))
    ui.show_table(ui.with_names(shown), key="inspections_checks", table=q.CHECKS,
                  file_stem=f"inspection_checks_{year}",
                  total=int(totals["problems" if only_problems else "n"]))
    st.markdown(f"**{t('team_findings')}**")
    if ui.mart_or_notice(q.TEAM):
        first_rows(q.team_findings(condition, ui.ROWS_SHOWN), key="inspections_team_findings",
                   table=q.TEAM, file_stem=f"team_findings_{year}")

# --- randomness ----------------------------------------------------------------------------------
with tabs[1]:
    st.info(t("p_value_explained"), icon=":material/casino:")
    if ui.mart_or_notice(q.RANDOMNESS):
        randomness = db.query(*q.randomness(year, body))  # one row per unit
        st.metric(t("not_uniform"),
                  int(randomness["draws_not_uniform"].fillna(False).astype(bool).sum()),
                  border=True)
        ui.show_table(randomness, key="inspections_randomness", table=q.RANDOMNESS,
                      file_stem=f"randomness_{year}")

# --- rotation ------------------------------------------------------------------------------------
with tabs[2]:
    if ui.mart_or_notice(q.ROTATION):
        first_rows(q.rotation(year, ui.ROWS_SHOWN), key="inspections_rotation", table=q.ROTATION,
                   file_stem=f"rotation_{year}")

# --- object pool ---------------------------------------------------------------------------------
with tabs[3]:
    if ui.mart_or_notice(q.POOL):
        first_rows(q.pool(year, body, ui.ROWS_SHOWN), key="inspections_pool", table=q.POOL,
                   file_stem=f"pool_findings_{year}")

# --- one enforcement body ------------------------------------------------------------------------
with tabs[4]:
    if ui.mart_or_notice(q.CONFLICTS):
        found = q.conflicts_of(year, body)
        by_type = db.query(*q.conflict_types(found))
        total = int(by_type["n"].sum())
        by_type = by_type[by_type["conflict_type"].notna()]
        if not by_type.empty:
            by_type["label"] = by_type["conflict_type"].map(code)
            st.plotly_chart(charts.bars(by_type, "label", "n", names=[t("cases")],
                                        horizontal=True),
                            key="inspections_conflict_types")
        conflicts = db.query(*q.conflicts(found, ui.ROWS_SHOWN))
        ui.show_table(ui.with_names(conflicts), key="inspections_conflicts", table=q.CONFLICTS,
                      file_stem=f"one_body_{year}", total=total)
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
                ids = q.split(picked.get("inspection_ids"))
                cases = q.split(picked.get("case_nos"))
                if ids:
                    st.markdown(f"**{t('inspections_behind')}**")
                    ui.show_table(db.query(*q.inspections_behind(ids)),
                                  key="inspections_conflict_inspections", table=q.CHECKS,
                                  download=False)
                if cases and db.has_table("marts", "penalty_checks"):
                    st.markdown(f"**{t('cases_behind')}**")
                    ui.show_table(db.query(*q.cases_behind(cases)),
                                  key="inspections_conflict_cases", table="penalty_checks",
                                  download=False)

# --- graded supervision --------------------------------------------------------------------------
with tabs[5]:
    if ui.mart_or_notice(q.LEVELS):
        levels = db.query(*q.levels(year))
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
    if ui.mart_or_notice(q.FREQUENCY):
        st.markdown(f"**{t('under_inspected_list')}**")
        first_rows(q.under_inspected(year, body, ui.ROWS_SHOWN), key="inspections_under",
                   table=q.FREQUENCY, file_stem=f"under_inspected_{year}")

ui.policy_expander("inspections", [q.CHECKS, q.CONFLICTS, q.FREQUENCY])
