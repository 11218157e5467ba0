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
from dashboards.queries import personnel as q
from dashboards.queries import where

user = ui.page_header("page_personnel")
per_person = user.role != "leadership"  # leadership: aggregates only
names = Names(user, "personnel")  # names only for roles that see them (personnel)
scope = auth.units_in_scope(user)

as_of = ui.as_of()
if as_of is None:
    ui.mart_or_notice("kpi_professional_ratio")
    st.stop()

# --- filters -------------------------------------------------------------------------------------
unit_codes: list[str] = []
for table in (q.INDUCTION, q.REFRESHER):
    if db.has_columns("marts", table, "unit_code"):
        unit_codes += db.query(*q.unit_codes(table))["unit_code"].tolist()
unit_codes = auth.scoped_units(unit_codes, user)
refresher_years = ui.years_of(q.REFRESHER)

f1, f2 = st.columns(2)
unit = f1.selectbox(
    t("unit"), [None, *unit_codes], key=ui.wkey("personnel_unit"),
    format_func=lambda u: t("all") if u is None else ui.unit_text(u),
)
year = None
with f2:
    year = ui.pick_year("year", refresher_years, key="personnel_year")
st.caption(f"{t('as_of')}：{as_of.isoformat()}")


def show_people(table: str, condition, counts: pd.DataFrame, *, key: str,
                **table_args) -> pd.DataFrame | None:
    """The officers matching `condition`, as the user may see them: the first ui.ROWS_SHOWN rows
    (with names for the personnel office), or for leadership `counts`, the number of officers per
    unit (and status). `counts` holds exactly the officers matching `condition`. Returns the rows
    listed (None for leadership)."""
    if not per_person:
        ui.show_table(counts, key=key, table=table, **table_args)
        return None
    rows = db.query(*q.people(table, condition, ui.ROWS_SHOWN))
    ui.show_table(names.add_to(rows), key=key, table=table,
                  total=int(counts["persons"].sum()), **table_args)
    return rows


def status_filter(counts: pd.DataFrame, column: str, key: str, overrides=None) -> list:
    """The statuses chosen (none: all) among those in `counts`."""
    if counts.empty:
        return []
    options = sorted(counts[column].dropna().unique().tolist())
    return st.multiselect(
        col(column), options, default=[], key=ui.wkey(key),
        format_func=lambda v: code(v, overrides), placeholder=t("all"),
    )


def status_chart(counts: pd.DataFrame, column: str, key: str, overrides=None) -> None:
    if counts.empty:
        return
    counts = counts.assign(unit_label=[ui.unit_short(u) for u in counts["unit_code"]])
    st.plotly_chart(
        charts.stacked_status(counts, "unit_label", column, "persons",
                              status_label=lambda v: code(v, overrides)),
        key=key,
    )


