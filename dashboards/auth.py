"""Who is using the dashboards, and what they may open (docs/access.md).

The login form, the password check (bcrypt) and the re-login cookie are streamlit-authenticator's;
this module only wires them into the app:

- `require_login()` (app.py, every run): reads the users file, shows the login form until someone
  is logged in, then the user and a logout button in the sidebar, and puts the current
  `users.User` (username, role, units) in the session state. Role and units are read from the
  file on every run, so a change to the file applies at the next click, and a user removed from it
  is logged out.
- `require_page(page)` (every page, through `ui.page_header`): a page reached by a user whose role
  may not open it (by URL, or by a navigation mistake) shows a refusal and stops.
- `units_in_scope(user)`: the units whose people the user may see, a unit standing for every unit
  under it (marts.dim_units).

Logins (both outcomes) and logouts go to the audit log (dashboards/access_log.py).
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from dagster_project import paths, users
from dashboards import access_log, db
from dashboards.i18n import t

USER_STATE_KEY = "regwh_user"  # the users.User logged in to this session (refreshed every run)
_LOGGED_KEY = "regwh_login_logged"  # the username whose login is already in the audit log
_METHOD_KEY = "regwh_login_method"  # "password" when the form logged the user in
_COOKIE_PENDING_KEY = "regwh_cookie_pending"

# Page keys (the pages' title keys in i18n) in navigation order.
PAGES = ("page_leadership", "page_personnel", "page_inspections", "page_penalties",
         "page_enterprise", "page_data_quality", "page_sql")
PAGES_BY_ROLE: dict[str, tuple[str, ...]] = {
    # everything aggregated; the personnel page without names or per-person rows; no SQL
    "leadership": tuple(p for p in PAGES if p != "page_sql"),
    # its own units' people, by name; the data quality of its sources
    "personnel": ("page_personnel", "page_data_quality"),
    # every page and the SQL console over the marts, which hold no names
    "analyst": PAGES,
}


def pages_for(role: str) -> tuple[str, ...]:
    return PAGES_BY_ROLE.get(role, ())


def current_user() -> users.User | None:
    return st.session_state.get(USER_STATE_KEY)


def role_label(role: str) -> str:
    return t(f"role_{role}")


def require_page(page: str) -> users.User:
    """The current user when their role may open `page`; otherwise a refusal, and the page stops."""
    user = current_user()
    if user is not None and page in pages_for(user.role):
        return user
    access_log.write(access_log.PAGE_REFUSED, user.username if user else None, page=page)
    if user is None:
        st.warning(t("not_logged_in"), icon=":material/lock:")
    else:
        st.error(t("page_refused", role=role_label(user.role)), icon=":material/block:")
    st.stop()


def require_login() -> users.User:
    """The logged-in user; until there is one, the login form is shown and the run stops here."""
    path = paths.users_path()
    try:
        config = users.load(path)
    except users.UsersFileError as error:
        # Never fall back to other (demo) users: without its own users file the app does not open.
        key = "users_missing" if not path.exists() else "users_invalid"
        st.error(t(key, path=path, error=error), icon=":material/lock:")
        st.stop()
    credentials = users.credentials(config)
    cookie = config["cookie"]
    with st.sidebar:  # the library's cookie component is an empty frame: keep it off the page
        # login_sleep_time=0: the library pauses before its login form to give its cookie
        # component time to load. The component is not needed to read the cookie (the library
        # reads st.context.cookies), and when it loads it asks for a rerun: if that comes before
        # st.navigation (app.py) has run, the rerun loses the page the URL asked for.
        authenticator = stauth.Authenticate(credentials, cookie["name"], cookie["key"],
                                            cookie["expiry_days"], auto_hash=False,
                                            login_sleep_time=0)
    if st.session_state.get("authentication_status") and \
            users.user(config, st.session_state.get("username")) is None:
        authenticator.logout(location="unrendered")  # removed from the file since logging in
    if not st.session_state.get("authentication_status"):
        _login_form(authenticator, credentials)
    user = users.user(config, st.session_state["username"])
    _record_login(user)
    with st.sidebar:
        st.caption(t("signed_in", name=user.name, username=user.username))
        st.caption(t("user_role_units", role=role_label(user.role), units="、".join(user.units)))
        authenticator.logout(t("logout"), location="sidebar", key="regwh_logout",
                             callback=_on_logout)
        if st.session_state.get("authentication_status") and \
                st.session_state.pop(_COOKIE_PENDING_KEY, False):
            # The re-login cookie of a form login, set now that the form is gone (see below).
            authenticator.cookie_controller.set_cookie()
    if not st.session_state.get("authentication_status"):
        # Logged out just now: the library is deleting the cookie (a frame in the sidebar, which
        # must stay on screen until it has run), so the login form is drawn in this same run.
        _login_form(authenticator, credentials)
    st.session_state[USER_STATE_KEY] = user
    return user


def _login_form(authenticator: stauth.Authenticate, credentials: dict) -> None:
    """The login form. Returns only when the library's re-login cookie logged the user in;
    otherwise the run stops here (or, after a successful form login, starts again)."""
    for key in (USER_STATE_KEY, _LOGGED_KEY):
        st.session_state.pop(key, None)
    heading = st.empty()
    heading.title(t("app_title"))
    if st.session_state.get("authentication_status") is False:
        # left from an earlier attempt: a False after login() below means an attempt in this run
        st.session_state["authentication_status"] = None
    try:
        authenticator.login(
            location="main", key="regwh_login", callback=_on_form_login,
            fields={"Form name": t("login_title"), "Username": t("login_username"),
                    "Password": t("login_password"), "Login": t("login_submit")},
        )
    except LoginError as error:  # e.g. a re-login cookie of a user no longer in the file
        access_log.write(access_log.LOGIN_FAILED, None, reason="login_error", detail=str(error))
        st.error(t("login_error", error=error), icon=":material/lock:")
        st.stop()
    status = st.session_state.get("authentication_status")
    if status and st.session_state.get(_METHOD_KEY) != "password":
        # Logged in by the re-login cookie (no form was drawn): the app is drawn in this very
        # run, since a rerun would lose the page the URL asked for.
        heading.empty()
        return
    if status:
        # Logged in by the form: start again to draw the app without the form. The library set
        # its cookie in a frame the rerun removes before it loads, so the next run sets it again.
        st.session_state[_COOKIE_PENDING_KEY] = True
        st.rerun()
    if status is False:
        # The library counts a failed attempt on the (known) account it was made for; an unknown
        # username is not logged (it is often a password typed into the wrong box).
        known = next((name for name, entry in credentials["usernames"].items()
                      if entry.get("failed_login_attempts")), None)
        access_log.write(access_log.LOGIN_FAILED, known,
                         reason="wrong_password" if known else "unknown_user")
        st.error(t("login_failed"), icon=":material/lock:")
    st.stop()


def _on_form_login(event: dict) -> None:
    st.session_state[_METHOD_KEY] = "password"


def _record_login(user: users.User) -> None:
    """One login_success line per login (by the form, or by the re-login cookie)."""
    if st.session_state.get(_LOGGED_KEY) == user.username:
        return
    access_log.write(access_log.LOGIN_SUCCESS, user.username, role=user.role,
                     units=list(user.units),
                     method=st.session_state.pop(_METHOD_KEY, None) or "cookie")
    st.session_state[_LOGGED_KEY] = user.username


def _on_logout(event: dict) -> None:
    access_log.write(access_log.LOGOUT, event.get("username"))


# ---------------------------------------------------------------------------------------------
# unit scope


@db.per_publish
def _unit_children() -> dict[str, tuple[str, ...]]:
    """parent unit → its units, from marts.dim_units (empty when it is not published)."""
    if not db.has_columns("marts", "dim_units", "unit_code", "parent_code"):
        return {}
    frame = db.query("select unit_code, parent_code from marts.dim_units")
    children: dict[str, list[str]] = {}
    for unit, parent in zip(frame["unit_code"], frame["parent_code"]):
        if isinstance(parent, str) and parent != unit:
            children.setdefault(parent, []).append(unit)
    children.update({unit: [] for unit in frame["unit_code"] if unit not in children})
    return {parent: tuple(units) for parent, units in children.items()}


def units_in_scope(user: users.User) -> frozenset[str]:
    """The user's units and every unit under them, plus `ALL` (the marts' corps-total rows) when
    that is every unit there is."""
    children = _unit_children()
    scope: set[str] = set()
    todo = list(user.units)
    while todo:
        unit = todo.pop()
        if unit not in scope:
            scope.add(unit)
            todo.extend(children.get(unit, ()))
    if children and set(children) <= scope:
        scope.add("ALL")
    return frozenset(scope)


def in_scope(frame: pd.DataFrame, user: users.User) -> pd.DataFrame:
    """The rows of units in the user's scope (a frame without unit_code is returned as it is)."""
    if frame.empty or "unit_code" not in frame:
        return frame
    return frame[frame["unit_code"].isin(units_in_scope(user))]


def scoped_units(codes: Iterable[str], user: users.User) -> list[str]:
    """The unit codes of a list that are in the user's scope, sorted."""
    scope = units_in_scope(user)
    return sorted(code for code in set(codes) if code in scope)
