"""Snapshot sources: units, majors, discretion standards, calendar, enterprises, roster."""
from __future__ import annotations

import numpy as np

from . import codes, vocab
from .output import UNKNOWN_LABELS, Defect, Emitter, FilePlan, Stats, format_dates, take
from .timeline import MONTH_ENDS, N_MONTHS, NA_DAY, QUARTER_ENDS, WorkCalendar, day
from .world import World, majors_safety, stream

XLSX_FILES = {
    ("units", "2020-01-01"), ("enterprises", "2021-12-31"), ("majors", "2021-01-01"),
    ("majors", "2023-01-01"), ("discretion_standards", "2023-01-01"), ("calendar", "2023-12-15"),
    ("roster", "2022-09-30"), ("roster", "2022-10-31"), ("roster", "2022-11-30"), ("roster", "2022-12-31"),
    ("training", "2023-03-31"), ("training", "2023-04-30"), ("inspections", "2021-06-30"),
    ("inspection_staff", "2021-06-30"), ("penalties", "2024-06-30"),
}
# Source systems differ in how they save CSV: (gb18030, utf-8 with BOM, utf-8) weights.
ENCODING_WEIGHTS = {
    "units": (0.5, 0.5, 0.0), "majors": (0.5, 0.3, 0.2), "discretion_standards": (0.5, 0.5, 0.0),
    "calendar": (0.3, 0.4, 0.3), "enterprises": (0.3, 0.5, 0.2), "roster": (0.25, 0.5, 0.25),
    "training": (0.6, 0.3, 0.1), "random_tasks": (0.1, 0.4, 0.5), "inspections": (0.1, 0.4, 0.5),
    "inspection_staff": (0.1, 0.4, 0.5), "penalties": (0.35, 0.45, 0.2),
}
FORCED = {  # make sure every kind of file exists at any scale and seed
    ("roster", "2020-01-31"): dict(encoding="gb18030"),
    ("training", "2020-01-31"): dict(encoding="gb18030"),
    ("inspections", "2020-02-29"): dict(encoding="utf-8"),
    ("penalties", "2020-03-31"): dict(encoding="utf-8-sig"),
    ("inspections", "2022-07-31"): dict(shuffle_columns=True),
    ("roster", "2021-04-30"): dict(shuffle_columns=True),
}
EXTRA_COLUMN_FILE = ("roster", "2023-06-30")
MISNAMED_FILE = "人员名单_最终版.xlsx"


def file_plan(source: str, extract_day: int, scale: float, seed: int) -> FilePlan:
    iso = str(np.int64(extract_day).astype("datetime64[D]"))
    rng = stream(seed, f"plan:{source}:{iso}")
    w = np.array(ENCODING_WEIGHTS[source])
    encoding = ("gb18030", "utf-8-sig", "utf-8")[int(rng.choice(3, p=w / w.sum()))]
    style = int(rng.choice(4, p=[0.6, 0.15, 0.15, 0.1]))
    plan = FilePlan(
        fmt="xlsx" if (source, iso) in XLSX_FILES and scale < 5 else "csv",
        encoding=encoding, date_style=style,
        shuffle_columns=bool(rng.random() < 0.04),
        lowercase_x=0.35 if (source == "roster" and rng.random() < 0.3) else 0.0,
        int_as_float=0.03 if (source in ("inspections", "random_tasks") and rng.random() < 0.3) else 0.0,
    )
    for k, v in FORCED.get((source, iso), {}).items():
        setattr(plan, k, v)
    if plan.fmt == "xlsx":
        plan.date_style = 0
    plan.newline = "\n" if plan.encoding == "utf-8" else "\r\n"
    return plan


def write_units(world: World, em: Emitter) -> None:
    u = world.units
    for iso, names in (("2020-01-01", u.name_early), ("2021-03-01", u.name_late)):
        frame = {
            "unit_code": u.code.copy(), "unit_name": names.copy(),
            "level": np.where(u.is_corps, 0, 1).astype(np.int64),
            "parent_code": np.where(u.is_corps, "", u.code[0]).astype(object),
        }
        em.emit("units", day(iso), frame, file_plan("units", day(iso), world.scale, world.seed))


