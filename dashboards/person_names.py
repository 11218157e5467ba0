"""People's names for the personnel office, from the restricted copy.

Names and ID numbers never enter the serving copy, the file the SQL console and every other page
read (docs/access.md). For a user whose role sees names (personnel), the personnel page asks the
restricted copy for the names of the person_ids it already shows, rows that are already limited to
the user's units, on a separate read-only connection opened with the same configuration as every
other one (db.CONNECT_CONFIG). Names are not cached: Streamlit's cache is shared by every session,
and the lookup is one small query per page run.

Each new set of names shown in a session is written to the audit log (count, never the names).
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd
import streamlit as st

from dagster_project import users
from dagster_project.paths import restricted_path
from dashboards import access_log, db
from dashboards.i18n import t

_LOGGED_KEY = "regwh_names_logged"  # sets of names already written to the audit log


def lookup(person_ids: Iterable[str]) -> dict[str, str] | None:
    """person_id → full_name from the restricted copy; None when it is missing or unreadable."""
    ids = sorted({str(p) for p in person_ids})
    path = restricted_path()
    if db.file_signature(path) is None:
        return None
    try:
        with db.connect(path) as con:
            rows = con.execute(
                "select person_id, full_name from restricted.officer_identity "
                "where list_contains(?::varchar[], person_id)", [ids]).fetchall()
    except duckdb.Error:  # not readable by this process, or no such table: show ids only
        return None
    return dict(rows)


class Names:
    """The names a page may show to `user`; remembers which it showed, for the audit log."""

    def __init__(self, user: users.User, page: str):
        self.user = user
        self.page = page
        self.shown: set[str] = set()
        self.missing = False

    def of(self, person_ids: Iterable[str]) -> dict[str, str]:
        """person_id → name for the given people; empty when the user's role sees no names."""
        if not self.user.sees_names:
            return {}
        ids = [p for p in person_ids if isinstance(p, str)]
        if not ids:
            return {}
        names = lookup(ids)
        if names is None:
            self.missing = True
            return {}
        self.shown.update(names)
        return names

    def add_to(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with a full_name column after person_id (unchanged when no names apply)."""
        if frame.empty or "person_id" not in frame or not self.user.sees_names:
            return frame
        names = self.of(frame["person_id"].dropna().unique())
        if not names:
            return frame
        out = frame.copy()
        out.insert(list(out.columns).index("person_id") + 1, "full_name",
                   out["person_id"].map(names))
        return out

    def report(self, unit: str | None) -> None:
        """A notice when the restricted copy is missing; an audit line per new set of names."""
        if self.missing:
            st.info(t("names_missing", path=restricted_path()), icon=":material/info:")
        if not self.shown:
            return
        unit_text = unit or ",".join(self.user.units)
        key = (self.page, unit_text, hash(frozenset(self.shown)))
        logged = st.session_state.setdefault(_LOGGED_KEY, set())
        if key not in logged:
            logged.add(key)
            access_log.write(access_log.NAMES_SHOWN, self.user.username, page=self.page,
                             unit=unit_text, people=len(self.shown))