def status_tab(table: str, on, name: str, key: str, file_stem: str,
               overrides=None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """A chart of officers per unit and status, a status filter and the list. Returns the counts
    per unit and status (before the filter) and the rows listed (None for leadership)."""
    status = q.STATUS[table]
    condition = q.rows_of(table, on, scope, unit)
    counts = all_counts = db.query(*q.per_unit(table, condition, status))
    status_chart(counts, status, f"{name}_chart", overrides)
    chosen = status_filter(counts, status, f"{name}_status", overrides)
    if chosen:
        counts = counts[counts[status].isin(chosen)]
    condition = q.narrowed(condition, status, chosen)
    rows = show_people(table, condition, counts, key=key, file_stem=file_stem,
                       overrides=overrides)
    return all_counts, rows


def training_drilldown(table: str, on, counts: pd.DataFrame, rows: pd.DataFrame | None) -> None:
    """The rate of the units shown (compliant among the officers the rule applies to), and for an
    officer picked from the list the training records behind the days, each with its file row."""
    if counts.empty:
        return
    in_scope = counts[counts["status"] != "not_required"]
    compliant = int(in_scope.loc[in_scope["status"] == "compliant", "persons"].sum())
    st.markdown(t("drilldown_training_rate", unit=t("all") if unit is None else ui.unit_text(unit),
                  on=on, counted=int(in_scope["persons"].sum()), compliant=compliant))
    days_table = q.DAYS_OF[table]
    if rows is None or rows.empty or not db.has_table("marts", days_table):
        return
    listed = rows.loc[rows["status"] != "not_required", "person_id"].dropna().tolist()
    labels = names.of(listed)
    person = st.selectbox(t("drilldown_training_pick"), listed, index=None,
                          key=f"{days_table}_person", placeholder=t("person"),
                          format_func=lambda p: f"{p} {labels[p]}" if p in labels else p)
    if person is not None:
        st.caption(t("drilldown_training_caption"))
        ui.show_table(db.query(*q.training_records(table, on, person, scope)),
                      key=f"{days_table}_records", table=days_table,
                      file_stem=f"{days_table}_{person}_{on}")

CERT_OVERRIDES = {"finding": {"missing": ("无执法证", "No certificate")}}

tabs = st.tabs([t("tab_induction"), t("tab_refresher"), t("tab_certificates"),
                t("tab_qualification"), t("tab_practical"), t("tab_history"), t("tab_todo")])

with tabs[0]:
    if ui.mart_or_notice(q.INDUCTION):
        induction_counts, induction_rows = status_tab(
            q.INDUCTION, as_of, "personnel_induction", "personnel_induction", f"induction_{as_of}")
        training_drilldown(q.INDUCTION, as_of, induction_counts, induction_rows)

with tabs[1]:
    if ui.mart_or_notice(q.REFRESHER):
        refresher_counts, refresher_rows = status_tab(
            q.REFRESHER, year, "personnel_refresher", "personnel_refresher", f"refresher_{year}")
        training_drilldown(q.REFRESHER, year, refresher_counts, refresher_rows)

with tabs[2]:
    if ui.mart_or_notice(q.CERTIFICATES):
        status_tab(q.CERTIFICATES, as_of, "personnel_cert", "personnel_certificates",
                   f"certificates_{as_of}", CERT_OVERRIDES)

# --- qualification (the conditions of the 75% target, per officer) -------------------------------
with tabs[3]:
    if ui.mart_or_notice(q.QUALIFICATION):
        condition = q.rows_of(q.QUALIFICATION, as_of, scope, unit)
        counts = db.query(*q.per_unit(q.QUALIFICATION, condition, "is_qualified"))
        if st.toggle(t("only_unqualified"), key="personnel_only_unqualified"):
            condition = where(condition, q.UNQUALIFIED)
            counts = counts[~counts["is_qualified"].fillna(False).astype(bool)]
        show_people(q.QUALIFICATION, condition, counts, key="personnel_qualification",
                    file_stem=f"qualification_{as_of}")

# --- practical training --------------------------------------------------------------------------
with tabs[4]:
    if ui.mart_or_notice(q.PRACTICAL):
        practical = db.query(*q.practical(year, scope, unit))
        if not practical.empty:
            practical_chart = practical.assign(
                unit_label=[ui.unit_short(u) for u in practical["unit_code"]]
            )
            st.plotly_chart(
                charts.ratio_bars(practical_chart, "unit_label", "practical_share", target=None,
                                  target_label="", title=t("practical_share"),
                                  highlight=code("ALL")),
                key="personnel_practical_chart",
            )
        ui.show_table(practical, key="personnel_practical", table=q.PRACTICAL,
                      file_stem=f"practical_{year}")

# --- one officer's history -----------------------------------------------------------------------
with tabs[5]:
    if not per_person:
        st.info(t("per_person_hidden"), icon=":material/groups:")
    person_ids: list[str] = []
    if per_person and db.has_table("marts", q.INDUCTION):
        picked = db.query(*q.person_ids(as_of, scope, unit, ui.ROWS_SHOWN))
        person_ids = picked["person_id"].tolist()
        if len(person_ids) > ui.ROWS_SHOWN:  # a national roster: choose a unit first
            person_ids = person_ids[:ui.ROWS_SHOWN]
            st.caption(t("sql_truncated", limit=ui.ROWS_SHOWN))
    labels = names.of(person_ids)
    person = st.selectbox(t("person_pick"), person_ids, index=None, key="personnel_person",
                          placeholder=t("person"),
                          format_func=lambda p: f"{p} {labels[p]}" if p in labels else p,
                          ) if person_ids else None
    if person:
        left, right = st.columns(2)
        if db.has_table("marts", q.INDUCTION):
            history = db.query(*q.induction_history(person, scope))
            with left:
                if not history.empty:
                    st.plotly_chart(
                        charts.trend_lines(
                            history, "as_of_date", "induction_days",
                            title=f"{t('tab_induction')}：{col('induction_days')}",
                            target=ui.parameter("induction_min_days", q.INDUCTION),
                            target_label=col("induction_min_days"),
                        ),
                        key="personnel_history_induction",
                    )
        if db.has_table("marts", q.REFRESHER):
            by_year = db.query(*q.refresher_history(person, scope))
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
                          key="personnel_history_years", table=q.REFRESHER,
                          file_stem=f"refresher_{person}")
        records_table = next((n for n in q.HISTORY_TABLES if db.has_table("marts", n)), None)
        if records_table:
            records = db.query(*q.records(records_table, person, scope))
            st.markdown(f"**{t('tab_history')}** · {col('covered_days')}")
            if records.empty:
                st.caption(t("history_none"))
            else:
                ui.show_table(records, key="personnel_history_records", table=records_table,
                              file_stem=f"training_{person}")
        else:
            st.caption(t("history_missing"))

# --- to-do list ----------------------------------------------------------------------------------
TODO_TITLES = {q.INDUCTION: ("todo_overdue_induction", "personnel_todo_induction"),
               q.REFRESHER: ("todo_refresher_pending", "personnel_todo_refresher"),
               q.CERTIFICATES: ("todo_certificate", "personnel_todo_certificates")}
with tabs[6]:
    st.caption(t("todo_caption"))
    sheets: dict[str, pd.DataFrame] = {}
    for table, statuses in q.TODO.items():
        if not db.has_table("marts", table):
            continue
        title_key, key = TODO_TITLES[table]
        title = t(title_key)
        on = q.todo_period(table, as_of)
        st.markdown(f"**{title}（{on}）**" if table == q.REFRESHER else f"**{title}**")
        status, condition = q.STATUS[table], q.rows_of(table, on, scope, unit)
        counts = db.query(*q.per_unit(table, condition, status))  # mostly a tab's, cached
        if statuses:
            counts = counts[counts[status].isin(statuses)]
        if per_person:
            rows = db.query(*q.people(table, q.narrowed(condition, status, statuses),
                                      ui.ROWS_SHOWN))
            listed, total = names.add_to(rows), int(counts["persons"].sum())
        else:
            listed = counts.groupby("unit_code", dropna=False)["persons"].sum().reset_index()
            total = None
        ui.show_table(listed, key=key, download=False, overrides=CERT_OVERRIDES, total=total)
        sheets[title] = listed
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

ui.policy_expander("personnel", [q.INDUCTION, q.REFRESHER, q.PRACTICAL])
