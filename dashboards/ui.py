"""Pieces every page uses: header, as-of date, unit names, policy parameters, tables, downloads.

Nothing here computes a business rule: the pages select and filter mart rows, and these helpers
only format them (labels, percent formats, Excel files).
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dagster_project import users
from dashboards import auth, db, queries
from dashboards.i18n import code, col, localise, t, unit_label

AS_OF_STATE_KEY = "as_of"
# Tables that can hold a national year of rows list this many (the page says how many matched).
ROWS_SHOWN = queries.ROWS_SHOWN

PERCENT_COLUMNS = frozenset(
    {
        "qualified_ratio", "target_ratio", "professional_target_ratio", "practical_share",
        "fine_paid_share", "paid_case_share", "referred_share", "revoked_share",
        "cases_change_ratio", "fine_total_change_ratio", "pool_size_deviation",
        "pool_size_tolerance", "compliance_rate", "share", "rate", "p_value_threshold",
    }
)
MONEY_COLUMNS = frozenset(
    {
        "fine_amount", "fine_min", "fine_max", "confiscation_amount", "fine_total",
        "fine_median", "fine_mean", "fine_stddev", "body_median", "corps_median",
        "confiscation_total", "fine_total_prior_year", "confiscation_total_prior_year",
        "fine_median_prior_year",
        "fine_total_change", "fine_paid_total", "revoked_fine_total",
        "median_minus_corps_median",
    }
)

# Columns that only repeat a policy parameter (or the run's "now"): hidden in tables, since the
# expander shows the parameters once; the SQL console still has them.
PARAMETER_COLUMNS = frozenset(
    {
        "policy_effective_date", "professional_target_deadline", "min_education_level",
        "min_practical_years", "induction_min_days", "induction_grace_days",
        "refresher_min_days", "practical_window_years", "min_officers_per_inspection",
        "random_publicity_workdays", "penalty_publicity_workdays", "duplicate_window_days",
        "conflict_exempt_modes", "min_inspections_red", "min_inspections_orange",
        "min_inspections_yellow", "min_inspections_blue", "expiry_warning_days",
        "p_value_threshold", "rotation_window_days", "pool_size_tolerance", "now_date",
    }
)

# Which policy parameters each page depends on (names as in marts.policy_parameters).
POLICY_BY_PAGE: dict[str, list[str]] = {
    "leadership": [
        "professional_target_ratio", "professional_target_deadline", "min_education_level",
        "min_practical_years", "policy_effective_date", "induction_min_days",
        "induction_grace_days", "refresher_min_days", "conflict_exempt_modes",
        "duplicate_window_days", "min_inspections_red", "min_inspections_orange",
        "min_inspections_yellow", "min_inspections_blue",
    ],
    "personnel": [
        "policy_effective_date", "induction_min_days", "induction_grace_days",
        "refresher_min_days", "practical_window_years",
    ],
    "inspections": [
        "min_officers_per_inspection", "random_publicity_workdays", "induction_min_days",
        "conflict_exempt_modes", "duplicate_window_days", "min_inspections_red",
        "min_inspections_orange", "min_inspections_yellow", "min_inspections_blue",
    ],
    "penalties": ["penalty_publicity_workdays"],
    "enterprise": [
        "conflict_exempt_modes", "duplicate_window_days", "min_inspections_red",
        "min_inspections_orange", "min_inspections_yellow", "min_inspections_blue",
        "penalty_publicity_workdays", "random_publicity_workdays",
    ],
}
# The same parameters as the marts carry them in their own columns (used when
# marts.policy_parameters is absent), e.g. kpi_professional_ratio.target_ratio.
PARAMETER_ALIASES = {"target_ratio": "professional_target_ratio"}


# ---------------------------------------------------------------------------------------------
# page frame


def page_header(title_key: str, caption: str | None = None) -> users.User:
    """Title of the page; stops the page with a refusal when the user's role may not open it
    (dashboards/auth.py), or with a clear message when there is no serving copy."""
    st.title(t(title_key))
    user = auth.require_page(title_key)
    if caption:
        st.caption(caption)
    if not db.serving_available():
        serving_missing_message()
        st.stop()
    return user


def serving_missing_message() -> None:
    st.info(t("serving_missing", path=db.serving_path()), icon=":material/info:")


def as_of() -> date | None:
    """The as-of date chosen in the sidebar (a roster snapshot date), else the latest one."""
    value = st.session_state.get(AS_OF_STATE_KEY)
    if value is not None:
        return value
    dates = as_of_dates()
    return dates[0] if dates else None


def as_of_dates() -> list[date]:
    """Roster snapshot dates, latest first (from kpi_professional_ratio)."""
    if not db.has_table("marts", "kpi_professional_ratio"):
        return []
    frame = db.query(*queries.as_of_dates())
    return [to_date(v) for v in frame["as_of_date"]]


def to_date(value: Any) -> date | None:
    if value is None or (not isinstance(value, (date, datetime)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def as_of_year() -> int | None:
    value = as_of()
    return value.year if value else None


@db.per_publish
def unit_names() -> dict[str, str]:
    """unit_code → unit_name from marts.dim_units (empty when it is not published)."""
    if not db.has_columns("marts", "dim_units", "unit_code", "unit_name"):
        return {}
    frame = db.query("select distinct unit_code, unit_name from marts.dim_units")
    return dict(zip(frame["unit_code"], frame["unit_name"]))


@db.per_publish
def unit_levels() -> dict[str, str]:
    """unit_code → level (corps / division) from marts.dim_units."""
    if not db.has_columns("marts", "dim_units", "unit_code", "level"):
        return {}
    frame = db.query("select distinct unit_code, level from marts.dim_units")
    return dict(zip(frame["unit_code"], frame["level"]))


@db.per_publish
def enterprise_names() -> dict[str, str]:
    """uscc → latest enterprise name from marts.enterprise_history (empty when absent)."""
    if not db.has_columns("marts", "enterprise_history", "uscc", "enterprise_name",
                          "snapshot_date"):
        return {}
    frame = db.query(
        "select uscc, arg_max(enterprise_name, snapshot_date) as enterprise_name "
        "from marts.enterprise_history group by uscc"
    )
    return dict(zip(frame["uscc"], frame["enterprise_name"]))


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the enterprise name inserted after its uscc column (a lookup only)."""
    if frame.empty or "uscc" not in frame or "enterprise_name" in frame:
        return frame
    names = enterprise_names()
    if not names:
        return frame
    out = frame.copy()
    out.insert(list(out.columns).index("uscc") + 1, "enterprise_name", out["uscc"].map(names))
    return out


