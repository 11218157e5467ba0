"""The simulated world behind the files: units, enterprises over time, people over time.

Everything is held as numpy arrays (one row per enterprise or person, plus small per-quarter
matrices), so that scale 100 stays cheap; the files are projections of this truth.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from . import codes, vocab
from .timeline import FIRST_YEAR, MONTH_ENDS, N_MONTHS, NA_DAY, QUARTER_ENDS, day, month_index

# Codes used in the arrays (indices into the contract's label lists are resolved when writing).
OFFICER, AUXILIARY, EXPERT = 0, 1, 2
OPERATING, SUSPENDED, CLOSED, ABSENT = 0, 1, 2, -1
RISK_RED, RISK_ORANGE, RISK_YELLOW, RISK_BLUE = 0, 1, 2, 3


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per purpose, so that changing one part leaves others alone."""
    import zlib

    return np.random.default_rng([seed, zlib.crc32(name.encode())])


@dataclass
class Units:
    code: np.ndarray            # object
    name_early: np.ndarray
    name_late: np.ndarray
    is_corps: np.ndarray        # bool
    area: np.ndarray            # object, admin area code
    abbr: np.ndarray
    city: np.ndarray            # place name used in enterprise names
    ent_weight: np.ndarray
    staff_weight: np.ndarray
    parks: list                 # tuple of park names per unit
    target_month: np.ndarray    # month index when the unit's qualified share is meant to reach 75 %
    refresher_gap: np.ndarray   # (units, years) probability that an officer misses the refresher
    practical_rate: np.ndarray  # yearly probability of a practical-training record per officer
    dr_intensity: np.ndarray    # double-random draws per pool enterprise per year
    tasks_per_year: np.ndarray
    key_rate: np.ndarray
    late_publicity: np.ndarray  # share of results published late or never, per body

    def __len__(self) -> int:
        return len(self.code)


@dataclass
class Enterprises:
    uscc: np.ndarray
    name: np.ndarray
    unit: np.ndarray            # index into units
    park: np.ndarray            # object ('' = none)
    etype: np.ndarray           # index into vocab types (生产 …)
    hazard: np.ndarray          # 0..4 (一级 … 无)
    reg_day: np.ndarray         # registration day (new enterprises: inside their first quarter)
    first_q: np.ndarray
    status: np.ndarray          # (E, Q) int8; ABSENT = not in the registry file
    risk: np.ndarray            # (E, Q) int8
    grade: np.ndarray           # (E, Q) int8 0..3 (一级 … 无)
    body: np.ndarray            # (E, Q) int32 designated body; -1 = blank
    second_body: np.ndarray     # a second body that also inspects it (-1 = none)

    def __len__(self) -> int:
        return len(self.uscc)


@dataclass
class People:
    pid: np.ndarray
    name: np.ndarray
    id_number: np.ndarray
    male: np.ndarray
    birth: np.ndarray
    category: np.ndarray
    employment: np.ndarray      # index into employment labels; -1 blank
    title: np.ndarray           # -1 blank, 0 初级, 1 中级, 2 高级
    rse: np.ndarray             # -1 blank, 0 否, 1 是
    unit0: np.ndarray
    unit1: np.ndarray
    transfer_m: np.ndarray      # month index from which unit1 applies (N_MONTHS = never)
    hire: np.ndarray
    sep: np.ndarray             # NA_DAY = not separated within the horizon
    sep_shown: np.ndarray       # separation written in later rosters (else the person vanishes)
    first_m: np.ndarray         # first roster snapshot index
    last_m: np.ndarray          # last roster snapshot index (inclusive)
    edu0: np.ndarray
    major0: np.ndarray          # object
    edu1: np.ndarray
    major1: np.ndarray
    upgrade_m: np.ndarray       # month index from which edu1/major1 apply
    prior: np.ndarray           # float, nan = blank
    cert_no: np.ndarray         # object, '' = none
    cert_from_m: np.ndarray     # first snapshot showing the certificate
    expiry0: np.ndarray
    expiry1: np.ndarray
    renew_m: np.ndarray         # snapshot from which expiry1 is shown

    def __len__(self) -> int:
        return len(self.pid)

    def unit_at(self, m) -> np.ndarray:
        return np.where(self.transfer_m <= m, self.unit1, self.unit0)

    def in_roster(self, m: int) -> np.ndarray:
        return (self.first_m <= m) & (m <= self.last_m)

    def cert_expiry_at(self, m) -> np.ndarray:
        """Certificate expiry shown in snapshot m (NA_DAY = no certificate)."""
        shown = (self.cert_no != "") & (self.cert_from_m <= m)
        exp = np.where(self.renew_m <= m, self.expiry1, self.expiry0)
        return np.where(shown, exp, NA_DAY)

    def in_post_at(self, m: int) -> np.ndarray:
        """In the roster of snapshot m and in post on its date."""
        d = MONTH_ENDS[m]
        return self.in_roster(m) & (self.hire <= d) & ((self.sep == NA_DAY) | (self.sep > d) | ~self.sep_shown)


