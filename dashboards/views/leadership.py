"""领导驾驶舱 — the bureau leadership's one-page view.

The 75% professional ratio of the corps and each division at the chosen month, its monthly trend
against the 2022-12-31 deadline, the ranking and people gap of the divisions, training
compliance, one-body conflicts, under-inspected enterprises and the penalty trend, normalised
by unit size where units are compared; and 修正记录, the published figures a later file changed.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import bulletin, charts, db, ui
from dashboards.i18n import code, col, t
from dashboards.queries import bulletin as bulletin_q
from dashboards.queries import leadership as q

user = ui.page_header("page_leadership")

as_of = ui.as_of()
names = ui.unit_names()

if as_of is None:
    ui.mart_or_notice("kpi_professional_ratio")
    st.stop()

target = ui.parameter("professional_target_ratio", "kpi_professional_ratio", "target_ratio")
target = float(target) if target is not None else None
deadline = ui.parameter("professional_target_deadline", "kpi_professional_ratio")
target_text = ui.pct(target, 0) if target is not None else "—"

kpi = db.query(*q.kpi(as_of))
corps = kpi[kpi["unit_code"] == "ALL"]
units = kpi[kpi["unit_code"] != "ALL"].copy()
units["unit_label"] = [ui.unit_short(u) for u in units["unit_code"]]
if "unit_level" in units:
    divisions = set(units.loc[units["unit_level"] == "division", "unit_code"])
elif names and db.has_columns("marts", "dim_units", "level"):
    levels = db.query(*q.unit_levels())
    divisions = set(levels.loc[levels["level"] == "division", "unit_code"])
else:
    divisions = set(units["unit_code"])

year_options = sorted(
    set(ui.years_of(q.FREQUENCY)) | set(ui.years_of(q.CONFLICTS)) | set(ui.years_of(q.REFRESHER))
    | {as_of.year},
    reverse=True,
)
year = st.selectbox(
    t("year"), year_options, index=year_options.index(as_of.year),
    key=f"leadership_year@{as_of.year}", help=t("as_of_help"),
)
st.caption(f"{t('as_of')}：{as_of.isoformat()}")

# --- headline figures --------------------------------------------------------------------------
row = corps.iloc[0] if not corps.empty else None
c1, c2, c3, c4 = st.columns(4)
ratio = row["qualified_ratio"] if row is not None else None
c1.metric(
    t("kpi_corps_ratio"), ui.pct(ratio),
    delta=(t("points", value=(ratio - target) * 100) if ratio is not None and pd.notna(ratio)
           and target is not None else None),
    help=t("kpi_target", target=target_text), border=True,
)
c2.metric(
    t("kpi_people_gap"), ui.num(row["people_gap"]) if row is not None else "—",
    help=t("kpi_people_gap_help"), border=True,
)
meeting = units[units["unit_code"].isin(divisions)]
c3.metric(
    t("kpi_units_meeting"),
    f"{int(meeting['meets_target'].fillna(False).astype(bool).sum())} / {len(meeting)}",
    border=True,
)
c4.metric(t("kpi_officers"), ui.num(row["officers_in_post"]) if row is not None else "—",
          border=True)

# training compliance: counts of mart rows (compliant ÷ officers the rule applies to)
induction_rate = refresher_rate = operating = conflicts = under = penalties = None
if db.has_table("marts", q.INDUCTION):
    induction_rate = db.scalar(*q.induction_rate(as_of))
if db.has_table("marts", q.REFRESHER):
    refresher_rate = db.scalar(*q.refresher_rate(year))
if db.has_table("marts", q.FREQUENCY):
    operating = db.scalar(*q.operating(year))
    under = db.scalar(*q.under_inspected(year))
if db.has_table("marts", q.CONFLICTS):
    conflicts = db.scalar(*q.conflicts(year))
if db.has_columns("marts", q.CASES, "decision_date", "status"):
    penalties = db.scalar(*q.penalties(year))


def per_100(value):
    if value is None or not operating:
        return None
    return t("per_100_enterprises", value=f"{value * 100 / operating:.1f}")


c5, c6, c7, c8 = st.columns(4)
c5.metric(t("kpi_induction_rate"), ui.pct(induction_rate), help=t("kpi_rate_help"), border=True)
c6.metric(t("kpi_refresher_rate", year=year), ui.pct(refresher_rate), help=t("kpi_rate_help"),
          border=True)
c7.metric(t("kpi_conflicts", year=year), ui.num(conflicts), delta=per_100(conflicts),
          delta_color="off", delta_arrow="off", help=t("kpi_conflicts_help"), border=True)
c8.metric(t("kpi_under_inspected", year=year), ui.num(under), delta=per_100(under),
          delta_color="off", delta_arrow="off", border=True)

# --- the 75% ratio -------------------------------------------------------------------------------
left, right = st.columns([2, 3])
with left:
    st.plotly_chart(
        charts.ratio_bars(
            pd.concat([units, corps.assign(unit_label=code("ALL"))]),
            "unit_label", "qualified_ratio", target=target,
            target_label=t("target_line", target=target_text),
            title=t("ratio_by_unit", date=as_of.isoformat()), highlight=code("ALL"),
        ),
        key="leadership_ratio_bars",
    )
with right:
    # the corps line, and the units chosen for comparison (by default those below the target)
    compare = st.multiselect(
        t("compare_units"), sorted(units["unit_code"].dropna().unique()),
        default=q.below_target(units, divisions), key=ui.wkey("leadership_compare"),
        format_func=ui.unit_text, placeholder=t("compare_units"),
    )
    trend = db.query(*q.ratio_trend(compare))
    trend["unit_label"] = [ui.unit_short(u) for u in trend["unit_code"]]
    st.plotly_chart(
        charts.trend_lines(
            trend, "as_of_date", "qualified_ratio", "unit_label", title=t("ratio_trend"),
            percent=True, target=target, target_label=t("target_line", target=target_text),
            deadline=deadline, deadline_label=t("deadline", date=ui.date_text(deadline)),
            marker_x=pd.Timestamp(as_of), bold_series=code("ALL"),
        ),
        key="leadership_ratio_trend",
    )

left, right = st.columns([3, 2])
with left:
    st.subheader(t("ranking"))
    ranking = units[units["unit_code"].isin(divisions)].sort_values(
        ["qualified_ratio", "people_gap"], ascending=[False, True], na_position="last"
    )
    ranking.insert(0, "rank", range(1, len(ranking) + 1))
    shown_cols = ["rank", "unit_code", "qualified_ratio", "officers_in_post",
                  "qualified_officers", "people_gap", "meets_target"]
    ranking = ranking[[c for c in shown_cols if c in ranking.columns]]
    ui.show_table(ranking.rename(columns={"rank": "#"}), key="leadership_ranking",
                  table="kpi_professional_ratio", file_stem=f"division_ranking_{as_of}")
with right:
    gap = units[units["people_gap"].fillna(0) > 0].sort_values("people_gap")
    if gap.empty:
        st.subheader(t("people_gap_chart"))
        st.caption(t("no_rows"))
    else:
        st.plotly_chart(
            charts.bars(gap, "unit_label", "people_gap", names=[col("people_gap")],
                        title=t("people_gap_chart"), horizontal=True),
            key="leadership_gap",
        )

# --- drill-down: the people behind a unit's ratio (head counts only for the leadership role) ----
if db.has_table("marts", q.DRILLDOWN):
    st.subheader(t("drilldown"))
    st.caption(t("drilldown_ratio_caption"))
    drill_unit = st.selectbox(
        t("drilldown_unit_pick"), sorted(units["unit_code"].dropna().unique()), index=None,
        key=ui.wkey("leadership_drilldown_unit"), format_func=ui.unit_text,
        placeholder=t("drilldown_unit_pick"),
    )
    if drill_unit is not None:
        figure = units[units["unit_code"] == drill_unit].iloc[0]
        st.markdown(t("drilldown_ratio_figure", unit=ui.unit_text(drill_unit),
                      officers=int(figure["officers_in_post"]),
                      qualified=int(figure["qualified_officers"])))
        if user.role == "leadership":
            st.caption(t("drilldown_ratio_counts"))
            ui.show_table(db.query(*q.ratio_reasons(as_of, drill_unit)),
                          key="leadership_drilldown_counts", table=q.DRILLDOWN,
                          file_stem=f"ratio_reasons_{drill_unit}_{as_of}")
        else:
            people = db.query(*q.ratio_people(as_of, drill_unit, ui.ROWS_SHOWN))
            total = (db.scalar(*q.ratio_people_count(as_of, drill_unit))
                     if len(people) == ui.ROWS_SHOWN else None)
            ui.show_table(people, key="leadership_drilldown_people", table=q.DRILLDOWN,
                          file_stem=f"ratio_people_{drill_unit}_{as_of}", total=total)

# --- the path to the target: the page only selects and filters kpi_target_path(_months) ----------
if db.has_table("marts", q.PATH) and db.has_table("marts", q.PATH_MONTHS):
    st.subheader(t("target_path"))
    st.caption(t("target_path_caption"))
    ui.show_table(db.query(*q.target_path()), key="leadership_target_path",
                  table=q.PATH, file_stem=f"target_path_{as_of}")
    months = db.query(*q.target_months())
    if not months.empty:
        choices = list(months["target_month"])
        by = st.selectbox(t("reach_by"), choices, index=choices.index(q.default_reach_by(months)),
                          format_func=lambda m: pd.Timestamp(m).strftime("%Y-%m"),
                          key=ui.wkey("leadership_reach_by"))
        ui.show_table(db.query(*q.hires_by(by)), key="leadership_hires_by",
                      table=q.PATH_MONTHS, file_stem=f"hires_by_{by}")
else:
    ui.mart_or_notice(q.PATH)

training_col, normalised_col = st.columns(2)
with training_col:
    # --- training compliance by unit (per officer) ------------------------------------------------
    st.subheader(t("training_by_unit"))
    parts = [db.query(*query) for table, query in
             zip((q.INDUCTION, q.REFRESHER), q.training_by_unit(as_of, year))
             if db.has_table("marts", table)]
    if parts:
        rates = pd.concat(parts).pivot_table(index="unit_code", columns="kind", values="rate")
        rates = rates.reindex(columns=["induction", "refresher"]).reset_index()
        rates["unit_label"] = [ui.unit_short(u) for u in rates["unit_code"]]
        st.plotly_chart(
            charts.bars(rates, "unit_label", ["induction", "refresher"],
                        names=[t("kpi_induction_rate"), t("kpi_refresher_rate", year=year)],
                        percent=True, horizontal=True),
            key="leadership_training",
        )
    else:
        ui.mart_or_notice("training_induction_status")

with normalised_col:
    # --- findings and penalties normalised by the number of enterprises each body supervises ------
    st.subheader(t("normalised"))
    st.caption(t("normalised_caption"))
    needed = ("enforcement_body_conflicts", "penalty_checks")
    if db.has_columns("marts", "supervision_frequency", "designated_body") and all(
        db.has_table("marts", name) for name in needed
    ):
        normalised = db.query(*q.normalised(year))
        if not normalised.empty:
            for name in ("conflicts", "under_inspected", "cases"):
                normalised[f"{name}_per_100"] = normalised[name] * 100.0 / normalised["enterprises"]
            normalised["unit_label"] = [ui.unit_short(u) for u in normalised["body_code"]]
            st.plotly_chart(
                charts.bars(
                    normalised, "unit_label",
                    ["conflicts_per_100", "under_inspected_per_100", "cases_per_100"],
                    names=[t("kpi_conflicts", year=year), t("kpi_under_inspected", year=year),
                           t("kpi_penalties", year=year)],
                    title=t("per_100_title"), horizontal=True,
                ),
                key="leadership_normalised",
            )
        else:
            st.caption(t("no_rows"))
    else:
        ui.mart_or_notice("supervision_frequency")

# --- penalty trend -------------------------------------------------------------------------------
st.subheader(t("penalty_trend"))
if db.has_columns("marts", "penalty_trends", "dimension", "cases_prior_year"):
    monthly = db.query(*q.penalty_trend())
elif db.has_table("marts", "penalty_monthly"):
    monthly = db.query(*q.penalty_monthly())
else:
    monthly = pd.DataFrame()
if monthly.empty:
    ui.mart_or_notice("penalty_trends")
else:
    series = ["cases", "cases_prior_year"] if "cases_prior_year" in monthly else ["cases"]
    st.plotly_chart(
        charts.bars(monthly, "month", series,
                    names=[t("this_year"), t("same_month_last_year")][: len(series)]),
        key="leadership_penalty_trend",
    )

# --- 修正记录: published figures changed later ----------------------------------------------------
st.subheader(t("restatements"))
st.caption(t("restatements_caption"))
if ui.mart_or_notice(q.RESTATEMENTS):
    r1, r2 = st.columns(2)
    kpis = db.query(*q.restatement_choices("kpi"))["kpi"].tolist()
    chosen_kpi = r1.selectbox(t("restatement_kpi"), [None, *kpis], key=ui.wkey("leadership_restated_kpi"),
                              format_func=lambda k: t("all") if k is None else code(k))
    restated_units = db.query(*q.restatement_choices("unit_code"))["unit_code"].tolist()
    chosen_unit = r2.selectbox(t("restatement_unit"), [None, *restated_units],
                               key=ui.wkey("leadership_restated_unit"),
                               format_func=lambda u: t("all") if u is None else ui.unit_text(u))
    rows, total = q.restatements(chosen_kpi, chosen_unit, ui.ROWS_SHOWN)
    restated = db.query(*rows)
    if restated.empty:
        st.caption(t("restatements_none"))
    else:
        ui.show_table(restated, total=int(db.scalar(*total) or 0), key="leadership_restatements",
                      table=q.RESTATEMENTS, file_stem="kpi_restatements")

# --- the quarterly bulletin: the documents are laid out only when a button is clicked -------------
st.subheader(t("bulletin"))
if ui.mart_or_notice(bulletin_q.RANKING):
    st.caption(t("bulletin_caption"))
    quarters = list(db.query(*bulletin_q.quarters())["quarter"])
    if quarters:
        quarter = st.selectbox(t("bulletin_quarter"), quarters, key="leadership_bulletin_quarter")
        rows = db.query(*bulletin_q.ranking(quarter))
        stem = bulletin.file_stem(quarter)
        word, pdf = st.columns(2)
        word.download_button(
            t("bulletin_docx"), data=lambda: bulletin.to_docx(bulletin.build(rows, quarter)),
            file_name=f"{stem}.docx", on_click="ignore", key="leadership_bulletin_docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        pdf.download_button(
            t("bulletin_pdf"), data=lambda: bulletin.to_pdf(bulletin.build(rows, quarter)),
            file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore",
            key="leadership_bulletin_pdf",
        )
    else:
        st.caption(t("no_rows"))

ui.policy_expander(
    "leadership",
    ["kpi_professional_ratio", "training_induction_status", "training_refresher_status",
     "enforcement_body_conflicts", "supervision_frequency"],
)