def write_majors(world: World, em: Emitter) -> None:
    for year in range(2020, 2025):
        safe = majors_safety(year)
        group = {m[0]: m[2] for m in vocab.MAJORS}
        names = np.array(list(safe), dtype=object)
        frame = {"major": names, "safety_related": np.array([int(safe[n]) for n in names], dtype=np.int8),
                 "major_group": np.array([group[n] for n in names], dtype=object)}
        defects = []
        if year == 2022:  # one row keyed with an answer the contract does not know
            defects.append(Defect(int(np.flatnonzero(names == "英语")[0]), "safety_related", "unknown_enum_label", "不是"))
        d = day(f"{year}-01-01")
        em.emit("majors", d, frame, file_plan("majors", d, world.scale, world.seed), defects=defects)


def discretion_bands(version: int) -> dict[tuple[str, int], tuple[float, float]]:
    """(violation code, circumstance index) → (fine_min, fine_max) of a standard version."""
    violations = list(vocab.VIOLATIONS) + ([vocab.NEW_VIOLATION_2023] if version >= 2023 else [])
    cuts = ((0.0, 0.1), (0.1, 0.4), (0.4, 0.7), (0.7, 1.0))
    out = {}
    for code, _name, _a14, _a21, base in violations:
        top = base * (2 if version >= 2023 and base <= 100_000 else 1)
        for c, (lo, hi) in enumerate(cuts):
            out[(code, c)] = (round(top * lo, -2), round(top * hi, -2))
    return out


def legal_basis(violation: tuple, version: int) -> str:
    article = violation[2] if version < 2023 else violation[3]
    if article.startswith("安全生产法"):
        edition = "2014修正" if version < 2023 else "2021修正"
        return f"《中华人民共和国安全生产法》（{edition}）{article.removeprefix('安全生产法')}"
    return f"《危险化学品安全管理条例》{article.removeprefix('危险化学品安全管理条例')}"


def write_discretion(world: World, em: Emitter) -> None:
    for version, iso in ((2020, "2020-01-01"), (2023, "2023-01-01")):
        bands = discretion_bands(version)
        meta = {v[0]: v for v in list(vocab.VIOLATIONS) + [vocab.NEW_VIOLATION_2023]}
        keys = list(bands)
        frame = {
            "violation_code": np.array([k[0] for k in keys], dtype=object),
            "violation_name": np.array([meta[k[0]][1] for k in keys], dtype=object),
            "legal_basis": np.array([legal_basis(meta[k[0]], version) for k in keys], dtype=object),
            "circumstance": np.array([k[1] for k in keys], dtype=np.int64),
            "fine_min": np.array([bands[k][0] for k in keys]),
            "fine_max": np.array([bands[k][1] for k in keys]),
        }
        defects = []
        if version == 2023:  # one band keyed upside down
            row = keys.index(("WH016", 2))
            defects.append(Defect(row, "fine_max", "max_below_min"))
        d = day(iso)
        em.emit("discretion_standards", d, frame, file_plan("discretion_standards", d, world.scale, world.seed),
                defects=defects)


# Xinjiang's regional Corban (古尔邦节) holiday 2024: a local override of the national schedule.
CALENDAR_OVERRIDES = {"2024-06-17": False, "2024-06-18": False}


def write_calendar(world: World, em: Emitter, cal: WorkCalendar) -> None:
    days = np.arange(day("2024-01-01"), day("2024-12-31") + 1)
    work = cal.is_workday(days).astype(np.int8)
    for iso, value in CALENDAR_OVERRIDES.items():
        work[days == day(iso)] = int(value)
    d = day("2023-12-15")
    plan = file_plan("calendar", d, world.scale, world.seed)
    plan.date_variant_rate = 0.0
    em.emit("calendar", d, {"calendar_date": days, "is_workday": work}, plan)


def _episodes(rng, n_rows_total: int, rate: float, mean_len: float, present: np.ndarray, max_len: int):
    """Defect episodes: (entity, first period, last period) so that ~rate of rows are affected."""
    n_ep = int(round(rate * n_rows_total / mean_len))
    ent, per = np.nonzero(present)
    if not len(ent) or not n_ep:
        return []
    pick = rng.choice(len(ent), size=min(n_ep, len(ent)), replace=False)
    lengths = rng.integers(1, max_len + 1, size=len(pick))
    return [(int(ent[i]), int(per[i]), int(per[i] + L - 1)) for i, L in zip(pick, lengths)]


