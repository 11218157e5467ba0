"""数据查询 — the analysts' read-only SQL console over the `marts` schema.

One SELECT / WITH statement at a time (dashboards/sql_guard.py), run on a fresh read-only
connection to the serving copy with external access disabled; results downloadable as CSV and
Excel. Beside it, the bulk download of every serving table (a zip of `regwh export`, built
from the serving copy through the same read-only connection) and a browser of the marts tables
and columns with their descriptions. Analysts
only (dashboards/auth.py); every statement, run or refused, is written to the audit log. The
console reads the serving copy only: names live in the restricted copy, which it cannot attach.
"""
from __future__ import annotations

import time

import duckdb
import pandas as pd
import streamlit as st

from dashboards import access_log, db, sql_guard, ui
from dashboards.i18n import col, t

user = ui.page_header("page_sql")

ROW_LIMIT = 10_000
TIMEOUT_SECONDS = 30
RESULT_KEY = "sql_console_result"
EXAMPLE = (
    "select as_of_date, unit_code, qualified_ratio, people_gap\n"
    "from marts.kpi_professional_ratio\n"
    "where unit_code = 'ALL'\n"
    "order by as_of_date desc"
)
EXAMPLES = {
    "kpi": EXAMPLE,
    "conflicts": (
        "select year, conflict_type, count(*) as findings\n"
        "from marts.enforcement_body_conflicts\ngroup by all\norder by year desc, findings desc"
    ),
    "penalties": (
        "select month, sum(cases) as cases, sum(fine_total) as fine_total\n"
        "from marts.penalty_monthly\ngroup by month\norder by month"
    ),
}

EXPORT_KEY = "sql_console_export"
EXPORT_FORMATS = {"Parquet + CSV": ("parquet", "csv"), "Parquet": ("parquet",), "CSV": ("csv",)}

st.caption(t("sql_caption", limit=f"{ROW_LIMIT:,}"))
marts_tables = db.tables("marts")

console, browser = st.columns([1, 1])

with console:
    with st.expander(t("example_queries")):
        for name, example in EXAMPLES.items():
            st.code(example, language="sql")
    sql = st.text_area(t("sql_input"), value=EXAMPLE, height=180, key="sql_console_text")
    if st.button(t("sql_run"), type="primary", key="sql_console_run"):
        started = time.perf_counter()
        try:
            statement = sql_guard.check(sql, marts_tables)
        except sql_guard.Refused as refused:
            st.session_state[RESULT_KEY] = {"error": t("sql_refused", reason=refused.reason)}
            outcome = {"outcome": "refused", "reason": refused.reason}
        else:
            try:
                frame, truncated = db.run_console(statement, ROW_LIMIT, TIMEOUT_SECONDS)
            except duckdb.Error as error:
                st.session_state[RESULT_KEY] = {"error": t("sql_error", error=error)}
                outcome = {"outcome": "error", "error": str(error)}
            else:
                st.session_state[RESULT_KEY] = {
                    "frame": frame, "truncated": truncated,
                    "elapsed": time.perf_counter() - started,
                }
                outcome = {"outcome": "ok", "rows": len(frame), "truncated": truncated}
        access_log.write(access_log.SQL_QUERY, user.username, sql=sql, **outcome,
                         duration_ms=round((time.perf_counter() - started) * 1000))
    result = st.session_state.get(RESULT_KEY)
    if result and "error" in result:
        st.warning(result["error"], icon=":material/block:")
    elif result:
        frame: pd.DataFrame = result["frame"]
        if result["truncated"]:
            st.warning(t("sql_truncated", limit=f"{ROW_LIMIT:,}"))
        st.caption(t("sql_elapsed", n=len(frame), seconds=result["elapsed"]))
        st.dataframe(frame, hide_index=True, width="stretch", key="sql_console_df")
        d1, d2, _ = st.columns([1, 1, 3])
        d1.download_button(t("download_csv"), data=ui.csv_bytes(frame), file_name="query.csv",
                           mime="text/csv", key="sql_console_csv", on_click="ignore")
        d2.download_button(
            t("download_xlsx"), data=ui.excel_bytes({"query": frame}), file_name="query.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="sql_console_xlsx", on_click="ignore",
        )

with browser:
    st.subheader(t("bulk_export"))
    st.caption(t("bulk_export_caption"))
    choice = st.radio(t("bulk_export_format"), list(EXPORT_FORMATS), horizontal=True,
                      key="sql_console_export_format")
    if st.button(t("bulk_export_prepare"), key="sql_console_export_prepare"):
        st.session_state[EXPORT_KEY] = EXPORT_FORMATS[choice]
        access_log.write(access_log.BULK_EXPORT, user.username,
                         formats=list(EXPORT_FORMATS[choice]))
    if st.session_state.get(EXPORT_KEY):
        archive = db.export_zip(st.session_state[EXPORT_KEY])
        st.download_button(
            t("bulk_export_download", size=f"{len(archive) / 1_048_576:.1f} MB"), data=archive,
            file_name="regwh_serving_export.zip", mime="application/zip",
            key="sql_console_export_zip", on_click="ignore")

    st.subheader(t("browser"))
    if not marts_tables:
        st.caption(t("no_rows"))
    else:
        default = (marts_tables.index("kpi_professional_ratio")
                   if "kpi_professional_ratio" in marts_tables else 0)
        table = st.selectbox(t("table"), marts_tables, index=default, key="sql_console_table")
        cat = db.catalogue()
        columns = cat[(cat["table_schema"] == "marts") & (cat["table_name"] == table)][
            ["column_name", "data_type", "comment"]
        ].reset_index(drop=True)
        docs = ui.column_help(table)
        description = ui.table_description(table)
        if description:
            st.markdown(description)
        has_docs_table = db.has_columns("marts", "column_docs", "table_name", "column_name",
                                        "description")
        if has_docs_table and docs:
            st.caption(t("docs_source_column_docs"))
        elif columns["comment"].notna().any():
            st.caption(t("docs_source_comments"))
        else:
            st.caption(t("docs_source_none"))
        # marts.column_docs first, the database comment where it has nothing
        columns["description"] = [
            docs.get(name) or (comment if isinstance(comment, str) else "")
            for name, comment in zip(columns["column_name"], columns["comment"])
        ]
        columns.insert(1, "label", [col(name) if col(name) != name else ""
                                    for name in columns["column_name"]])
        st.dataframe(
            columns.drop(columns=["comment"]),
            hide_index=True, width="stretch", key="sql_console_columns",
            column_config={
                "column_name": st.column_config.TextColumn(col("column_name"), width="medium"),
                "label": st.column_config.TextColumn(t("label"), width="small"),
                "data_type": st.column_config.TextColumn(col("data_type"), width="small"),
                "description": st.column_config.TextColumn(col("description"), width="large"),
            },
        )
