"""One writer per warehouse: an OS lock on `<warehouse>.lock` holding who has it.

DuckDB lets one process write a file; a second `regwh run` (or a sensor, schedule or UI run)
used to die deep inside DuckDB. `fcntl.flock` is released by the kernel when its process dies,
so a run killed with `kill -9` leaves no lock behind: the JSON left in the file then only names
a holder that is gone, and the next writer overwrites it. Readers open the serving copy and never
touch this file.

The lock is re-entrant within a process (`regwh run` takes it, then the job it runs in process
takes it again through the Warehouse resource), because a second flock on a new descriptor of the
same file would block on the process's own lock.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

_held: dict[Path, tuple[int, int]] = {}  # lock path → (fd, depth) held by this process
_guard = threading.Lock()


class WarehouseBusy(Exception):
    """Another live process writes this warehouse."""

    def __init__(self, lock: Path, holder: dict):
        self.lock, self.holder = lock, holder
        super().__init__(busy_message(holder))


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def busy_message(holder: dict) -> str:
    who = (f"运行 run {holder.get('run_id') or '?'}, pid {holder.get('pid', '?')}, "
           f"开始于 started {holder.get('started', '?')}")
    return f"仓库正被另一次运行写入（{who}）/ warehouse is being written by another run ({who})"


def read_holder(warehouse: Path) -> dict | None:
    """Who holds the lock now, or None when nobody does (a file left by a killed run counts as
    nobody). Never blocks: it tries the lock and lets go at once."""
    path = lock_path(warehouse)
    if not path.exists():
        return None
    if path.resolve() in _held:
        return _read_json(path)
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_json(path) or {}
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


@contextmanager
def writer_lock(warehouse: Path, run_id: str = "", wait: float = 0.0, say=None):
    """Hold the warehouse's write lock for the block. `wait` seconds (0: fail at once) before
    raising WarehouseBusy; `say` is told once, in one line, that we are waiting."""
    path = lock_path(warehouse.resolve())
    with _guard:
        if path in _held:
            fd, depth = _held[path]
            _held[path] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                fd, depth = _held[path]
                _held[path] = (fd, depth - 1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, wait, say)
        # The previous content may be a killed run's: the lock is ours now, so it is stale.
        record = {"pid": os.getpid(), "run_id": run_id, "host": socket.gethostname(),
                  "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "command": " ".join(sys.argv)[:300]}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record, ensure_ascii=False).encode(), 0)
        with _guard:
            _held[path] = (fd, 1)
        try:
            yield
        finally:
            with _guard:
                del _held[path]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait: float, say) -> None:
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _read_json(path)
            if time.monotonic() >= deadline:
                raise WarehouseBusy(path, holder) from None
            if say and not told:
                say(f"等待写锁 waiting for the write lock: {busy_message(holder)}")
                told = True
            time.sleep(0.5)