def write_enterprises(world: World, em: Emitter) -> None:
    e, u = world.enterprises, world.units
    rng = stream(world.seed, "enterprise-defects")
    present = e.status >= 0
    episodes = _episodes(rng, int(present.sum()), 0.006, 2.5, present, 4)
    ep_defects = []
    for ent, q0, q1 in episodes:
        r = rng.random()
        if r < 0.35:
            kind, col, value = "uscc_checksum", "uscc", codes.corrupt_uscc(e.uscc[ent], rng)
        elif r < 0.65:
            col = ("risk_level", "status", "enterprise_type", "major_hazard_level")[int(rng.integers(4))]
            enum = em.contracts["enterprises"].by_name[col].enum
            kind, value = "unknown_enum_label", UNKNOWN_LABELS[enum][int(rng.integers(len(UNKNOWN_LABELS[enum])))]
        else:
            col = ("enterprise_name", "enterprise_type", "standardization_grade", "unit_code")[int(rng.integers(4))]
            kind, value = "missing_required", ""
        ep_defects.append((ent, q0, q1, col, kind, value))
    dup_quarters = {6: 1, 13: 2}
    for q, qe in enumerate(QUARTER_ENDS):
        idx = np.flatnonzero(present[:, q])
        body = e.body[idx, q]
        frame = {
            "uscc": e.uscc[idx].copy(), "enterprise_name": e.name[idx].copy(), "unit_code": u.code[e.unit[idx]],
            "park_name": e.park[idx].copy(), "enterprise_type": e.etype[idx].astype(np.int64),
            "risk_level": e.risk[idx, q].astype(np.int64), "major_hazard_level": e.hazard[idx].astype(np.int64),
            "standardization_grade": e.grade[idx, q].astype(np.int64),
            "designated_body": np.where(body >= 0, u.code[np.maximum(body, 0)], "").astype(object),
            "status": e.status[idx, q].astype(np.int64),
        }
        pos = np.full(len(e), -1)
        pos[idx] = np.arange(len(idx))
        defects = [Defect(int(pos[ent]), col, kind, value) for ent, q0, q1, col, kind, value in ep_defects
                   if q0 <= q <= q1 and pos[ent] >= 0]
        dups = []
        frng = stream(world.seed, f"enterprise-dups:{q}")
        for _ in range(dup_quarters.get(q, 0)):
            row = int(frng.integers(len(idx)))
            dups.append((row, {"risk_level": int((frame["risk_level"][row] + 1) % 4)}))
        em.emit("enterprises", int(qe), frame, file_plan("enterprises", int(qe), world.scale, world.seed),
                defects=defects, duplicates=dups)


def roster_frame(world: World, m: int) -> tuple[np.ndarray, dict]:
    """People listed in snapshot m (sorted by unit, then person) and their rows."""
    p, u = world.people, world.units
    D = MONTH_ENDS[m]
    idx = np.flatnonzero(p.in_roster(m))
    unit = p.unit_at(m)[idx]
    order = np.lexsort((idx, unit))
    idx, unit = idx[order], unit[order]
    upgraded = p.upgrade_m[idx] <= m
    sep = p.sep[idx]
    shown = p.sep_shown[idx] & (sep != NA_DAY) & (sep <= D)
    expiry = p.cert_expiry_at(m)[idx]
    frame = {
        "person_id": p.pid[idx].copy(), "full_name": p.name[idx].copy(), "id_number": p.id_number[idx].copy(),
        "gender": np.where(p.male[idx], 0, 1).astype(np.int64), "birth_date": p.birth[idx].copy(),
        "unit_code": u.code[unit], "staff_category": p.category[idx].astype(np.int64),
        "employment_type": p.employment[idx].astype(np.int64), "hire_date": p.hire[idx].copy(),
        "separation_date": np.where(shown, sep, NA_DAY),
        "education_level": np.where(upgraded, p.edu1[idx], p.edu0[idx]).astype(np.int64),
        "major": np.where(upgraded, p.major1[idx], p.major0[idx]).astype(object),
        "prior_experience_years": p.prior[idx].copy(), "professional_title": p.title[idx].astype(np.int64),
        "registered_safety_engineer": p.rse[idx].copy(),
        "cert_no": np.where(expiry != NA_DAY, p.cert_no[idx], "").astype(object), "cert_expiry": expiry,
    }
    return idx, frame