@dataclass
class World:
    scale: float
    seed: int
    units: Units
    enterprises: Enterprises
    people: People
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- units

def _city(name: str) -> str:
    m = re.match(r"第.+?师(.*?)市?应急管理局", name)
    return m.group(1) if m and m.group(1) else ""


def build_units(scale: float, seed: int) -> Units:
    rng = stream(seed, "units")
    n_div = 14 if scale <= 1 else int(round(14 * scale))
    codes_, early, late, corps, area, abbr, city, ew, sw, parks = ([] for _ in range(10))
    codes_.append(vocab.CORPS[0]); early.append(vocab.CORPS[1]); late.append(vocab.CORPS[1])
    corps.append(True); area.append("659000"); abbr.append("兵"); city.append("兵团")
    ew.append(0.0); sw.append(1.3); parks.append(())
    for code, name, later, area_code, ab, e_w, s_w in vocab.DIVISIONS:
        codes_.append(code); early.append(name); late.append(later or name); corps.append(False)
        area.append(area_code); abbr.append(ab); city.append(_city(later or name) or "新疆")
        ew.append(e_w); sw.append(s_w); parks.append(vocab.PARKS[code])
    for k in range(15, n_div + 1):
        cn = codes.chinese_numeral(k)
        name = f"第{cn}师应急管理局"
        codes_.append(f"BT{k:02d}"); early.append(name); late.append(name); corps.append(False)
        area.append(f"659{k % 1000:03d}" if k < 1000 else f"65{k:04d}"); abbr.append(f"{cn}师")
        city.append("新疆"); ew.append(float(rng.lognormal(np.log(5), 0.6)))
        sw.append(float(0.45 + 0.08 * np.sqrt(ew[-1]) * 2))
        n_parks = int(rng.choice([0, 1, 1, 2]))
        parks.append(tuple(f"{cn}师{vocab.SYNTHETIC_PARK_SUFFIXES[j]}" for j in range(n_parks)))
    n = len(codes_)
    # When each unit reaches the 75 % target (month index; ≥ 60 = not within the data).
    base = np.array([14, 18, 21, 24, 26, 28, 29, 31, 33, 34, 35, 39, 44, 52, 75])
    target = rng.permutation(base) if n == len(base) else rng.choice(base, size=n)
    years = 5
    gap = np.full((n, years), 0.05)
    hot = rng.random((n, years)) < 0.14            # unit-years where refresher training slipped
    gap[hot] = rng.uniform(0.3, 0.55, size=hot.sum())
    gap[:, 0] = np.maximum(gap[:, 0], 0.08)         # 2020: the policy only started in November
    practical = np.where(rng.random(n) < 0.25, 0.12, 0.38)
    intensity = rng.uniform(3.0, 8.0, size=n)
    tasks = np.maximum(1, np.round(rng.choice([6, 12, 12, 12], size=n) * min(1.0, scale))).astype(np.int64)
    key_rate = rng.uniform(0.35, 1.6, size=n)        # how hard a body leans on key inspections
    late_publicity = np.where(rng.random(n) < 0.2, rng.uniform(0.15, 0.35, n), rng.uniform(0.02, 0.08, n))
    return Units(
        code=np.array(codes_, dtype=object), name_early=np.array(early, dtype=object),
        name_late=np.array(late, dtype=object), is_corps=np.array(corps), area=np.array(area, dtype=object),
        abbr=np.array(abbr, dtype=object), city=np.array(city, dtype=object), ent_weight=np.array(ew),
        staff_weight=np.array(sw), parks=parks, target_month=np.asarray(target), refresher_gap=gap,
        practical_rate=practical, dr_intensity=intensity, tasks_per_year=tasks, key_rate=key_rate,
        late_publicity=late_publicity,
    )


