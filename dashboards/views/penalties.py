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

ui.page_header("page_penalties")

if not ui.mart_or_notice("penalty_checks"):
    st.stop()

year_col = "decision_year" if db.has_columns("marts", "penalty_checks", "decision_year") else None
year_expr = year_col or "year(decision_date)"
years = db.query(
    f"select distinct {year_expr} as y from marts.penalty_checks where decision_date is not null "
    "order by 1 desc"
)["y"].astype(int).tolist()
bodies = db.query(
    "select distinct body_code from marts.penalty_checks where body_code is not null order by 1"
)["body_code"].tolist()

f1, f2 = st.columns(2)
with f1:
    year = ui.pick_year("year", years, key="penalties_year")
body = f2.selectbox(
    col("body_code"), [None, *bodies], key=ui.wkey("penalties_body"),
    format_func=lambda b: t("all") if b is None else ui.unit_text(b),
)

cases = db.mart("penalty_checks", f"{year_expr} = ?", [year], order_by="decision_date, case_no")
if body is not None:
    cases = cases[cases["body_code"] == body]
revoked_mask = (cases["status"] == "revoked") if not cases.empty else pd.Series(dtype=bool)
live = cases[~revoked_mask] if not cases.empty else cases

m1, m2, m3, m4 = st.columns(4)
m1.metric(t("kpi_penalties", year=year), len(live), border=True)
m2.metric(col("fine_total"), ui.num(live["fine_amount"].sum()) if not live.empty else "0",
          border=True)
m3.metric(t("band_outliers"),
          int(live["band_status"].isin(["below", "above"]).sum()) if not live.empty else 0,
          border=True)
m4.metric(code("revoked"), int(revoked_mask.sum()) if not cases.empty else 0, border=True)
st.caption(t("revoked_note", n=int(revoked_mask.sum()) if not cases.empty else 0))

tabs = st.tabs([t("tab_trend"), t("tab_breakdown"), t("tab_band"), t("tab_consistency"),
                t("tab_compliance"), t("tab_collection")])

# --- trend ---------------------------------------------------------------------------------------
with tabs[0]:
    if db.has_columns("marts", "penalty_trends", "dimension", "dimension_value"):
        if body is None:
            trend = db.mart("penalty_trends", "dimension = 'all'", order_by="month")
        else:
            trend = db.mart("penalty_trends", "dimension = 'body_code' and dimension_value = ?",
                            [body], order_by="month")
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
    elif ui.mart_or_notice("penalty_monthly"):
        monthly = db.query(
            "select month, sum(cases) as cases, sum(fine_total) as fine_total "
            "from marts.penalty_monthly where (? is null or body_code = ?) "
            "group by month order by month",
            [body, body],
        )
        st.plotly_chart(charts.bars(monthly, "month", "cases", names=[t("cases")]),
                        key="penalties_monthly_cases")
        ui.show_table(monthly, key="penalties_monthly", table="penalty_monthly")

# --- breakdown -----------------------------------------------------------------------------------
DIMENSIONS = ["body_code", "violation_code", "circumstance", "risk_level"]
with tabs[1]:
    dimension = st.segmented_control(
        t("dimension"), DIMENSIONS, default="body_code", key=ui.wkey("penalties_dimension"),
        format_func=code_labeller(),
    ) or "body_code"
    if db.has_columns("marts", "penalty_trends", "dimension", "dimension_value"):
        breakdown = db.query(
            "select dimension_value, sum(cases) as cases, sum(fine_total) as fine_total, "
            "sum(confiscation_total) as confiscation_total from marts.penalty_trends "
            "where dimension = ? and year(month) = ? group by 1 order by cases desc",
            [dimension, year],
        )
    elif dimension in cases:
        breakdown = (live.groupby(dimension).agg(cases=("case_no", "count"),
                                                  fine_total=("fine_amount", "sum"))
                     .reset_index().rename(columns={dimension: "dimension_value"}))
    else:
        breakdown = pd.DataFrame()
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
    if not live.empty:
        counts = live.groupby("band_status", dropna=False).size().reset_index(name="n")
        st.plotly_chart(charts.pie(counts, "band_status", "n", label=code,
                                   colour_map=charts.STATUS_COLOURS),
                        key="penalties_band_pie")
    st.markdown(f"**{t('band_outliers')}**")
    outliers = live[live["band_status"].isin(["below", "above", "no_standard"])]
    band_cols = ["case_no", "uscc", "body_code", "decision_date", "violation_code",
                 "circumstance", "fine_amount", "fine_min", "fine_max", "band_status"]
    ui.show_table(ui.with_names(outliers[[c for c in band_cols if c in outliers]]),
                  key="penalties_band", table="penalty_checks",
                  file_stem=f"discretion_outliers_{year}")