def write_roster(world: World, em: Emitter) -> None:
    p = world.people
    rng = stream(world.seed, "roster-defects")
    present = np.stack([p.in_roster(m) for m in range(N_MONTHS)], axis=1)
    episodes = _episodes(rng, int(present.sum()), 0.006, 4.5, present, 8)
    contract = em.contracts["roster"]
    ep_defects = []
    for person, m0, m1 in episodes:
        r = rng.random()
        if r < 0.25:
            kind, col, value = "id_checksum", "id_number", codes.corrupt_id_number(p.id_number[person])
        elif r < 0.45:
            col = ("birth_date", "hire_date", "cert_expiry")[int(rng.integers(3))]
            kind, value = "bad_date", ("昨天", "2021-13-45", "1985-02-30", "待补录")[int(rng.integers(4))]
        elif r < 0.6:
            col = ("staff_category", "education_level", "employment_type")[int(rng.integers(3))]
            enum = contract.by_name[col].enum
            kind, value = "unknown_enum_label", UNKNOWN_LABELS[enum][int(rng.integers(len(UNKNOWN_LABELS[enum])))]
        elif r < 0.8:
            col = ("full_name", "id_number", "hire_date", "unit_code", "staff_category", "education_level")[int(rng.integers(6))]
            kind, value = "missing_required", ""
        elif r < 0.9:
            col, kind = "separation_date", "end_before_start"
            value = str(format_dates(np.array([p.hire[person] - int(rng.integers(30, 400))]), 0)[0])
        else:
            col, kind, value = "prior_experience_years", "non_numeric", ("3年", "三", "两年半")[int(rng.integers(3))]
        ep_defects.append((person, m0, m1, col, kind, value))
    dup_months = {int(x): int(rng.integers(1, 3)) for x in rng.choice(N_MONTHS, size=4, replace=False)}
    for m in range(N_MONTHS):
        D = int(MONTH_ENDS[m])
        idx, frame = roster_frame(world, m)
        pos = np.full(len(p), -1)
        pos[idx] = np.arange(len(idx))
        defects = [Defect(int(pos[person]), col, kind, value) for person, m0, m1, col, kind, value in ep_defects
                   if m0 <= m <= m1 and pos[person] >= 0]
        dups = []
        drng = stream(world.seed, f"roster-dups:{m}")
        for _ in range(dup_months.get(m, 0)):
            row = int(drng.integers(len(idx)))
            dups.append((row, {"unit_code": world.units.code[int(drng.integers(len(world.units)))]}))
        plan = file_plan("roster", D, world.scale, world.seed)
        iso = str(np.datetime64(D, "D"))
        if ("roster", iso) == EXTRA_COLUMN_FILE:
            notes = np.full(len(idx) + len(dups), "", dtype=object)
            notes[drng.random(len(notes)) < 0.03] = "借调"
            notes[drng.random(len(notes)) < 0.01] = "病休"
            plan.extra_column = ("备注", notes)
            em.stats.noise["extra_unknown_column_files"] += 1
        em.emit("roster", D, frame, plan, defects=defects, duplicates=dups)
    # a file that fits no source name: one unit's list, saved by hand
    idx, frame = roster_frame(world, N_MONTHS - 1)
    unit_sel = frame["unit_code"] == world.units.code[min(8, len(world.units) - 1)]
    saved = em.stats
    em.stats = Stats()
    plan = FilePlan(fmt="xlsx")
    em.emit("roster", int(MONTH_ENDS[-1]), take(frame, np.flatnonzero(unit_sel)), plan, name=MISNAMED_FILE, count=False)
    saved.files.append(MISNAMED_FILE)
    saved.bytes += em.stats.bytes
    saved.events["misnamed_files"] += 1
    em.stats = saved
