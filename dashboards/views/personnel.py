"""人员培训 — for the personnel and training offices of each unit.

Officers by induction, refresher and certificate status, practical-training coverage, one
officer's training history and a to-do list, each downloadable as Excel. What a user sees
depends on the role (dashboards/auth.py, docs/access.md): every row is limited to the user's
units; the personnel office sees its people by name (names from the restricted copy, never from
the marts); analysts see them by person_id only; leadership sees head counts per unit only.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import auth, charts, db, ui
from dashboards.i18n import code, col, t
from dashboards.person_names import Names

user = ui.page_header("page_personnel")
per_person = user.role != "leadership"  # leadership: aggregates only
names = Names(user, "personnel")  # names only for roles that see them (personnel)

as_of = ui.as_of()
if as_of is None:
    ui.mart_or_notice("kpi_professional_ratio")
    st.stop()

# --- filters -------------------------------------------------------------------------------------
unit_codes: list[str] = []
for table in ("training_induction_status", "training_refresher_status"):
    if db.has_columns("marts", table, "unit_code"):
        unit_codes += db.query(
            f"select distinct unit_code from marts.{table} where unit_code is not null"
        )["unit_code"].tolist()
unit_codes = auth.scoped_units(unit_codes, user)
refresher_years = ui.years_of("training_refresher_status")

f1, f2 = st.columns(2)
unit = f1.selectbox(
    t("unit"), [None, *unit_codes], key=ui.wkey("personnel_unit"),
    format_func=lambda u: t("all") if u is None else ui.unit_text(u),
)
year = None
with f2:
    year = ui.pick_year("year", refresher_years, key="personnel_year")
st.caption(f"{t('as_of')}：{as_of.isoformat()}")


def for_unit(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the user's units, and of the chosen unit."""
    frame = auth.in_scope(frame, user)
    if unit is None or frame.empty or "unit_code" not in frame:
        return frame
    return frame[frame["unit_code"] == unit]


def people(frame: pd.DataFrame, status_column: str | None = None) -> pd.DataFrame:
    """What the user may see of per-person rows: the rows (with names for the personnel office),
    or for leadership the number of people per unit (and status)."""
    if per_person:
        return names.add_to(frame)
    by = [c for c in ("unit_code", status_column) if c and c in frame]
    if frame.empty or not by:
        return pd.DataFrame(columns=[*by, "persons"])
    return frame.groupby(by, dropna=False).size().reset_index(name="persons")


def status_filter(frame: pd.DataFrame, column: str, key: str, overrides=None) -> pd.DataFrame:
    if frame.empty or column not in frame:
        return frame
    options = sorted(frame[column].dropna().unique().tolist())
    chosen = st.multiselect(
        col(column), options, default=[], key=ui.wkey(key),
        format_func=lambda v: code(v, overrides), placeholder=t("all"),
    )
    return frame[frame[column].isin(chosen)] if chosen else frame


def status_chart(frame: pd.DataFrame, column: str, key: str, overrides=None) -> None:
    if frame.empty:
        return
    counts = frame.groupby(["unit_code", column], dropna=False).size().reset_index(name="n")
    counts["unit_label"] = [ui.unit_short(u) for u in counts["unit_code"]]
    st.plotly_chart(
        charts.stacked_status(counts, "unit_label", column, "n",
                              status_label=lambda v: code(v, overrides)),
        key=key,
    )


CERT_OVERRIDES = {"finding": {"missing": ("无执法证", "No certificate")}}

tabs = st.tabs([t("tab_induction"), t("tab_refresher"), t("tab_certificates"),
                t("tab_qualification"), t("tab_practical"), t("tab_history"), t("tab_todo")])

# --- induction -----------------------------------------------------------------------------------
with tabs[0]:
    if ui.mart_or_notice("training_induction_status"):
        induction = for_unit(
            db.mart("training_induction_status", "as_of_date = ?", [as_of],
                    order_by="unit_code, person_id")
        )
        status_chart(induction, "status", "personnel_induction_chart")
        induction = status_filter(induction, "status", "personnel_induction_status")
        ui.show_table(people(induction, "status"), key="personnel_induction",
                      table="training_induction_status",
                      file_stem=f"induction_{as_of}")