# ---------------------------------------------------------------- enterprises

ETYPES = ("production", "storage", "use", "trade", "transport", "disposal")


def build_enterprises(units: Units, scale: float, seed: int) -> Enterprises:
    rng = stream(seed, "enterprises")
    n = max(8, int(round(1200 * scale)))
    Q = len(QUARTER_ENDS)
    w = units.ent_weight / units.ent_weight.sum()
    unit = rng.choice(len(units), size=n, p=w)
    etype = rng.choice(6, size=n, p=[0.28, 0.10, 0.22, 0.30, 0.08, 0.02])
    # park
    in_park_p = np.array([0.85, 0.5, 0.45, 0.1, 0.15, 0.6])[etype]
    park = np.empty(n, dtype=object)
    u_park = rng.random(n)
    in_park = rng.random(n) < in_park_p
    for i in range(n):
        options = units.parks[unit[i]]
        if in_park[i] and options:
            park[i] = options[0] if u_park[i] < 0.6 or len(options) == 1 else options[1 + int(u_park[i] * 10) % (len(options) - 1)]
        else:
            park[i] = ""
    # major hazard level 0..3 = 一级..四级, 4 = 无
    hz_p = {0: [0.08, 0.14, 0.18, 0.18, 0.42], 1: [0.1, 0.16, 0.2, 0.18, 0.36], 2: [0.02, 0.05, 0.1, 0.13, 0.7],
            3: [0.0, 0.01, 0.03, 0.06, 0.9], 4: [0.0, 0.0, 0.02, 0.05, 0.93], 5: [0.0, 0.02, 0.05, 0.1, 0.83]}
    hazard = np.empty(n, dtype=np.int8)
    for t in range(6):
        sel = etype == t
        hazard[sel] = rng.choice(5, size=sel.sum(), p=hz_p[t])
    score = (4 - hazard) * 1.0 + np.where(etype <= 1, 0.8, 0) + rng.normal(0, 1.0, size=n)
    cut = np.quantile(score, [0.97, 0.85, 0.47])
    risk0 = np.where(score >= cut[0], RISK_RED, np.where(score >= cut[1], RISK_ORANGE,
                     np.where(score >= cut[2], RISK_YELLOW, RISK_BLUE))).astype(np.int8)
    grade0 = rng.choice(4, size=n, p=[0.015, 0.18, 0.50, 0.305]).astype(np.int8)
    grade0[(etype == 3) & (rng.random(n) < 0.5)] = 3
    # designated body: the division (mostly), the corps bureau (big hazards), blank (a few)
    p_corps = np.where(hazard <= 1, 0.3, 0.07)
    r = rng.random(n)
    body0 = np.where(r < p_corps, 0, unit).astype(np.int32)
    body0[(r >= p_corps) & (r < p_corps + 0.05)] = -1
    # second body for a few enterprises (both the corps and the division inspect them)
    second = np.full(n, -1, dtype=np.int32)
    dual = rng.random(n) < 0.06
    second[dual] = np.where(body0[dual] == 0, unit[dual], 0)
    if len(units) > 2:  # some neighbours too
        neigh = dual & (rng.random(n) < 0.3)
        second[neigh] = 1 + (unit[neigh] % (len(units) - 1))
        second[second == body0] = 0
    # time: initial vs new
    new = rng.random(n) < 0.14
    first_q = np.where(new, rng.integers(1, Q, size=n), 0)
    q_start = np.where(first_q > 0, QUARTER_ENDS[np.maximum(first_q - 1, 0)] + 1, day("2005-01-01"))
    span = np.where(first_q > 0, QUARTER_ENDS[first_q] - q_start + 1, day("2019-12-31") - day("2005-01-01"))
    reg_day = q_start + (rng.random(n) * span).astype(np.int64)
    recent = new | (reg_day >= day("2015-10-01"))
    area = np.where(rng.random(n) < 0.85, units.area[unit], rng.choice(["650100", "650104", "650105", "652801"], size=n))
    uscc = codes.make_usccs(rng, area.astype(object), recent)
    place_r = rng.random(n)
    places = np.where(place_r < 0.55, units.city[unit], np.where(place_r < 0.92, "新疆", "兵团"))
    places = np.where(places == "", "新疆", places).astype(object)
    name = codes.make_enterprise_names(rng, places, np.array(ETYPES, dtype=object)[etype])

    status = np.full((n, Q), ABSENT, dtype=np.int8)
    risk = np.zeros((n, Q), dtype=np.int8)
    grade = np.zeros((n, Q), dtype=np.int8)
    body = np.zeros((n, Q), dtype=np.int32)
    cur_s = np.full(n, OPERATING, dtype=np.int8)
    cur_s[(first_q == 0) & (rng.random(n) < 0.04)] = SUSPENDED
    cur_r, cur_g, cur_b = risk0.copy(), grade0.copy(), body0.copy()
    closed_for = np.zeros(n, dtype=np.int32)
    drop_after = rng.integers(3, 9, size=n)
    gone = np.zeros(n, dtype=bool)
    for q in range(Q):
        u = rng.random(n)
        if q > 0:
            op, su = cur_s == OPERATING, cur_s == SUSPENDED
            to_susp = op & (u < 0.012)
            to_close = op & (u >= 0.012) & (u < 0.018)
            resume = su & (u < 0.28)
            close_s = su & (u >= 0.28) & (u < 0.36)
            cur_s = cur_s.copy()
            cur_s[to_susp] = SUSPENDED
            cur_s[to_close | close_s] = CLOSED
            cur_s[resume] = OPERATING
            if q % 4 == 0:  # yearly re-rating of risk, standardisation reviews
                v = rng.random(n)
                better = v < 0.07
                worse = (v >= 0.07) & (v < 0.10)
                cur_r = np.clip(cur_r + better.astype(np.int8) - worse.astype(np.int8), 0, 3).astype(np.int8)
                up = (rng.random(n) < 0.04) & (cur_g > 1)
                cur_g = np.where(up, cur_g - 1, cur_g).astype(np.int8)
                assign = (cur_b == -1) & (rng.random(n) < 0.3)
                cur_b = np.where(assign, unit, cur_b).astype(np.int32)
            if q == 8:  # 2022: the corps bureau hands part of its enterprises to the divisions
                hand = (cur_b == 0) & (rng.random(n) < 0.2)
                cur_b = np.where(hand, unit, cur_b).astype(np.int32)
        closed_for = np.where(cur_s == CLOSED, closed_for + 1, 0)
        gone |= closed_for > drop_after
        present = (first_q <= q) & ~gone
        status[:, q] = np.where(present, cur_s, ABSENT)
        risk[:, q], grade[:, q], body[:, q] = cur_r, cur_g, cur_b
    return Enterprises(uscc=uscc, name=name, unit=unit.astype(np.int32), park=park, etype=etype.astype(np.int8),
                       hazard=hazard, reg_day=reg_day, first_q=first_q, status=status, risk=risk,
                       grade=grade, body=body, second_body=second)


