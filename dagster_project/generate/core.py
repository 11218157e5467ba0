"""`generate()`: write a deterministic inbox of source files for a given scale and seed."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Callable

from dagster_project.contracts import load_contracts

from .events import EventGenerator
from .output import Emitter, Stats
from .snapshots import (MISNAMED_FILE, write_calendar, write_discretion, write_enterprises, write_majors,
                        write_roster, write_units)
from .timeline import WorkCalendar
from .world import build_world

CSV_ONLY_FROM_SCALE = 5


def _generated_name(name: str, sources: set[str]) -> bool:
    m = re.fullmatch(r"(.+)_(\d{8})\.(csv|xlsx)", name)
    return name == MISNAMED_FILE or bool(m and m.group(1) in sources)


def generate(scale: float, out_dir: Path, seed: int = 0, progress: Callable[[str], None] | None = None) -> dict:
    """Generate source files for `scale` (1 = the size of the XPCC) into `out_dir`.

    Same (scale, seed) → byte-identical files. Files a previous run left in `out_dir` (names of
    the form `{source}_{YYYYMMDD}.{csv|xlsx}` and the deliberately misnamed file) are replaced;
    anything else there is left alone. From scale 5 on, every file is CSV.
    Returns a summary: files, rows per source, injected defects and accepted noise by kind.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = set(load_contracts())
    for old in out_dir.iterdir():
        if old.is_file() and _generated_name(old.name, sources):
            old.unlink()
    say = progress or (lambda _msg: None)
    say(f"building the world (scale {scale}, seed {seed})")
    world = build_world(scale, seed)
    stats = Stats()
    em = Emitter(out_dir, seed, stats, progress=None)
    cal = WorkCalendar()
    for label, step in (("units", lambda: write_units(world, em)), ("majors", lambda: write_majors(world, em)),
                        ("discretion_standards", lambda: write_discretion(world, em)),
                        ("calendar", lambda: write_calendar(world, em, cal)),
                        ("enterprises", lambda: write_enterprises(world, em)), ("roster", lambda: write_roster(world, em))):
        step()
        say(f"{label}: {sum(1 for f in stats.files if f.startswith(label + '_'))} files")
    EventGenerator(world, em, cal).run(progress=say)
    return {
        "scale": scale,
        "seed": seed,
        "out_dir": str(out_dir),
        "files": sorted(stats.files),
        "file_count": len(stats.files),
        "bytes": stats.bytes,
        "rows": dict(sorted(stats.rows.items())),
        "entities": {"units": len(world.units), "enterprises": len(world.enterprises), "people": len(world.people)},
        "defects": dict(sorted(stats.defects.items())),
        "defect_rows_total": sum(stats.defects.values()),
        "noise": dict(sorted(stats.noise.items())),
        "events": dict(sorted(stats.events.items())),
        "seconds": round(time.perf_counter() - started, 2),
    }