# --- consistency ---------------------------------------------------------------------------------
with tabs[3]:
    st.caption(t("cv_explained"))
    if ui.mart_or_notice("penalty_consistency"):
        consistency = db.mart("penalty_consistency", "year = ?", [year],
                              order_by="violation_code, circumstance, body_code")
        corps_rows = consistency[consistency["body_code"] == "ALL"]
        st.markdown(f"**{code('ALL')}**")
        ui.show_table(corps_rows, key="penalties_consistency_corps",
                      table="penalty_consistency", file_stem=f"consistency_corps_{year}")
        body_rows = consistency[consistency["body_code"] != "ALL"]
        if body is not None:
            body_rows = body_rows[body_rows["body_code"] == body]
        if not body_rows.empty and {"fine_median", "corps_median"} <= set(body_rows.columns):
            chart = body_rows.assign(
                label=[f"{r.violation_code}·{code(r.circumstance)}·{ui.unit_short(r.body_code)}"
                       for r in body_rows.itertuples()]
            )
            st.plotly_chart(
                charts.bars(chart, "label", ["fine_median", "corps_median"],
                            names=[col("body_median"), col("corps_median")], horizontal=True),
                key="penalties_consistency_chart",
            )
        ui.show_table(body_rows, key="penalties_consistency_bodies",
                      table="penalty_consistency", file_stem=f"consistency_bodies_{year}")

# --- legal review and publicity ------------------------------------------------------------------
with tabs[4]:
    if not live.empty:
        left, right = st.columns(2)
        for column, where, chart_key in (("legal_review_status", left, "legal"),
                                         ("publicity_status", right, "publicity")):
            counts = live.groupby(column, dropna=False).size().reset_index(name="n")
            with where:
                st.plotly_chart(charts.pie(counts, column, "n", title=col(column), label=code,
                                           colour_map=charts.STATUS_COLOURS),
                                key=f"penalties_{chart_key}_pie")
        problems = live[live["legal_review_status"].isin(["missing", "after_decision"])
                        | live["publicity_status"].isin(["late", "overdue"])]
        compliance_cols = ["case_no", "body_code", "decision_date", "is_major",
                           "legal_review_date", "legal_review_status", "publicity_deadline",
                           "publicity_date", "publicity_status"]
        ui.show_table(problems[[c for c in compliance_cols if c in problems]],
                      key="penalties_compliance", table="penalty_checks",
                      file_stem=f"legal_review_publicity_{year}")
    else:
        st.caption(t("no_rows"))

# --- collection and referral ---------------------------------------------------------------------
with tabs[5]:
    if db.has_table("marts", "penalty_collection"):
        collection = db.mart("penalty_collection", "year = ?", [year], order_by="body_code")
        corps = collection[collection["body_code"] == ("ALL" if body is None else body)]
        if not corps.empty:
            row = corps.iloc[0]
            c1, c2, c3 = st.columns(3)
            c1.metric(t("paid_share"), ui.pct(row.get("fine_paid_share")), border=True)
            c2.metric(col("paid_case_share"), ui.pct(row.get("paid_case_share")), border=True)
            c3.metric(t("referred"), ui.num(row.get("referred_cases")), border=True)
        ui.show_table(collection, key="penalties_collection", table="penalty_collection",
                      file_stem=f"collection_{year}")
    else:
        ui.mart_or_notice("penalty_collection")
    if db.has_table("marts", "penalty_revoked"):
        revoked = db.mart("penalty_revoked", "year = ?", [year], order_by="body_code")
        st.markdown(f"**{code('revoked')}**")
        ui.show_table(revoked, key="penalties_revoked", table="penalty_revoked",
                      file_stem=f"revoked_{year}")
    referred = live[live["referred"].fillna(False).astype(bool)]
    st.markdown(f"**{t('referred')}**")
    ui.show_table(ui.with_names(referred[[c for c in ["case_no", "uscc", "body_code",
                                                       "decision_date", "fine_amount", "status"]
                                           if c in referred]]),
                  key="penalties_referred", table="penalty_checks",
                  file_stem=f"referred_{year}")

ui.policy_expander("penalties", ["penalty_checks"])
