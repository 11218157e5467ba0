"""The dashboards' audit log: who logged in, who ran which SQL, who was shown names.

One JSON object per line (JSON Lines), appended, never rewritten: `REGWH_ACCESS_LOG`, else
`<warehouse dir>/access_log.jsonl` (docs/access.md has the format). Every line has `ts` (local
time with offset), `event` and `username`; the other fields depend on the event. Passwords and
people's names are never written: a failed login names the account only when it exists (a
mistyped username is often the password typed in the wrong box), and shown names are counted,
not listed.
"""
from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from typing import Any

from dagster_project.paths import access_log_path

# Streamlit runs every session in a thread of one process: one append at a time, and each line
# is a single write() on a file opened with O_APPEND, so lines never interleave.
_LOCK = threading.Lock()

LOGIN_SUCCESS = "login_success"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
SQL_QUERY = "sql_query"
NAMES_SHOWN = "names_shown"
PAGE_REFUSED = "page_refused"
BULK_EXPORT = "bulk_export"


def write(event: str, username: str | None, **fields: Any) -> None:
    """Append one line: the event, the user and the given fields."""
    record = {"ts": datetime.now().astimezone().isoformat(timespec="milliseconds"),
              "event": event, "username": username, **fields}
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path = access_log_path()
    with _LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def read(path=None) -> list[dict[str, Any]]:
    """Every line of the log as a dict (for tests and inspection)."""
    path = path or access_log_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