# --- refresher -----------------------------------------------------------------------------------
with tabs[1]:
    if ui.mart_or_notice("training_refresher_status"):
        refresher = for_unit(
            db.mart("training_refresher_status", "year = ?", [year],
                    order_by="unit_code, person_id")
        )
        status_chart(refresher, "status", "personnel_refresher_chart")
        refresher = status_filter(refresher, "status", "personnel_refresher_status")
        ui.show_table(people(refresher, "status"), key="personnel_refresher",
                      table="training_refresher_status",
                      file_stem=f"refresher_{year}")

# --- certificates --------------------------------------------------------------------------------
with tabs[2]:
    if ui.mart_or_notice("certificate_findings"):
        if db.has_columns("marts", "certificate_findings", "as_of_date"):
            certificates = db.mart("certificate_findings", "as_of_date = ?", [as_of],
                                   order_by="unit_code, person_id")
        else:
            certificates = db.mart("certificate_findings")
        certificates = for_unit(certificates)
        cert_col = next((c for c in ("finding", "finding_type", "status") if c in certificates),
                        None)
        if cert_col:
            status_chart(certificates, cert_col, "personnel_cert_chart",
                         CERT_OVERRIDES.get(cert_col))
            certificates = status_filter(certificates, cert_col, "personnel_cert_status",
                                         CERT_OVERRIDES.get(cert_col))
        ui.show_table(people(certificates, cert_col), key="personnel_certificates",
                      table="certificate_findings",
                      file_stem=f"certificates_{as_of}", overrides=CERT_OVERRIDES)

# --- qualification (the conditions of the 75% target, per officer) -------------------------------
with tabs[3]:
    if ui.mart_or_notice("staff_qualification"):
        qualification = for_unit(
            db.mart("staff_qualification", "as_of_date = ?", [as_of],
                    order_by="unit_code, person_id")
        )
        if "is_qualified" in qualification:
            only_unqualified = st.toggle(t("only_unqualified"), key="personnel_only_unqualified")
            if only_unqualified:
                qualification = qualification[
                    ~qualification["is_qualified"].fillna(False).astype(bool)
                ]
        ui.show_table(people(qualification, "is_qualified"), key="personnel_qualification",
                      table="staff_qualification", file_stem=f"qualification_{as_of}")

# --- practical training --------------------------------------------------------------------------
with tabs[4]:
    if ui.mart_or_notice("training_practical_share"):
        practical = db.mart("training_practical_share", "year = ?", [year],
                            order_by="unit_code") if year else db.mart("training_practical_share")
        practical = for_unit(practical)
        share_col = next((c for c in ("practical_share", "share") if c in practical), None)
        if share_col and not practical.empty:
            practical_chart = practical.assign(
                unit_label=[ui.unit_short(u) for u in practical["unit_code"]]
            )
            st.plotly_chart(
                charts.ratio_bars(practical_chart, "unit_label", share_col, target=None,
                                  target_label="", title=t("practical_share"),
                                  highlight=code("ALL")),
                key="personnel_practical_chart",
            )
        ui.show_table(practical, key="personnel_practical", table="training_practical_share",
                      file_stem=f"practical_{year}")

