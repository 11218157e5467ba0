"""Entry point of the dashboards: `streamlit run dashboards/app.py`.

Sidebar (language, user, as-of month, data version) and navigation; each page is one file in
`dashboards/views/`. Nothing is shown before a login (dashboards/auth.py), and the navigation
holds only the pages the user's role may open (each page checks it again). The app reads the
serving copy (see dashboards/db.py); only the personnel page reads names, from the restricted
copy (dashboards/person_names.py).
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

from dashboards import auth, db, ui  # noqa: E402
from dashboards.i18n import LANG_STATE_KEY, t  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "views"

st.set_page_config(
    page_title="危化品执法监管", page_icon=str(Path(__file__).resolve().parent / "assets" / "favicon.png"),
    layout="wide",
)

with st.sidebar:
    st.toggle(t("english"), key=LANG_STATE_KEY)

user = auth.require_login()  # the login form until someone is logged in

# (section, page key, file, icon, url path) in navigation order
PAGES = [
    ("section_overview", "page_leadership", "leadership.py", ":material/dashboard:", "leadership"),
    ("section_business", "page_personnel", "personnel.py", ":material/school:", "personnel"),
    ("section_business", "page_inspections", "inspections.py", ":material/fact_check:",
     "inspections"),
    ("section_business", "page_penalties", "penalties.py", ":material/gavel:", "penalties"),
    ("section_business", "page_enterprise", "enterprise.py", ":material/factory:", "enterprise"),
    ("section_tools", "page_data_quality", "data_quality.py", ":material/rule:", "data_quality"),
    ("section_tools", "page_sql", "sql_console.py", ":material/terminal:", "sql"),
]
allowed = auth.pages_for(user.role)
pages: dict[str, list] = {}
for section, key, file, icon, url_path in PAGES:
    if key in allowed:
        pages.setdefault(t(section), []).append(
            st.Page(PAGES_DIR / file, title=t(key), icon=icon, url_path=url_path,
                    default=key == allowed[0]))
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
