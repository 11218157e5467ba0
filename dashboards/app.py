"""Entry point of the dashboards: `streamlit run dashboards/app.py`.

Sidebar (language, as-of month, data version) and navigation; each page is one file in
`dashboards/pages/`. The app reads only the serving copy (see dashboards/db.py).
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import duckdb
import streamlit as st

# `streamlit run dashboards/app.py` puts dashboards/ on sys.path, not the repository
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from dashboards import db, ui  # noqa: E402
from dashboards.i18n import LANG_STATE_KEY, t  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "views"

st.set_page_config(
    page_title="危化品执法监管", page_icon=str(Path(__file__).resolve().parent / "assets" / "favicon.png"),
    layout="wide",
)

with st.sidebar:
    st.toggle(t("english"), key=LANG_STATE_KEY)

pages = {
    t("section_overview"): [
        st.Page(PAGES_DIR / "leadership.py", title=t("page_leadership"),
                icon=":material/dashboard:", url_path="leadership", default=True),
    ],
    t("section_business"): [
        st.Page(PAGES_DIR / "personnel.py", title=t("page_personnel"), icon=":material/school:",
                url_path="personnel"),
        st.Page(PAGES_DIR / "inspections.py", title=t("page_inspections"),
                icon=":material/fact_check:", url_path="inspections"),
        st.Page(PAGES_DIR / "penalties.py", title=t("page_penalties"), icon=":material/gavel:",
                url_path="penalties"),
        st.Page(PAGES_DIR / "enterprise.py", title=t("page_enterprise"), icon=":material/factory:",
                url_path="enterprise"),
    ],
    t("section_tools"): [
        st.Page(PAGES_DIR / "data_quality.py", title=t("page_data_quality"), icon=":material/rule:",
                url_path="data_quality"),
        st.Page(PAGES_DIR / "sql_console.py", title=t("page_sql"), icon=":material/terminal:",
                url_path="sql"),
    ],
}
page = st.navigation(pages)

with st.sidebar:
    if db.serving_available():
        try:
            dates = ui.as_of_dates()
        except duckdb.Error as error:
            dates = []
            st.error(t("serving_error", error=error))
        if dates:
            st.selectbox(
                t("as_of"), dates, key=ui.AS_OF_STATE_KEY, help=t("as_of_help"),
                format_func=lambda d: d.isoformat(),  # the same in both languages
            )
        else:
            st.caption(t("no_as_of"))
        path = db.serving_path()
        published = datetime.fromtimestamp(path.stat().st_mtime)
        st.caption(t("serving_info", path=path.name, mtime=f"{published:%Y-%m-%d %H:%M}"))

if not db.serving_available():
    st.title(page.title)
    ui.serving_missing_message()
    st.stop()

try:
    page.run()
except db.ServingMissing:
    ui.serving_missing_message()
except duckdb.Error as error:
    st.error(t("serving_error", error=error))