# ---------------------------------------------------------------- people

def _rand_days(rng, lo, hi, size=None) -> np.ndarray:
    lo, hi = np.asarray(lo, np.int64), np.asarray(hi, np.int64)
    return lo + (rng.random(size if size is not None else np.broadcast(lo, hi).shape) * (hi - lo + 1)).astype(np.int64)


def build_people(units: Units, scale: float, seed: int) -> People:
    rng = stream(seed, "people")
    P = max(30, int(round(1700 * scale)))
    n_init = int(round(P * 0.8))
    initial = np.arange(P) < n_init
    category = rng.choice(3, size=P, p=[0.7, 0.2, 0.1]).astype(np.int8)
    sw = units.staff_weight / units.staff_weight.sum()
    unit0 = rng.choice(len(units), size=P, p=sw).astype(np.int32)
    start, end = day("2020-02-01"), day("2024-12-31")
    # hire dates
    hire = np.empty(P, dtype=np.int64)
    yrs_back = np.where(category == EXPERT, rng.uniform(0.2, 8, P), np.where(category == AUXILIARY,
                        rng.uniform(0.2, 6, P), rng.triangular(0.1, 2, 25, P)))
    hire[initial] = (day("2020-01-15") - yrs_back[initial] * 365.25).astype(np.int64)
    n_new = P - n_init
    year_w = np.array([0.13, 0.24, 0.30, 0.18, 0.15])
    hy = rng.choice(5, size=n_new, p=year_w)
    hire_new = _rand_days(rng, np.array([day(f"{FIRST_YEAR + y}-01-01") for y in hy]),
                          np.array([day(f"{FIRST_YEAR + y}-12-31") for y in hy]))
    hire[~initial] = np.clip(hire_new, start, end - 3)
    # birth, gender
    male = rng.random(P) < np.where(category == OFFICER, 0.72, 0.6)
    age_at_hire = np.where(category == EXPERT, rng.uniform(30, 52, P), rng.uniform(22, 34, P))
    birth = (hire - age_at_hire * 365.25).astype(np.int64)
    birth = np.clip(birth, day("1961-03-01"), day("2001-06-30"))
    # separations: retirement at 60 and ordinary leavers
    sep = np.full(P, NA_DAY, dtype=np.int64)
    retire = birth + int(60 * 365.25)
    retiring = (retire <= end) & (retire > hire) & (category != EXPERT)
    sep[retiring] = retire[retiring]
    turnover = np.where(category == AUXILIARY, 0.3, np.where(category == EXPERT, 0.15, 0.11))
    leaving = ~retiring & (rng.random(P) < turnover)
    lo = np.maximum(hire + 200, start)
    ok = leaving & (lo < end)
    sep[ok] = _rand_days(rng, lo[ok], np.full(ok.sum(), end))
    sep_shown = rng.random(P) < 0.6
    # roster appearance
    hire_m = month_index(hire)
    delay = np.where(~initial & (rng.random(P) < 0.09), rng.integers(1, 3, P), 0)
    first_m = np.where(initial, 0, np.clip(hire_m + delay, 0, N_MONTHS)).astype(np.int64)
    sep_m = np.where(sep == NA_DAY, N_MONTHS + 100, month_index(sep))
    keep = rng.integers(3, 15, size=P)
    # shown: separation visible from the snapshot of its month for `keep` months; vanished:
    # absent from the first snapshot dated on or after the separation
    last_shown = np.minimum(sep_m + keep, N_MONTHS - 1)
    last_vanish = np.searchsorted(MONTH_ENDS, sep, side="left") - 1
    last_m = np.where(sep == NA_DAY, N_MONTHS - 1, np.where(sep_shown, last_shown, last_vanish))
    # transfers between divisions
    transfer_m = np.full(P, N_MONTHS + 100, dtype=np.int64)
    unit1 = unit0.copy()
    tr = (rng.random(P) < 0.025) & (len(units) > 2)
    transfer_m[tr] = rng.integers(3, N_MONTHS - 2, size=tr.sum())
    unit1[tr] = 1 + (unit0[tr] + rng.integers(1, len(units) - 1, size=tr.sum())) % (len(units) - 1)

    # education and majors
    edu0 = np.zeros(P, dtype=np.int8)
    major0 = np.empty(P, dtype=object)
    edu1 = np.zeros(P, dtype=np.int8)
    major1 = np.empty(P, dtype=object)
    upgrade_m = np.full(P, N_MONTHS + 100, dtype=np.int64)
    safety = np.array(vocab.SAFETY_MAJORS_HIRE, dtype=object)
    unrelated = np.array(vocab.UNRELATED_MAJORS, dtype=object)
    unlisted = np.array(vocab.UNLISTED_MAJORS, dtype=object)
    reclass = np.array(vocab.RECLASSIFIED_MAJORS, dtype=object)
    upgrade_majors = np.array(vocab.UPGRADE_MAJORS, dtype=object)

    def pick(arr, k):
        return arr[rng.integers(0, len(arr), size=k)]

    def good_edu(k, p=(0.2, 0.66, 0.12, 0.02)):
        return rng.choice([2, 3, 4, 5], size=k, p=list(p)).astype(np.int8)

    off_init = initial & (category == OFFICER)
    # per-unit share of officers qualified at the start, chosen so that the unit reaches the
    # target around its target month
    t = units.target_month.astype(float)
    s0_unit = np.clip(0.66 - 0.005 * (t - 14) + rng.normal(0, 0.02, len(units)), 0.4, 0.7)
    q0 = rng.random(P) < s0_unit[unit0]
    qual = off_init & q0
    edu0[qual] = good_edu(qual.sum())
    major0[qual] = pick(safety[:8], qual.sum())  # majors classified as safety-related in 2020
    unq = off_init & ~q0
    reason = rng.choice(4, size=P, p=[0.14, 0.72, 0.05, 0.09])  # low edu / unrelated / unlisted / reclassified
    low = unq & (reason == 0)
    edu0[low] = rng.choice([0, 1], size=low.sum(), p=[0.35, 0.65])
    major0[low] = np.where(rng.random(low.sum()) < 0.5, "", pick(np.concatenate([safety, unrelated]), low.sum()))
    for r_code, pool in ((1, unrelated), (2, unlisted), (3, reclass)):
        sel = unq & (reason == r_code)
        edu0[sel] = good_edu(sel.sum(), (0.3, 0.6, 0.09, 0.01))
        major0[sel] = pick(pool, sel.sum())
    # upgrades (in-service degree in a safety major) between the policy start and the target
    needs = unq & (reason != 3)
    tgt = units.target_month[unit0]
    p_up = np.clip((0.84 - s0_unit[unit0] - 0.09 * (1 - s0_unit[unit0]) * (tgt >= 24)) /
                   np.maximum(0.001, (1 - s0_unit[unit0]) * 0.91 * 0.85), 0, 0.95)
    up = needs & (rng.random(P) < p_up)
    span_end = np.minimum(tgt, 64) - 1
    upgrade_m[up] = np.where(rng.random(up.sum()) < 0.85,
                             rng.integers(10, np.maximum(span_end[up], 11) + 1),
                             rng.integers(np.minimum(span_end[up], 58), 62))
    edu1[:] = edu0
    major1[:] = major0
    edu1[up] = np.maximum(edu0[up], np.where(rng.random(up.sum()) < 0.7, 3, 2)).astype(np.int8)
    edu1[up & (edu0 >= 3)] = np.minimum(edu0[up & (edu0 >= 3)] + 1, 4)
    major1[up] = pick(upgrade_majors, up.sum())
    # auxiliaries and experts at the start
    aux = category == AUXILIARY
    edu0[aux] = rng.choice([0, 1, 2, 3], size=aux.sum(), p=[0.15, 0.25, 0.4, 0.2])
    major0[aux] = np.where(rng.random(aux.sum()) < 0.3, "", pick(np.concatenate([safety, unrelated]), aux.sum()))
    exp_ = category == EXPERT
    edu0[exp_] = rng.choice([3, 4, 5], size=exp_.sum(), p=[0.55, 0.35, 0.1])
    major0[exp_] = pick(safety, exp_.sum())
    # new officers: better qualified on paper
    off_new = ~initial & (category == OFFICER)
    k = off_new.sum()
    edu0[off_new] = rng.choice([2, 3, 4, 5], size=k, p=[0.12, 0.66, 0.2, 0.02])
    mr = rng.random(k)
    major0[off_new] = np.where(mr < 0.74, pick(safety, k), np.where(mr < 0.97, pick(unrelated, k), pick(unlisted, k)))
    for arr0, arr1 in ((edu0, edu1), (major0, major1)):
        fix = ~up
        arr1[fix] = arr0[fix]
    # prior experience
    prior = np.round(np.where(initial, rng.uniform(0, 8, P), np.where(rng.random(P) < 0.28, 0.0,
                     np.where(rng.random(P) < 0.3, rng.uniform(0.5, 2, P), rng.uniform(2, 12, P)))), 1)
    prior = np.where(rng.random(P) < 0.5, np.round(prior * 2) / 2, prior)
    prior[rng.random(P) < 0.07] = np.nan
    prior[exp_] = np.round(rng.uniform(5, 25, exp_.sum()))
    # employment, title, registered safety engineer
    employment = np.full(P, -1, dtype=np.int8)
    off = category == OFFICER
    employment[off] = rng.choice(4, size=off.sum(), p=[0.58, 0.06, 0.33, 0.03])
    employment[aux] = rng.choice([2, 3], size=aux.sum(), p=[0.2, 0.8])
    employment[exp_] = np.where(rng.random(exp_.sum()) < 0.4, 2, -1)
    employment[rng.random(P) < 0.03] = -1
    title = np.full(P, -1, dtype=np.int8)
    tr_ = rng.random(P)
    title[off & (tr_ < 0.25)] = 0
    title[off & (tr_ >= 0.25) & (tr_ < 0.37)] = 1
    title[off & (tr_ >= 0.37) & (tr_ < 0.40)] = 2
    title[exp_] = rng.choice([1, 2], size=exp_.sum(), p=[0.35, 0.65])
    rse = np.where(rng.random(P) < np.where(exp_, 0.45, np.where(off, 0.09, 0.02)), 1, 0).astype(np.int8)
    rse[rng.random(P) < 0.15] = -1
    # certificates (officers only)
    cert = off & (rng.random(P) < 0.97)
    cert_no = np.where(cert, np.array([f"6590{i:07d}" for i in rng.permutation(P) + 1_000_000], dtype=object), "")
    cert_from_m = np.zeros(P, dtype=np.int64)
    issue = np.where(initial, _rand_days(rng, np.maximum(hire + 120, day("2014-11-01")), day("2019-12-31"), P), 0)
    new_issue = hire + np.where(rng.random(P) < 0.92, rng.integers(100, 240, P), rng.integers(300, 520, P))
    issue = np.where(initial, issue, new_issue)
    cert_from_m = np.where(initial, 0, np.searchsorted(MONTH_ENDS, issue, side="left"))
    late_first = initial & cert & (rng.random(P) < 0.03)   # a few long-serving officers without one yet
    cert_from_m[late_first] = rng.integers(6, 40, size=late_first.sum())
    expiry0 = issue + int(5 * 365.25) - 1
    r = rng.random(P)
    renew_day = np.where(r < 0.86, expiry0 - rng.integers(10, 75, P),
                         np.where(r < 0.96, expiry0 + rng.integers(20, 220, P), NA_DAY))
    renew_m = np.where(renew_day == NA_DAY, N_MONTHS + 100, np.searchsorted(MONTH_ENDS, renew_day, side="left"))
    expiry1 = expiry0 + int(5 * 365.25)
    # identities
    pid = np.array([f"RY{i:07d}" for i in np.arange(1, P + 1) + 100_000], dtype=object)
    name = codes.make_person_names(rng, male)
    id_number = codes.make_id_numbers(rng, birth, male)
    return People(pid=pid, name=name, id_number=id_number, male=male, birth=birth, category=category,
                  employment=employment, title=title, rse=rse, unit0=unit0, unit1=unit1.astype(np.int32),
                  transfer_m=transfer_m, hire=hire, sep=sep, sep_shown=sep_shown, first_m=first_m,
                  last_m=last_m.astype(np.int64), edu0=edu0, major0=major0, edu1=edu1, major1=major1,
                  upgrade_m=upgrade_m, prior=prior, cert_no=cert_no, cert_from_m=cert_from_m,
                  expiry0=expiry0, expiry1=expiry1, renew_m=renew_m)


def majors_safety(year: int) -> dict[str, bool]:
    """The majors classification of a year (what the majors file of that year says)."""
    out = {}
    for name, safe, _group, since, becomes in vocab.MAJORS:
        if year >= since:
            out[name] = safe or (becomes is not None and year >= becomes)
    return out


def build_world(scale: float, seed: int) -> World:
    units = build_units(scale, seed)
    return World(scale=scale, seed=seed, units=units, enterprises=build_enterprises(units, scale, seed),
                 people=build_people(units, scale, seed))