def unit_text(code_value: Any) -> str:
    """「name（code）」 for lists and tables."""
    return unit_label(code_value, unit_names())


UNIT_NAME_SUFFIXES = ("应急管理局",)


def unit_short(code_value: Any) -> str:
    """A short unit name for chart axes: the name without the common suffix 应急管理局."""
    if code_value == "ALL":
        return code("ALL")
    name = unit_names().get(code_value)
    if not name:
        return "" if code_value is None else str(code_value)
    if unit_levels().get(code_value) == "corps":  # the corps bureau keeps its full name
        return name
    for suffix in UNIT_NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def mart_or_notice(table: str) -> bool:
    """True when marts.<table> exists; otherwise shows a notice and returns False."""
    if db.has_table("marts", table):
        return True
    st.info(t("table_missing", table=table), icon=":material/info:")
    return False


def years_of(table: str, column: str = "year") -> list[int]:
    if not db.has_columns("marts", table, column):
        return []
    return [int(v) for v in db.query(*queries.years(table, column))["y"]]


def wkey(name: str) -> str:
    """Widget key for a widget whose option labels depend on the language.

    Streamlit keeps a selectbox's choice by its label; when the English toggle changes the
    labels, the old choice no longer matches. One key per language gives each its own state.
    """
    from dashboards.i18n import lang

    return name if lang() == "zh" else f"{name}__{lang()}"


def pick_year(label_key: str, years: Sequence[int], key: str) -> int | None:
    """Year selector defaulting to the year of the as-of date when present."""
    if not years:
        return None
    default = as_of_year()
    index = list(years).index(queries.default_year(list(years), default))
    # keyed by the as-of year too: choosing another as-of month resets the year to follow it
    return st.selectbox(t(label_key), list(years), index=index, key=f"{key}@{default}")


# ---------------------------------------------------------------------------------------------
# policy parameters


def policy_parameters() -> pd.DataFrame:
    """marts.policy_parameters as rows (parameter, value, description), whatever its shape."""
    if not db.has_table("marts", "policy_parameters"):
        return pd.DataFrame(columns=["parameter", "value", "description"])
    frame = db.query("select * from marts.policy_parameters")
    if {"parameter", "value"} <= set(frame.columns):  # long form, like the seed
        long = frame.copy()
        if "description" not in long.columns:
            long["description"] = ""
        return long[["parameter", "value", "description"]]
    if frame.empty:
        return pd.DataFrame(columns=["parameter", "value", "description"])
    row = frame.iloc[0]
    return pd.DataFrame(
        {"parameter": list(frame.columns), "value": [row[c] for c in frame.columns],
         "description": ""}
    )


