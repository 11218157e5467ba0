"""行政处罚 — for the legal affairs office and the enforcement bodies.

Monthly trend against the same month a year earlier; breakdown by body, violation,
circumstance and risk colour; fines outside the discretion band; consistency of fines (CV, body
median against the corps median); legal review and publicity; collection and referrals.
Revoked cases are left out of trends by the marts and counted on their own.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import charts, db, ui
from dashboards.i18n import code, code_labeller, col, t
from dashboards.queries import penalties as q

ui.page_header("page_penalties")

if not ui.mart_or_notice(q.CASES):
    st.stop()

years = [int(y) for y in db.query(*q.year_options())["y"]]
bodies = db.query(*q.bodies())["body_code"].tolist()

f1, f2 = st.columns(2)
with f1:
    year = ui.pick_year("year", years, key="penalties_year")
body = f2.selectbox(
    col("body_code"), [None, *bodies], key=ui.wkey("penalties_body"),
    format_func=lambda b: t("all") if b is None else ui.unit_text(b),
)

condition = q.cases_of(year, body)
summary = db.query(*q.summary(condition)).iloc[0]
live_cases = int(summary["cases"])

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("kpi_penalties", year=year), live_cases, border=True)
m2.metric(col("fine_total"), ui.num(summary["fine_total"]) if live_cases else "0", border=True)
m3.metric(t("band_outliers"), int(summary["band_outliers"]), border=True)
m4.metric(code("revoked"), int(summary["revoked"]), border=True)
st.caption(t("revoked_note", n=int(summary["revoked"])))


def pie(column: str, key: str, **pie_args) -> None:
    """Live cases per value of a status column."""
    counts = db.query(*q.live_per(column, condition))
    st.plotly_chart(charts.pie(counts, column, "n", label=code, colour_map=charts.STATUS_COLOURS,
                               **pie_args), key=key)


tabs = st.tabs([t("tab_trend"), t("tab_breakdown"), t("tab_band"), t("tab_consistency"),
                t("tab_compliance"), t("tab_collection")])

# --- trend ---------------------------------------------------------------------------------------
with tabs[0]:
    if db.has_columns("marts", q.TRENDS, "dimension", "dimension_value"):
        trend = db.query(*q.trend(body))
        if trend.empty:
            st.caption(t("no_rows"))
        else:
            in_year = trend[pd.to_datetime(trend["month"]).dt.year == year]
            left, right = st.columns(2)
            with left:
                st.plotly_chart(
                    charts.bars(in_year, "month", ["cases", "cases_prior_year"],
                                names=[t("this_year"), t("same_month_last_year")],
                                title=f"{t('cases')}（{year}）"),
                    key="penalties_trend_cases",
                )
            with right:
                st.plotly_chart(
                    charts.bars(in_year, "month", ["fine_total", "fine_total_prior_year"],
                                names=[t("this_year"), t("same_month_last_year")],
                                title=f"{col('fine_total')}（{year}）"),
                    key="penalties_trend_fines",
                )
            st.plotly_chart(
                charts.trend_lines(trend, "month", "cases", title=t("all_months"),
                                   marker_x=pd.Timestamp(year=year, month=12, day=31)),
                key="penalties_trend_history",
            )
            ui.show_table(in_year, key="penalties_trend", table="penalty_trends",
                          file_stem=f"penalty_trend_{year}")
            # drill-down: a point of the trend (month, and the body chosen) → its cases
            months = sorted(pd.to_datetime(in_year.loc[in_year["cases"] > 0, "month"]).dt.date)
            month = st.selectbox(t("drilldown_month_pick"), months, index=None,
                                 key="penalties_trend_month", placeholder=t("drilldown_month_pick"),
                                 format_func=lambda m: m.strftime("%Y-%m"))
            if month is not None:
                st.caption(t("drilldown_cases_caption"))
                ui.show_table(ui.with_names(db.query(*q.cases_of_month(month, body, ui.ROWS_SHOWN))),
                              key="penalties_month_cases", table=q.CASES,
                              file_stem=f"penalty_cases_{month:%Y%m}_{body or 'ALL'}")
    elif ui.mart_or_notice(q.MONTHLY):
        monthly = db.query(*q.monthly(body))
        st.plotly_chart(charts.bars(monthly, "month", "cases", names=[t("cases")]),
                        key="penalties_monthly_cases")
        ui.show_table(monthly, key="penalties_monthly", table=q.MONTHLY)

# --- breakdown -----------------------------------------------------------------------------------
with tabs[1]:
    dimension = st.segmented_control(
        t("dimension"), q.DIMENSIONS, default="body_code", key=ui.wkey("penalties_dimension"),
        format_func=code_labeller(),
    ) or "body_code"
    if db.has_columns("marts", q.TRENDS, "dimension", "dimension_value"):
        breakdown = db.query(*q.breakdown(dimension, year))
    else:
        breakdown = db.query(*q.breakdown_of_cases(dimension, condition))
    if not breakdown.empty:
        labels = (breakdown["dimension_value"].map(ui.unit_short) if dimension == "body_code"
                  else breakdown["dimension_value"].map(code))
        breakdown.insert(1, "label", labels)
        colours = ([charts.RISK_COLOURS.get(v) for v in breakdown["dimension_value"]]
                   if dimension == "risk_level" else None)
        left, right = st.columns(2)
        with left:
            st.plotly_chart(charts.bars(breakdown, "label", "cases", names=[t("cases")],
                                        title=t("cases"), bar_colours=colours),
                            key="penalties_breakdown_cases")
        with right:
            st.plotly_chart(charts.bars(breakdown, "label", "fine_total",
                                        names=[col("fine_total")], title=col("fine_total"),
                                        bar_colours=colours),
                            key="penalties_breakdown_fines")
        ui.show_table(breakdown.drop(columns=["label"]).rename(
                          columns={"dimension_value": dimension}),
                      key="penalties_breakdown", file_stem=f"penalties_by_{dimension}_{year}")
    else:
        st.caption(t("no_rows"))

# --- discretion band -----------------------------------------------------------------------------
with tabs[2]:
    if live_cases:
        pie("band_status", "penalties_band_pie")
    st.markdown(f"**{t('band_outliers')}**")
    ui.show_table(ui.with_names(db.query(*q.band_outliers(condition, ui.ROWS_SHOWN))),
                  key="penalties_band", table=q.CASES, file_stem=f"discretion_outliers_{year}",
                  total=int(summary["band_listed"]))

# --- consistency ---------------------------------------------------------------------------------
with tabs[3]:
    st.caption(t("cv_explained"))
    if ui.mart_or_notice(q.CONSISTENCY):
        st.markdown(f"**{code('ALL')}**")
        ui.show_table(db.query(*q.consistency_corps(year)), key="penalties_consistency_corps",
                      table=q.CONSISTENCY, file_stem=f"consistency_corps_{year}")
        rows, total = q.consistency_bodies(year, body, ui.ROWS_SHOWN)
        body_rows = db.query(*rows)
        if not body_rows.empty:  # the rows listed below
            chart = body_rows.assign(
                label=[f"{r.violation_code}·{code(r.circumstance)}·{ui.unit_short(r.body_code)}"
                       for r in body_rows.itertuples()]
            )
            st.plotly_chart(
                charts.bars(chart, "label", ["fine_median", "corps_median"],
                            names=[col("body_median"), col("corps_median")], horizontal=True),
                key="penalties_consistency_chart",
            )
        ui.show_table(body_rows, key="penalties_consistency_bodies", table=q.CONSISTENCY,
                      file_stem=f"consistency_bodies_{year}", total=int(db.scalar(*total) or 0))

# --- legal review and publicity ------------------------------------------------------------------
with tabs[4]:
    if live_cases:
        left, right = st.columns(2)
        for column, where, chart_key in (("legal_review_status", left, "legal"),
                                         ("publicity_status", right, "publicity")):
            with where:
                pie(column, f"penalties_{chart_key}_pie", title=col(column))
        ui.show_table(db.query(*q.compliance_problems(condition, ui.ROWS_SHOWN)),
                      key="penalties_compliance", table=q.CASES,
                      file_stem=f"legal_review_publicity_{year}",
                      total=int(summary["compliance_problems"]))
    else:
        st.caption(t("no_rows"))

# --- collection and referral ---------------------------------------------------------------------
with tabs[5]:
    if db.has_table("marts", q.COLLECTION):
        collection = db.query(*q.collection(year))
        corps = collection[collection["body_code"] == ("ALL" if body is None else body)]
        if not corps.empty:
            row = corps.iloc[0]
            c1, c2, c3 = st.columns(3)
            c1.metric(t("paid_share"), ui.pct(row.get("fine_paid_share")), border=True)
            c2.metric(col("paid_case_share"), ui.pct(row.get("paid_case_share")), border=True)
            c3.metric(t("referred"), ui.num(row.get("referred_cases")), border=True)
        ui.show_table(collection, key="penalties_collection", table=q.COLLECTION,
                      file_stem=f"collection_{year}")
    else:
        ui.mart_or_notice(q.COLLECTION)
    if db.has_table("marts", q.REVOKED):
        st.markdown(f"**{code('revoked')}**")
        ui.show_table(db.query(*q.revoked(year)), key="penalties_revoked", table=q.REVOKED,
                      file_stem=f"revoked_{year}")
    st.markdown(f"**{t('referred')}**")
    ui.show_table(ui.with_names(db.query(*q.referred(condition, ui.ROWS_SHOWN))),
                  key="penalties_referred", table=q.CASES, file_stem=f"referred_{year}",
                  total=int(summary["referred"]))

ui.policy_expander("penalties", [q.CASES])
