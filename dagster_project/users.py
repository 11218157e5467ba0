"""The dashboards' users file: read, check, and add a user (`regwh add-user`).

A YAML file in streamlit-authenticator's format (docs/access.md):

    cookie: {name: regwh_auth, key: <secret>, expiry_days: 1}
    credentials:
      usernames:
        <username>: {name: <display name>, password: <bcrypt hash>, role: <role>, units: [<code>]}

`role` and `units` are ours; the library ignores them. Passwords are stored only as bcrypt hashes
made by the library's Hasher, and the app checks them with the same library: nothing here
hashes or compares passwords by hand.
"""
from __future__ import annotations

import copy
import logging
import os
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROLES = ("leadership", "personnel", "analyst")
# streamlit-authenticator lower-cases the username typed at login: keys must be lower case too.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
UNIT_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
MIN_PASSWORD_LENGTH = 8
COOKIE_NAME = "regwh_auth"
COOKIE_EXPIRY_DAYS = 1
MIN_COOKIE_KEY_LENGTH = 32
FILE_MODE = 0o600  # password hashes and the cookie key: the owner only


class UsersFileError(ValueError):
    """The users file is missing or not usable; the message says what to fix."""


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: str
    units: tuple[str, ...]

    @property
    def sees_names(self) -> bool:
        """Only the personnel office sees people by name (within its units)."""
        return self.role == "personnel"


def _hasher():
    """streamlit-authenticator's Hasher (bcrypt). Imported when needed: the library imports
    Streamlit, which warns at import when it runs outside an app (`regwh add-user`)."""
    if "streamlit_authenticator" not in sys.modules:
        logging.disable(logging.WARNING)
        try:
            import streamlit_authenticator  # noqa: F401
        finally:
            logging.disable(logging.NOTSET)
    from streamlit_authenticator.utilities.hasher import Hasher

    return Hasher


def load(path: Path) -> dict[str, Any]:
    """The users file, checked; raises UsersFileError (missing file, or what is wrong in it)."""
    if not path.exists():
        raise UsersFileError(f"users file not found: {path}")
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise UsersFileError(f"{path} is not valid YAML: {error}") from None
    check(config, path)
    return config


def check(config: Any, path: Path) -> None:
    """Raise UsersFileError naming the first problem of a parsed users file."""
    def fail(message: str) -> None:
        raise UsersFileError(f"{path}: {message}")

    if not isinstance(config, dict):
        fail("expected a mapping with `cookie` and `credentials`")
    cookie = config.get("cookie")
    if not isinstance(cookie, dict) or not cookie.get("name"):
        fail("`cookie.name` missing")
    if not isinstance(cookie.get("key"), str) or len(cookie["key"]) < MIN_COOKIE_KEY_LENGTH:
        fail(f"`cookie.key` must be a secret of at least {MIN_COOKIE_KEY_LENGTH} characters")
    if not isinstance(cookie.get("expiry_days"), (int, float)) or cookie["expiry_days"] < 0:
        fail("`cookie.expiry_days` must be a number ≥ 0 (0: no re-login cookie)")
    usernames = (config.get("credentials") or {}).get("usernames")
    if not isinstance(usernames, dict) or not usernames:
        fail("`credentials.usernames` holds no user")
    hasher = _hasher()
    for username, entry in usernames.items():
        if not isinstance(username, str) or not USERNAME_PATTERN.match(username):
            fail(f"username {username!r}: lower-case letters, digits, _ . - only")
        if not isinstance(entry, dict):
            fail(f"user {username}: expected a mapping")
        if not entry.get("name"):
            fail(f"user {username}: `name` missing")
        if not hasher.is_hash(str(entry.get("password", ""))):
            fail(f"user {username}: `password` must be a bcrypt hash (use `regwh add-user`), "
                 "never a plain password")
        if entry.get("role") not in ROLES:
            fail(f"user {username}: `role` must be one of {', '.join(ROLES)}")
        units = entry.get("units")
        if (not isinstance(units, list) or not units
                or not all(isinstance(u, str) and UNIT_PATTERN.match(u) for u in units)):
            fail(f"user {username}: `units` must be a non-empty list of unit codes")


def user(config: dict[str, Any], username: str | None) -> User | None:
    """The user of that name in a checked users file, or None."""
    entry = config["credentials"]["usernames"].get(username) if username else None
    if entry is None:
        return None
    return User(username, str(entry["name"]), entry["role"], tuple(entry["units"]))


def credentials(config: dict[str, Any]) -> dict[str, Any]:
    """A fresh copy of `credentials` for the library, which writes login counters into it."""
    return copy.deepcopy(config["credentials"])


def add_user(path: Path, *, username: str, name: str, role: str, units: list[str],
             password: str, replace: bool = False) -> None:
    """Add (or with `replace`, overwrite) a user, hashing the password with the library's
    Hasher. A new file gets a random cookie key. Written atomically, mode 0600."""
    if not USERNAME_PATTERN.match(username):
        raise UsersFileError(f"username {username!r}: lower-case letters, digits, _ . - only")
    if role not in ROLES:
        raise UsersFileError(f"role must be one of {', '.join(ROLES)}")
    if not units or not all(UNIT_PATTERN.match(u) for u in units):
        raise UsersFileError("give at least one unit code (--unit), e.g. --unit BT00")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsersFileError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if path.exists():
        config = load(path)
    else:
        config = {
            "cookie": {"name": COOKIE_NAME, "key": secrets.token_urlsafe(32),
                       "expiry_days": COOKIE_EXPIRY_DAYS},
            "credentials": {"usernames": {}},
        }
    usernames = config["credentials"]["usernames"]
    if username in usernames and not replace:
        raise UsersFileError(f"user {username} already exists in {path} (--replace to overwrite)")
    usernames[username] = {"name": name, "password": _hasher().hash(password), "role": role,
                           "units": list(units)}
    check(config, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        yaml.safe_dump(config, out, allow_unicode=True, sort_keys=False)
    os.chmod(tmp, FILE_MODE)  # O_CREAT's mode does not apply to a tmp file left by a crash
    os.replace(tmp, path)


def unknown_units(units: list[str], serving: Path) -> list[str] | None:
    """The codes not in marts.dim_units of the serving copy; None when that cannot be told."""
    import duckdb

    if not serving.exists():
        return None
    try:
        with duckdb.connect(str(serving), read_only=True) as con:
            known = {code for (code,) in con.execute("select unit_code from marts.dim_units")
                     .fetchall()}
    except duckdb.Error:
        return None
    return [u for u in units if u not in known]