def parameter(name: str, fallback_table: str | None = None, fallback_column: str | None = None):
    """One policy parameter: from marts.policy_parameters, else from a mart's parameter column.

    Values of the long (seed) form arrive as text: numbers and ISO dates are converted.
    """
    params = policy_parameters()
    match = params.loc[params["parameter"] == name, "value"]
    if not match.empty and pd.notna(match.iloc[0]):
        return _typed(match.iloc[0])
    if fallback_table and db.has_columns("marts", fallback_table, fallback_column or name):
        column = fallback_column or name
        return _typed(
            db.scalar(
                f'select "{column}" from marts."{fallback_table}" where "{column}" is not null '
                "limit 1"
            )
        )
    return None


def _typed(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if not isinstance(value, str):
        return value.item() if hasattr(value, "item") else value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _format_value(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str) and "," in value:
        return "、".join(code(part.strip()) for part in value.split(","))
    if isinstance(value, str):
        return code(value)
    return str(value)


def policy_expander(page: str, tables: Iterable[str] = ()) -> None:
    """Expander "本页使用的政策参数": the parameters this page's marts were built with."""
    names = POLICY_BY_PAGE.get(page, [])
    with st.expander(t("policy_expander"), icon=":material/balance:"):
        params = policy_parameters()
        rows: list[dict[str, str]] = []
        if not params.empty:
            chosen = params[params["parameter"].isin(names)] if names else params
            for _, row in chosen.iterrows():
                rows.append(
                    {t("parameter"): col(row["parameter"]), t("value"): _format_value(row["value"]),
                     "": _description(row.get("description"))}
                )
            source = t("policy_source_table")
        else:
            present: dict[str, Any] = {}
            for table in tables:
                for column in db.columns("marts", table):
                    name = PARAMETER_ALIASES.get(column, column)
                    if name in names and name not in present:
                        present[name] = db.scalar(
                            f'select "{column}" from marts."{table}" '
                            f'where "{column}" is not null limit 1'
                        )
            for name, value in present.items():
                rows.append({t("parameter"): col(name), t("value"): _format_value(value), "": ""})
            source = t("policy_source_columns")
        if rows:
            frame = pd.DataFrame(rows)
            if not frame[""].astype(bool).any():
                frame = frame.drop(columns=[""])
            st.dataframe(frame, hide_index=True, width="stretch")
            st.caption(source)
        else:
            st.caption(t("policy_none"))


def _description(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    # the seed writes "中文 / English": keep the half of the chosen language
    from dashboards.i18n import lang

    if " / " in value:
        zh, en = value.split(" / ", 1)
        return en if lang() == "en" else zh
    return value


# ---------------------------------------------------------------------------------------------
# tables and downloads


def column_help(table: str | None) -> dict[str, str]:
    """Column descriptions: marts.column_docs when published, else database comments."""
    if not table:
        return {}
    if db.has_columns("marts", "column_docs", "table_name", "column_name", "description"):
        frame = db.query(
            "select column_name, description from marts.column_docs where table_name = ?",
            [table],
        )
        docs = {r.column_name: r.description for r in frame.itertuples()
                if isinstance(r.description, str) and r.description}
        if docs:
            return docs
    cat = db.catalogue()
    rows = cat[(cat["table_schema"] == "marts") & (cat["table_name"] == table)]
    # database comments (dbt persist_docs) where marts.column_docs has nothing
    return {
        r.column_name: r.comment
        for r in rows.itertuples()
        if isinstance(r.comment, str) and r.comment
    }


def table_description(table: str) -> str:
    """The table's description: marts.column_docs (row with an empty column_name) or comment."""
    if db.has_columns("marts", "column_docs", "table_name", "column_name", "table_description"):
        value = db.scalar(
            "select table_description from marts.column_docs "
            "where table_name = ? and coalesce(column_name, '') = '' "
            "and coalesce(table_description, '') <> '' limit 1",
            [table],
        )
        if value:
            return str(value)
    if db.has_table("marts", table):
        value = db.scalar(
            "select comment from duckdb_tables() where schema_name = 'marts' and table_name = ? "
            "union all select comment from duckdb_views() where schema_name = 'marts' "
            "and view_name = ? limit 1",
            [table, table],
        )
        if value:
            return str(value)
    return ""


def _column_config(frame: pd.DataFrame, help_texts: dict[str, str]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for name in frame.columns:
        label = col(name)
        help_text = help_texts.get(name)
        series = frame[name]
        if name in PERCENT_COLUMNS and pd.api.types.is_numeric_dtype(series):
            config[label] = st.column_config.NumberColumn(label, format="percent", help=help_text)
        elif name in MONEY_COLUMNS and pd.api.types.is_numeric_dtype(series):
            config[label] = st.column_config.NumberColumn(label, format="localized", help=help_text)
        elif name == "p_value":
            config[label] = st.column_config.NumberColumn(label, format="%.4f", help=help_text)
        elif pd.api.types.is_datetime64_any_dtype(series) and _is_dates(series):
            config[label] = st.column_config.DateColumn(label, format="YYYY-MM-DD", help=help_text)
        elif help_text:
            config[label] = st.column_config.Column(label, help=help_text)
    return config


def _is_dates(series: pd.Series) -> bool:
    values = series.dropna()
    return values.empty or bool((values.dt.normalize() == values).all())


def display_frame(frame: pd.DataFrame, overrides: dict | None = None) -> pd.DataFrame:
    return localise(frame, unit_names(), overrides)


def show_table(
    frame: pd.DataFrame,
    *,
    key: str,
    table: str | None = None,
    file_stem: str | None = None,
    overrides: dict | None = None,
    height: int | None = None,
    download: bool = True,
    caption: bool = True,
    total: int | None = None,
) -> None:
    """A localised dataframe with CSV and Excel downloads of exactly what is shown.

    ``total``: the number of rows the filter matched, when the page fetched only the first ones
    (a year of inspections at national size is too many rows to send to a browser)."""
    if frame.empty:
        st.caption(t("no_rows"))
        return
    frame = frame.drop(columns=[c for c in frame.columns if c in PARAMETER_COLUMNS])
    shown = display_frame(frame, overrides)
    config = _column_config(frame, column_help(table))
    kwargs: dict[str, Any] = {"hide_index": True, "width": "stretch", "column_config": config}
    if height:
        kwargs["height"] = height
    st.dataframe(shown, key=f"{key}_df", **kwargs)
    if caption or download:
        left, middle, right = st.columns([3, 1, 1])
        if caption:
            left.caption(t("rows_first", n=len(frame), total=total) if total and total > len(frame)
                         else t("rows_count", n=len(frame)))
        if download:
            stem = file_stem or key
            middle.download_button(
                t("download_csv"), data=csv_bytes(shown), file_name=f"{stem}.csv",
                mime="text/csv", key=f"{key}_csv", on_click="ignore",
            )
            right.download_button(
                t("download_xlsx"), data=excel_bytes({stem[:31]: shown}),
                file_name=f"{stem}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                key=f"{key}_xlsx", on_click="ignore",
            )


def flat_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """LIST cells (numpy arrays from DuckDB VARCHAR[] columns) as the contract's comma-separated
    text, so that a download reads `D1,D2` and not numpy's `['D1' 'D2']`."""
    listed = [c for c in frame.columns if frame[c].dtype == object
              and frame[c].map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any()]
    if not listed:
        return frame
    out = frame.copy()
    for column in listed:
        out[column] = out[column].map(
            lambda v: ",".join(map(str, v)) if isinstance(v, (list, tuple, np.ndarray)) else v)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel on a Chinese desktop opens it correctly
    return flat_lists(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            out = flat_lists(frame).copy()
            for column in out.columns:
                if isinstance(out[column].dtype, pd.DatetimeTZDtype):
                    out[column] = out[column].dt.tz_localize(None)
            out.to_excel(writer, sheet_name=_sheet_name(name), index=False)
            worksheet = writer.sheets[_sheet_name(name)]
            for index, column in enumerate(out.columns):
                width = max([len(str(column))] + [len(str(v)) for v in out[column].head(200)])
                worksheet.set_column(index, index, min(max(width + 2, 8), 50))
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    for char in "[]:*?/\\":
        name = name.replace(char, "_")
    return name[:31] or "Sheet1"


# ---------------------------------------------------------------------------------------------
# small formatting helpers


def pct(value: Any, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):.{digits}%}"


def num(value: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.2f}"


def date_text(value: Any) -> str:
    value = to_date(value)
    return value.isoformat() if value else "—"