# --- one officer's history -----------------------------------------------------------------------
HISTORY_TABLES = ("training_history", "training_records")
with tabs[5]:
    if not per_person:
        st.info(t("per_person_hidden"), icon=":material/groups:")
    person_ids: list[str] = []
    history_tables = (("training_induction_status", "training_refresher_status", *HISTORY_TABLES)
                      if per_person else ())
    for table in history_tables:
        if db.has_columns("marts", table, "person_id"):
            unit_expr = "unit_code" if db.has_columns("marts", table, "unit_code") else "null"
            frame = db.query(
                f"select distinct person_id, {unit_expr} as unit_code from marts.{table}"
            )
            person_ids += for_unit(frame)["person_id"].dropna().tolist()
    person_ids = sorted(set(person_ids))
    labels = names.of(person_ids)
    person = st.selectbox(t("person_pick"), person_ids, index=None, key="personnel_person",
                          placeholder=t("person"),
                          format_func=lambda p: f"{p} {labels[p]}" if p in labels else p,
                          ) if person_ids else None
    if person:
        left, right = st.columns(2)
        if db.has_table("marts", "training_induction_status"):
            history = auth.in_scope(db.mart("training_induction_status", "person_id = ?",
                                            [person], order_by="as_of_date"), user)
            with left:
                if not history.empty:
                    st.plotly_chart(
                        charts.trend_lines(
                            history, "as_of_date", "induction_days",
                            title=f"{t('tab_induction')}：{col('induction_days')}",
                            target=ui.parameter("induction_min_days",
                                                "training_induction_status"),
                            target_label=col("induction_min_days"),
                        ),
                        key="personnel_history_induction",
                    )
        if db.has_table("marts", "training_refresher_status"):
            by_year = auth.in_scope(db.mart("training_refresher_status", "person_id = ?",
                                            [person], order_by="year"), user)
            with right:
                if not by_year.empty:
                    by_year["year_text"] = by_year["year"].astype(str)
                    st.plotly_chart(
                        charts.bars(by_year, "year_text", "refresher_days",
                                    names=[col("refresher_days")],
                                    title=f"{t('tab_refresher')}：{col('refresher_days')}"),
                        key="personnel_history_refresher",
                    )
            ui.show_table(by_year.drop(columns=["year_text"], errors="ignore"),
                          key="personnel_history_years", table="training_refresher_status",
                          file_stem=f"refresher_{person}")
        records_table = next((n for n in HISTORY_TABLES if db.has_table("marts", n)), None)
        if records_table:
            records = auth.in_scope(db.mart(records_table, "person_id = ?", [person],
                                            order_by="start_date"), user)
            st.markdown(f"**{t('tab_history')}** · {col('covered_days')}")
            if records.empty:
                st.caption(t("history_none"))
            else:
                ui.show_table(records, key="personnel_history_records", table=records_table,
                              file_stem=f"training_{person}")
        else:
            st.caption(t("history_missing"))

# --- to-do list ----------------------------------------------------------------------------------
with tabs[6]:
    st.caption(t("todo_caption"))
    sheets: dict[str, pd.DataFrame] = {}
    if db.has_table("marts", "training_induction_status"):
        overdue = for_unit(db.mart("training_induction_status",
                                   "as_of_date = ? and status = 'overdue'", [as_of],
                                   order_by="unit_code, person_id"))
        st.markdown(f"**{t('todo_overdue_induction')}**")
        overdue = people(overdue)
        ui.show_table(overdue, key="personnel_todo_induction", download=False)
        sheets[t("todo_overdue_induction")] = overdue
    if db.has_table("marts", "training_refresher_status"):
        current_year = as_of.year
        pending = for_unit(db.mart("training_refresher_status",
                                   "year = ? and status in ('pending', 'non_compliant')",
                                   [current_year], order_by="unit_code, person_id"))
        st.markdown(f"**{t('todo_refresher_pending')}（{current_year}）**")
        pending = people(pending)
        ui.show_table(pending, key="personnel_todo_refresher", download=False)
        sheets[t("todo_refresher_pending")] = pending
    if db.has_table("marts", "certificate_findings"):
        where, params = "", []
        if db.has_columns("marts", "certificate_findings", "as_of_date"):
            where, params = "as_of_date = ?", [as_of]
        certificates = people(for_unit(db.mart("certificate_findings", where, params)))
        st.markdown(f"**{t('todo_certificate')}**")
        ui.show_table(certificates, key="personnel_todo_certificates", download=False,
                      overrides=CERT_OVERRIDES)
        sheets[t("todo_certificate")] = certificates
    if sheets:
        st.download_button(
            t("download_todo"),
            data=ui.excel_bytes({name: ui.display_frame(frame, CERT_OVERRIDES)
                                 for name, frame in sheets.items()}),
            file_name=f"todo_{unit or 'ALL'}_{as_of}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="personnel_todo_xlsx", on_click="ignore", type="primary",
        )

names.report(unit)

ui.policy_expander(
    "personnel",
    ["training_induction_status", "training_refresher_status", "training_practical_share"],
)
