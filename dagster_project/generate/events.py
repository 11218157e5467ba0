"""Event sources: random tasks, inspections, inspection staff, penalties, training.

Generated a year at a time (vectorised), then written as monthly batches (random tasks:
quarterly). A record is first reported in the batch after it happened; later changes
(publication, payment, status) and corrections are re-sent in later batches.
"""
from __future__ import annotations

import numpy as np

from . import codes, vocab
from .output import INT_NA, Emitter, concat, nrows, take
from .snapshots import discretion_bands, file_plan
from .timeline import (FIRST_YEAR, HORIZON, LAST_YEAR, MONTH_ENDS, N_MONTHS, NA_DAY, POLICY_DAY, QUARTER_ENDS,
                       WorkCalendar, day, month_index, month_in_force, quarter_in_force)
from .world import AUXILIARY, EXPERT, OFFICER, OPERATING, RISK_RED, World, stream

MONTH_WEIGHTS = np.array([0.55, 0.45, 0.9, 1.1, 1.2, 1.15, 1.0, 1.0, 1.15, 0.95, 1.2, 1.25])
MODE = {"double_random": 0, "key": 1, "special": 2, "complaint": 3, "follow_up": 4, "accident": 5}
ROLE_LEAD, ROLE_ASSIST, ROLE_EXPERT = 0, 1, 2
OUT_NONE, OUT_RECTIFY, OUT_CASE = 0, 1, 2
RES_PASS, RES_FAIL, RES_ABSENT = 0, 1, 2
T_INDUCTION, T_REFRESHER, T_PRACTICAL, T_OTHER = 0, 1, 2, 3
ST_CLOSED, ST_EXEC, ST_RECON, ST_LITIG, ST_REVOKED = 0, 1, 2, 3, 4
EVENT_DEFECT_RATE = 0.007


def random_days_in_year(rng, year: int, n: int, weights=MONTH_WEIGHTS) -> np.ndarray:
    months = rng.choice(12, size=n, p=weights / weights.sum())
    start = np.array([day(f"{year}-{m + 1:02d}-01") for m in range(12)] + [day(f"{year + 1}-01-01")])
    return start[months] + (rng.random(n) * (start[months + 1] - start[months])).astype(np.int64)


class Sink:
    """Rows waiting for their batch (month index)."""

    def __init__(self):
        self.chunks: list[tuple[np.ndarray, dict]] = []

    def add(self, batch: np.ndarray, frame: dict) -> None:
        batch = np.asarray(batch, np.int64)
        keep = (batch >= 0) & (batch < N_MONTHS)
        if keep.any():
            self.chunks.append((batch[keep], take(frame, np.flatnonzero(keep))))

    def pop(self, m: int) -> dict:
        out, rest = [], []
        for batch, frame in self.chunks:
            sel = batch == m
            if sel.any():
                out.append(take(frame, np.flatnonzero(sel)))
            if (~sel).any() and (batch > m).any():
                keep = np.flatnonzero(batch > m)
                rest.append((batch[keep], take(frame, keep)))
        self.chunks = rest
        return concat(out)


class Pools:
    """Who is available at a roster snapshot, grouped by unit (for drawing inspection teams)."""

    GROUPS = ("officer_valid", "officer_invalid", "auxiliary", "expert")

    def __init__(self, world: World):
        self.world = world
        self.cache: dict[int, dict] = {}

    def get(self, m: int) -> dict:
        if m in self.cache:
            return self.cache[m]
        if len(self.cache) > 14:
            self.cache.pop(min(self.cache))
        p, n_units = self.world.people, len(self.world.units)
        D = MONTH_ENDS[m]
        in_post = p.in_post_at(m)
        unit = p.unit_at(m)
        expiry = p.cert_expiry_at(m)
        masks = {
            "officer_valid": in_post & (p.category == OFFICER) & (expiry >= D + 31),
            "officer_invalid": in_post & (p.category == OFFICER) & ((expiry == NA_DAY) | (expiry < D)),
            "auxiliary": in_post & (p.category == AUXILIARY),
            "expert": in_post & (p.category == EXPERT),
        }
        out = {}
        for g, mask in masks.items():
            idx = np.flatnonzero(mask)
            idx = idx[np.argsort(unit[idx], kind="stable")]
            starts = np.searchsorted(unit[idx], np.arange(n_units + 1))
            out[g] = (idx, starts[:-1], np.diff(starts))
        out["absent"] = np.flatnonzero(~p.in_roster(m))
        self.cache[m] = out
        return out


def pick_distinct(rng, sizes: np.ndarray, k: int) -> np.ndarray:
    """(n, k) distinct offsets in [0, size) per row; -1 where the group is too small."""
    n = len(sizes)
    u = rng.random((n, k))
    out = np.full((n, k), -1, dtype=np.int64)
    j0 = (u[:, 0] * sizes).astype(np.int64)
    out[:, 0] = np.where(sizes >= 1, j0, -1)
    if k >= 2:
        j1 = (u[:, 1] * (sizes - 1)).astype(np.int64)
        j1 = j1 + (j1 >= j0)
        out[:, 1] = np.where(sizes >= 2, j1, -1)
    if k >= 3:
        lo, hi = np.minimum(j0, out[:, 1]), np.maximum(j0, out[:, 1])
        j2 = (u[:, 2] * (sizes - 2)).astype(np.int64)
        j2 = j2 + (j2 >= lo)
        j2 = j2 + (j2 >= hi)
        out[:, 2] = np.where(sizes >= 3, j2, -1)
    return out


class EventGenerator:
    def __init__(self, world: World, em: Emitter, cal: WorkCalendar):
        self.w, self.em, self.cal = world, em, cal
        self.pools = Pools(world)
        self.sinks = {s: Sink() for s in ("training", "random_tasks", "inspections", "inspection_staff", "penalties")}
        self.carry_followups: dict | None = None
        self.case_seq: dict[tuple[int, int], int] = {}
        self.task_codes: list[str] = []       # task_id text by task number
        self.train_seq = 0
        e = world.enterprises
        rng = stream(world.seed, "unregistered")
        n_unreg = max(2, int(round(len(e) * 0.006)))
        unit = rng.integers(1, len(world.units), size=n_unreg)
        self.unreg_uscc = codes.make_usccs(rng, world.units.area[unit].astype(object), np.ones(n_unreg, bool))
        self.unreg_unit = unit
        self.first_listed = QUARTER_ENDS[e.first_q]  # date of the first registry file listing each enterprise

    # ------------------------------------------------------------------ helpers
    def ent_state_at(self, ents: np.ndarray, days: np.ndarray):
        """(exists, operating, designated body) of enterprises at days (quarter containing the day)."""
        e = self.w.enterprises
        q = np.clip(month_index(days) // 3, 0, e.status.shape[1] - 1)
        st = e.status[ents, q]
        exists = (st >= 0) & (e.reg_day[ents] <= days)
        return exists, exists & (st == OPERATING), e.body[ents, q]

    def report_batch(self, rng, days: np.ndarray, slow: float = 0.15) -> np.ndarray:
        lag = np.where(rng.random(len(days)) < 1 - slow, rng.integers(0, 16, len(days)), rng.integers(16, 60, len(days)))
        return month_index(days + lag)

    # ------------------------------------------------------------------ random tasks
    def tasks_and_draws(self, year: int, rng):
        e, u = self.w.enterprises, self.w.units
        tasks, draws = [], []
        # operating enterprises by designated body, per registry snapshot
        by_q = {}
        for body_idx in range(len(u)):
            t_per_year = int(u.tasks_per_year[body_idx])
            months = (np.arange(t_per_year) * 12 // t_per_year + rng.integers(0, max(1, 12 // t_per_year), t_per_year))
            biased = rng.random() < 0.1
            for seq, mo in enumerate(np.sort(months) % 12, start=1):
                start = day(f"{year}-{mo + 1:02d}-03")
                draw = int(self.cal.next_workday(np.array([start + int(rng.integers(0, 20))]))[0])
                if draw > HORIZON:
                    continue
                q = int(quarter_in_force(np.array([draw]))[0])
                if q not in by_q:
                    op = np.flatnonzero((e.status[:, q] == OPERATING))
                    op = op[np.argsort(e.body[op, q], kind="stable")]
                    bounds = np.searchsorted(e.body[op, q], np.arange(len(u) + 1))
                    by_q[q] = (op, bounds)
                op, bounds = by_q[q]
                pool = op[bounds[body_idx]:bounds[body_idx + 1]]
                if not len(pool):
                    continue
                share = min(0.6, u.dr_intensity[body_idx] / t_per_year)  # at most 60 % of the pool in one draw
                k = int(np.clip(round(len(pool) * share), 1, len(pool)))
                if biased and len(pool) > 4:
                    fav = (e.reg_day[pool] % 4) == 0
                    wts = np.where(fav, 6.0, 1.0)
                    drawn = rng.choice(pool, size=k, replace=False, p=wts / wts.sum())
                else:
                    drawn = rng.choice(pool, size=k, replace=False)
                if rng.random() < 0.03:  # an enterprise from outside the derived pool
                    others = np.flatnonzero((e.unit == max(body_idx, 1)) & (e.status[:, q] >= 0))
                    others = np.setdiff1d(others, pool)
                    if len(others):
                        drawn = np.append(drawn, others[int(rng.integers(len(others)))])
                reported = len(pool)
                r = rng.random()
                if r < 0.06:
                    reported = int(round(len(pool) * (rng.uniform(1.15, 1.5) if r < 0.03 else rng.uniform(0.55, 0.85))))
                elif r < 0.5:
                    reported = max(0, len(pool) + int(rng.integers(-1, 2)))
                tasks.append((body_idx, draw, reported, len(drawn), seq, year))
                draws.append(drawn)
        if not tasks:
            return None, None
        t = np.array(tasks, dtype=np.int64)
        task_no = np.arange(len(self.task_codes), len(self.task_codes) + len(t))
        self.task_codes.extend(f"SSJ-{u.code[b]}-{y}-{s:02d}" for b, _, _, _, s, y in tasks)
        pools_m = np.array([self.pools.get(int(month_in_force(np.array([d]))[0]))["officer_valid"][2][b]
                            for b, d in zip(t[:, 0], t[:, 1])])
        insp_pool = np.where(rng.random(len(t)) < 0.1, INT_NA, pools_m * np.where(rng.random(len(t)) < 0.3, 2, 1))
        frame = {
            "task_id": task_no, "unit_code": t[:, 0], "subject": rng.integers(0, len(vocab.TASK_SUBJECTS), len(t)),
            "draw_date": t[:, 1], "entity_pool_size": t[:, 2], "entities_drawn": t[:, 3],
            "inspector_pool_size": insp_pool.astype(np.int64),
        }
        batch = self.report_batch(rng, t[:, 1], slow=0.1)
        self.sinks["random_tasks"].add((batch // 3) * 3 + 2, frame)
        ent = np.concatenate(draws)
        tno = np.repeat(task_no, [len(d) for d in draws])
        body = np.repeat(t[:, 0], [len(d) for d in draws])
        draw_day = np.repeat(t[:, 1], [len(d) for d in draws])
        return (ent, tno, body, draw_day), frame

    # ------------------------------------------------------------------ inspections
    def inspections(self, year: int):
        rng = stream(self.w.seed, f"inspections:{year}")
        e, u = self.w.enterprises, self.w.units
        parts = []
        dr, _ = self.tasks_and_draws(year, rng)
        if dr is not None:
            ent, tno, body, draw_day = dr
            keep = rng.random(len(ent)) > 0.025
            ent, tno, body, draw_day = ent[keep], tno[keep], body[keep], draw_day[keep]
            start = draw_day + rng.integers(2, 45, len(ent))
            early = rng.random(len(ent)) < 0.01
            start[early] = draw_day[early] - rng.integers(1, 10, early.sum())
            parts.append({"ent": ent, "mode": np.zeros(len(ent), np.int64), "task": tno, "body": body, "start": start})
        # other modes, per enterprise
        E = len(e)
        q_year = np.arange((year - FIRST_YEAR) * 4, (year - FIRST_YEAR) * 4 + 4)
        present = (e.status[:, q_year] >= 0).mean(axis=1)
        risk = e.risk[:, q_year[-1]]
        key_rate = np.array([6.0, 3.5, 1.3, 0.45])[risk]
        loc_body = e.unit
        designated_any = e.body[:, q_year[-1]]
        lean = u.key_rate[np.where(designated_any >= 0, designated_any, loc_body)]
        campaign_types = {2020: (0, 1), 2021: (0, 2), 2022: (1, 3, 4), 2023: (0, 1, 2), 2024: (3, 5)}.get(year, (0,))
        targeted = np.isin(e.etype, campaign_types)
        rates = {
            "key": key_rate * lean,
            "special": 0.45 + 1.0 * targeted,
            "complaint": np.full(E, 0.3),
            "accident": np.full(E, 0.015),
        }
        for mode, rate in rates.items():
            n = rng.poisson(rate * present)
            ent = np.repeat(np.arange(E), n)
            if not len(ent):
                continue
            if mode == "special":
                campaign_w = MONTH_WEIGHTS.copy()
                campaign_w[[3, 4, 5, 8, 9]] *= 2.5
                start = random_days_in_year(rng, year, len(ent), campaign_w)
            else:
                start = random_days_in_year(rng, year, len(ent))
            parts.append({"ent": ent, "mode": np.full(len(ent), MODE[mode]), "task": np.full(len(ent), INT_NA),
                          "body": np.full(len(ent), -2), "start": start})
        # unregistered enterprises (valid codes, in no registry): complaints and special checks
        n_unreg = rng.poisson(len(self.unreg_uscc) * 0.8)
        if n_unreg:
            which = rng.integers(0, len(self.unreg_uscc), n_unreg)
            parts.append({"ent": -1 - which, "mode": rng.choice([MODE["complaint"], MODE["special"]], n_unreg),
                          "task": np.full(n_unreg, INT_NA), "body": self.unreg_unit[which],
                          "start": random_days_in_year(rng, year, n_unreg)})
        ins = concat(parts)
        ins["start"] = self.cal.next_workday(ins["start"])
        ins = take(ins, np.flatnonzero(ins["start"] <= HORIZON))
        # the enterprise must exist (operating, mostly) when inspected; DR draws are kept as drawn
        reg = ins["ent"] >= 0
        ents = np.where(reg, ins["ent"], 0)
        exists, operating, desig = self.ent_state_at(ents, ins["start"])
        is_dr = ins["mode"] == 0
        ok = ~reg | is_dr | operating | (exists & (rng.random(len(ents)) < 0.15))
        ins = take(ins, np.flatnonzero(ok))
        reg, ents = ins["ent"] >= 0, np.where(ins["ent"] >= 0, ins["ent"], 0)
        _, _, desig = self.ent_state_at(ents, ins["start"])
        # who inspects: the designated body, a second body for a few, another body now and then
        need = ins["body"] == -2
        body = np.where(desig >= 0, desig, e.unit[ents])
        second = e.second_body[ents]
        r = rng.random(len(ents))
        mode = ins["mode"]
        use_second = (second >= 0) & (r < 0.45) & np.isin(mode, [1, 2])
        body = np.where(use_second, second, body)
        stray = (r > 0.99) & ~use_second
        body = np.where(stray, np.where(body == 0, e.unit[ents], 0), body)
        corps_case = np.isin(mode, [3, 5]) & (r < 0.3)
        body = np.where(corps_case, 0, body)
        ins["body"] = np.where(need, body, ins["body"])
        self._finish_inspections(year, ins, rng)

    def _outcomes(self, ins: dict, rng) -> None:
        e = self.w.enterprises
        n = nrows(ins)
        ents = np.where(ins["ent"] >= 0, ins["ent"], 0)
        q = np.clip(month_index(ins["start"]) // 3, 0, e.status.shape[1] - 1)
        risk = np.where(ins["ent"] >= 0, e.risk[ents, q], 2)
        year_factor = 1.0 - 0.06 * (month_index(ins["start"]) // 12)
        mode = ins["mode"]
        lam = np.array([5.5, 4.2, 3.0, 2.1])[risk] * year_factor * np.select(
            [mode == 4, mode == 5, mode == 3], [0.35, 2.2, 1.3], 1.0)
        hazards = rng.poisson(lam)
        p_major = 0.02 + 0.05 * (risk == RISK_RED) + 0.03 * (mode == 5)
        major = rng.binomial(hazards, p_major)
        p_case = np.where(major > 0, 0.6, np.where(mode == 4, 0.15, 0.2))
        outcome = np.where(hazards == 0, OUT_NONE, np.where(rng.random(n) < p_case, OUT_CASE, OUT_RECTIFY))
        dur = np.where(rng.random(n) < 0.65, 0, np.where(rng.random(n) < 0.6, 1, rng.integers(2, 5, n)))
        ins["end"] = ins["start"] + dur
        ins["hazards"] = hazards.astype(np.int64)
        ins["major"] = major.astype(np.int64)
        ins["outcome"] = outcome.astype(np.int64)
        expert_p = np.select([mode == 0, np.isin(mode, [1, 2, 5])], [0.15, 0.35], 0.1)
        ins["expert"] = (rng.random(n) < expert_p).astype(np.int8)

    def _finish_inspections(self, year: int, ins: dict, rng) -> None:
        u = self.w.units
        self._outcomes(ins, rng)
        # follow-ups of orders to rectify; those starting next year are carried over
        rect = np.flatnonzero((ins["outcome"] == OUT_RECTIFY) & (rng.random(nrows(ins)) < 0.25) & (ins["ent"] >= 0))
        fu = {"ent": ins["ent"][rect], "mode": np.full(len(rect), MODE["follow_up"]), "task": np.full(len(rect), INT_NA),
              "body": ins["body"][rect], "start": self.cal.next_workday(ins["end"][rect] + rng.integers(20, 75, len(rect)))}
        self._outcomes(fu, rng)
        fu = take(fu, np.flatnonzero(fu["start"] <= HORIZON))
        this_year = fu["start"] <= day(f"{year}-12-31")
        parts = [ins, take(fu, np.flatnonzero(this_year))]
        if self.carry_followups is not None:
            parts.append(self.carry_followups)
        self.carry_followups = take(fu, np.flatnonzero(~this_year))
        ins = concat(parts)
        order = np.lexsort((ins["body"], ins["start"]))
        ins = take(ins, order)
        n = nrows(ins)
        ids = np.array([f"JC{year}{i:07d}" for i in range(1, n + 1)], dtype=object)
        # publicity: due 20 working days after the end for double-random results
        is_dr = ins["mode"] == 0
        deadline = self.cal.add_workdays(ins["end"], 20)
        r = rng.random(n)
        late_p = u.late_publicity[ins["body"]]
        pub = np.where(r < 1 - late_p, ins["end"] + (rng.random(n) * (deadline - ins["end"])).astype(np.int64) + 1,
                       np.where(r < 1 - late_p / 2.5, deadline + rng.integers(1, 60, n), NA_DAY))
        other_pub = rng.random(n) < 0.35
        pub = np.where(is_dr, pub, np.where(other_pub, ins["end"] + rng.integers(3, 40, n), NA_DAY))
        pub = np.where(pub > HORIZON, NA_DAY, pub)
        ins["pub"] = pub
        batch = self.report_batch(rng, ins["end"])
        first_date = MONTH_ENDS[np.clip(batch, 0, N_MONTHS - 1)]
        frame = self._inspection_frame(ins, ids)
        frame_first = dict(frame)
        frame_first["publicity_date"] = np.where(pub <= first_date, pub, NA_DAY)
        self.sinks["inspections"].add(batch, frame_first)
        resend = (pub != NA_DAY) & (pub > first_date)
        idx = np.flatnonzero(resend)
        self.sinks["inspections"].add(month_index(pub[idx]), take(frame, idx))
        self.em.stats.events["inspections_resent_with_publicity_date"] += int(((month_index(pub[idx]) < N_MONTHS) & (batch[idx] < N_MONTHS)).sum())
        self._teams(ins, ids, batch, rng)
        self._penalties(year, ins, ids, rng)

    def _inspection_frame(self, ins: dict, ids: np.ndarray) -> dict:
        e = self.w.enterprises
        ents = ins["ent"]
        uscc = np.where(ents >= 0, e.uscc[np.maximum(ents, 0)], self.unreg_uscc[np.maximum(-1 - ents, 0)])
        n = len(ents)
        hazards, major = ins["hazards"].copy(), ins["major"].copy()
        blank = (np.arange(n) * 7919 + len(ids)) % 97 == 0
        hazards[blank], major[blank] = INT_NA, INT_NA
        outcome = ins["outcome"].copy()
        outcome[(np.arange(n) * 104729) % 211 == 0] = -1
        expert = ins["expert"].copy()
        expert[(np.arange(n) * 31) % 53 == 0] = -1
        return {
            "inspection_id": ids, "inspection_mode": ins["mode"].astype(np.int64),
            "task_id": ins["task"].astype(np.int64), "uscc": uscc.astype(object), "body_code": ins["body"].astype(np.int64),
            "start_date": ins["start"].astype(np.int64), "end_date": ins["end"].astype(np.int64),
            "expert_involved": expert.astype(np.int8), "hazards_found": hazards, "major_hazards_found": major,
            "outcome": outcome.astype(np.int64), "publicity_date": ins["pub"].astype(np.int64),
            "_ent": ents.astype(np.int64),
        }

    # ------------------------------------------------------------------ teams
    def _teams(self, ins: dict, ids: np.ndarray, batch: np.ndarray, rng) -> None:
        n = nrows(ins)
        m = month_in_force(ins["start"] - 1)
        body = ins["body"]
        members = np.full((n, 4), -1, dtype=np.int64)
        for mm in np.unique(m):
            sel = np.flatnonzero(m == mm)
            pools = self.pools.get(int(mm))
            idx, starts, sizes = pools["officer_valid"]
            s, z = starts[body[sel]], sizes[body[sel]]
            k3 = rng.random(len(sel)) < 0.15
            off = pick_distinct(rng, z, 3)
            for j in range(3):
                ok = off[:, j] >= 0
                if j == 2:
                    ok &= k3
                members[sel[ok], j] = idx[s[ok] + off[ok, j]]
            # bodies with too few certified officers borrow an uncertified officer or an auxiliary
            short = np.flatnonzero(members[sel, 1] < 0)
            for g in ("officer_invalid", "auxiliary"):
                gi, gs, gz = pools[g]
                still = short[members[sel[short], 1] < 0]
                b = body[sel[still]]
                has = gz[b] > 0
                pick = gi[gs[b[has]] + (rng.random(has.sum()) * gz[b[has]]).astype(np.int64)]
                members[sel[still[has]], 1] = pick
            # deliberate team problems: an auxiliary, an expired certificate, someone off the roster
            r = rng.random(len(sel))
            for g, lo, hi in (("auxiliary", 0.0, 0.015), ("officer_invalid", 0.015, 0.025)):
                gi, gs, gz = pools[g]
                hit = np.flatnonzero((r >= lo) & (r < hi))
                b = body[sel[hit]]
                has = gz[b] > 0
                members[sel[hit[has]], 1] = gi[gs[b[has]] + (rng.random(has.sum()) * gz[b[has]]).astype(np.int64)]
                self.em.stats.events[f"teams_with_{g}"] += int(has.sum())
            absent = pools["absent"]
            hit = np.flatnonzero((r >= 0.025) & (r < 0.028))
            if len(absent) and len(hit):
                members[sel[hit], 1] = absent[rng.integers(0, len(absent), len(hit))]
                self.em.stats.events["teams_with_person_not_in_roster"] += len(hit)
            # an expert when one took part
            gi, gs, gz = pools["expert"]
            ex = np.flatnonzero(ins["expert"][sel] == 1)
            b = body[sel[ex]]
            local = gz[b] > 0
            members[sel[ex[local]], 3] = gi[gs[b[local]] + (rng.random(local.sum()) * gz[b[local]]).astype(np.int64)]
            if len(gi) and (~local).any():
                members[sel[ex[~local]], 3] = gi[rng.integers(0, len(gi), (~local).sum())]
        roles = np.array([ROLE_LEAD, ROLE_ASSIST, ROLE_ASSIST, ROLE_EXPERT])
        row, col = np.nonzero(members >= 0)
        frame = {"inspection_id": ids[row], "person_id": self.w.people.pid[members[row, col]],
                 "role": roles[col].astype(np.int64)}
        self.sinks["inspection_staff"].add(batch[row], frame)
        # a team re-sent in a later batch with one member changed
        resend = np.flatnonzero((rng.random(n) < 0.01) & (members[:, 1] >= 0))
        if len(resend):
            changed = members[resend].copy()
            officers = np.flatnonzero(self.w.people.category == OFFICER)
            changed[:, 1] = officers[rng.integers(0, len(officers), len(resend))]
            rr, cc = np.nonzero(changed >= 0)
            later = batch[resend][rr] + rng.integers(1, 4, len(rr))
            self.sinks["inspection_staff"].add(later, {"inspection_id": ids[resend][rr],
                                                       "person_id": self.w.people.pid[changed[rr, cc]],
                                                       "role": roles[cc].astype(np.int64)})
            self.em.stats.events["inspection_teams_resent"] += int(((batch[resend] + 1) < N_MONTHS).sum())

    # ------------------------------------------------------------------ penalties
    def _penalties(self, year: int, ins: dict, ids: np.ndarray, rng) -> None:
        e, u = self.w.enterprises, self.w.units
        cases = np.flatnonzero((ins["outcome"] == OUT_CASE))
        ent = ins["ent"][cases]
        body = ins["body"][cases]
        insp = ids[cases].astype(object)
        filed = ins["end"][cases] + rng.integers(1, 20, len(cases))
        # some cases are opened without an inspection record (reports, referrals)
        n_alone = int(round(len(cases) * 0.06))
        alone_ent = rng.integers(0, len(e), n_alone)
        q = (year - FIRST_YEAR) * 4 + 3
        alone_body = np.where(e.body[alone_ent, q] >= 0, e.body[alone_ent, q], e.unit[alone_ent])
        ent = np.concatenate([ent, alone_ent])
        body = np.concatenate([body, alone_body])
        insp = np.concatenate([insp, np.full(n_alone, "", dtype=object)])
        filed = np.concatenate([filed, random_days_in_year(rng, year, n_alone)])
        n = len(ent)
        decision = filed + np.clip(rng.gamma(2.0, 18.0, n), 5, 180).astype(np.int64)
        # year-end push: cases filed in Nov/Dec decided before the year closes
        fy = np.asarray(filed).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        dec_end = np.array([day(f"{y}-12-30") for y in fy])
        push = (decision > dec_end) & (rng.random(n) < 0.3) & (dec_end - filed > 10)
        decision[push] = dec_end[push] - rng.integers(0, 8, push.sum())
        decision = self.cal.next_workday(decision)
        keep = decision <= HORIZON
        ent, body, insp, filed, decision = ent[keep], body[keep], insp[keep], filed[keep], decision[keep]
        n = len(ent)
        if not n:
            return
        version = np.where(decision >= day("2023-01-01"), 2023, 2020)
        codes_ = [v[0] for v in vocab.VIOLATIONS]
        wts = np.array([3 if c in ("WH002", "WH005", "WH007", "WH012", "WH014") else 1 for c in codes_], float)
        vcode = np.array(codes_, dtype=object)[rng.choice(len(codes_), n, p=wts / wts.sum())]
        new_code = (version == 2023) & (rng.random(n) < 0.05)
        vcode[new_code] = vocab.NEW_VIOLATION_2023[0]
        unknown = rng.random(n) < 0.01
        vcode[unknown] = np.array(vocab.UNKNOWN_VIOLATION_CODES, dtype=object)[rng.integers(0, 2, unknown.sum())]
        circ = rng.choice(4, n, p=[0.12, 0.5, 0.28, 0.10])
        bands = {2020: discretion_bands(2020), 2023: discretion_bands(2023)}
        lo = np.array([bands[v].get((c, s), (np.nan, np.nan))[0] for v, c, s in zip(version, vcode, circ)])
        hi = np.array([bands[v].get((c, s), (np.nan, np.nan))[1] for v, c, s in zip(version, vcode, circ)])
        lo = np.where(np.isnan(lo), 5000, lo)
        hi = np.where(np.isnan(hi), 50000, hi)
        fine = lo + rng.beta(2, 2.5, n) * (hi - lo)
        r = rng.random(n)
        above, below = r < 0.03, (r >= 0.03) & (r < 0.06) & (lo > 0)
        fine[above] = hi[above] * rng.uniform(1.1, 2.0, above.sum())
        fine[below] = lo[below] * rng.uniform(0.3, 0.9, below.sum())
        fine = np.round(fine, -2)
        fine[(circ == 0) & (rng.random(n) < 0.2)] = 0.0
        confis = np.where(rng.random(n) < 0.08, np.round(rng.uniform(5_000, 200_000, n), -2), np.nan)
        measures = np.full(n, "", dtype=object)
        mi = np.flatnonzero(rng.random(n) < 0.1)
        measures[mi] = np.array(vocab.OTHER_MEASURES, dtype=object)[rng.integers(0, len(vocab.OTHER_MEASURES), len(mi))]
        is_major = ((fine >= 100_000) | (circ == 3) | np.array(["停产停业" in m for m in measures])).astype(np.int8)
        rv = rng.random(n)
        review = np.where(is_major == 1,
                          np.where(rv < 0.9, decision - rng.integers(1, 10, n),
                                   np.where(rv < 0.95, decision + rng.integers(1, 20, n), NA_DAY)),
                          np.where(rv < 0.3, decision - rng.integers(1, 6, n), NA_DAY))
        due = self.cal.add_workdays(decision, 7)
        late_p = u.late_publicity[body]
        rp = rng.random(n)
        pub = np.where(rp < 1 - late_p, decision + (rng.random(n) * (due - decision)).astype(np.int64) + 1,
                       np.where(rp < 1 - late_p / 2.5, due + rng.integers(1, 40, n), NA_DAY))
        paid = np.where(rng.random(n) < 0.82, decision + rng.gamma(1.6, 14, n).astype(np.int64) + 3, NA_DAY)
        paid = np.where(fine == 0, NA_DAY, paid)
        referred = np.where(rng.random(n) < 0.015 + 0.05 * (circ == 3), 1, np.where(rng.random(n) < 0.7, 0, -1)).astype(np.int8)
        rs = rng.random(n)
        revoke = np.where(rs < 0.015, decision + rng.integers(20, 200, n), NA_DAY)
        rev_start = np.where((rs >= 0.015) & (rs < 0.045), decision + rng.integers(10, 45, n), NA_DAY)
        rev_end = np.where(rev_start != NA_DAY, rev_start + rng.integers(40, 150, n), NA_DAY)
        rev_kind = np.where(rs < 0.035, ST_RECON, ST_LITIG)
        # revocation at the end of some reviews
        rev_revoked = (rev_start != NA_DAY) & (rng.random(n) < 0.25)
        revoke = np.where(rev_revoked, rev_end, revoke)
        under_review = (rev_start != NA_DAY) & (paid != NA_DAY)
        paid = np.where(under_review, np.maximum(paid, rev_end + 5), paid)
        paid = np.where(revoke != NA_DAY, NA_DAY, paid)
        # case numbers: （八师）应急罚〔2023〕15号, numbered per body and decision year
        dyear = np.asarray(decision).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        order = np.lexsort((body, decision))
        case_no = np.empty(n, dtype=object)
        for i in order:
            key = (int(body[i]), int(dyear[i]))
            self.case_seq[key] = self.case_seq.get(key, 0) + 1
            case_no[i] = f"（{u.abbr[body[i]]}）应急罚〔{dyear[i]}〕{self.case_seq[key]}号"
        ents = ent
        uscc = e.uscc[ents]
        full = {
            "case_no": case_no, "uscc": uscc.astype(object), "body_code": body.astype(np.int64), "inspection_id": insp,
            "filed_date": filed.astype(np.int64), "decision_date": decision.astype(np.int64),
            "violation_code": vcode, "circumstance": circ.astype(np.int64), "fine_amount": fine,
            "confiscation_amount": confis, "other_measures": measures, "is_major": is_major,
            "legal_review_date": review.astype(np.int64), "publicity_date": pub.astype(np.int64),
            "paid_date": paid.astype(np.int64), "referred_to_judiciary": referred, "status": np.zeros(n, np.int64),
            "_ent": ents.astype(np.int64),
        }
        first = self.report_batch(rng, decision, slow=0.1)
        changes = np.stack([np.where(x == NA_DAY, 0, x) for x in (pub, paid, revoke, rev_start, rev_end, review)]).max(axis=0)
        m2 = month_index(changes)
        second = np.where(changes > MONTH_ENDS[np.clip(first, 0, N_MONTHS - 1)],
                          np.where(m2 < N_MONTHS, m2, np.where(first < N_MONTHS - 1, N_MONTHS - 1, -1)), -1)
        for batch, when in ((first, MONTH_ENDS[np.clip(first, 0, N_MONTHS - 1)]), (second, MONTH_ENDS[np.clip(second, 0, N_MONTHS - 1)])):
            sel = np.flatnonzero(batch >= 0)
            f = take(full, sel)
            R = when[sel]
            for col in ("legal_review_date", "publicity_date", "paid_date"):
                f[col] = np.where(f[col] <= R, f[col], NA_DAY)
            st = np.where(revoke[sel] != NA_DAY, np.where(revoke[sel] <= R, ST_REVOKED, ST_EXEC), ST_EXEC)
            in_review = (rev_start[sel] != NA_DAY) & (rev_start[sel] <= R) & (R < rev_end[sel])
            st = np.where(in_review, rev_kind[sel], st)
            done = (st == ST_EXEC) & ((f["paid_date"] != NA_DAY) | (fine[sel] == 0))
            st = np.where(done, ST_CLOSED, st)
            f["status"] = st.astype(np.int64)
            self.sinks["penalties"].add(batch[sel], f)
        self.em.stats.events["penalties_resent_with_later_state"] += int(((second >= 0) & (first < N_MONTHS)).sum())

    # ------------------------------------------------------------------ training
    def training(self, year: int) -> None:
        rng = stream(self.w.seed, f"training:{year}")
        p, u = self.w.people, self.w.units
        y0, y1 = day(f"{year}-01-01"), day(f"{year}-12-31")
        P = len(p)
        sep = np.where(p.sep == NA_DAY, day("2100-01-01"), p.sep)
        active = (p.hire <= y1) & (sep > y0) & (p.first_m <= N_MONTHS - 1)
        m_end = min(N_MONTHS - 1, (year - FIRST_YEAR) * 12 + 11)
        unit = p.unit_at(m_end)
        recs = []  # (person, type, start, end, result)

        def add(person, ttype, start, end, result):
            recs.append((np.asarray(person, np.int64), np.full(len(person), ttype), np.asarray(start, np.int64),
                         np.asarray(end, np.int64), np.asarray(result, np.int64)))

        # induction for people hired this year
        hired = np.flatnonzero((p.hire >= y0) & (p.hire <= y1) & (p.category != EXPERT) & (p.hire > day("2020-01-31")))
        officer = p.category[hired] == OFFICER
        required = officer & (p.hire[hired] >= POLICY_DAY)
        r = rng.random(len(hired))
        kind = np.where(required, np.select([r < 0.78, r < 0.85, r < 0.90], [0, 1, 2], 3),
                        np.where(rng.random(len(hired)) < np.where(officer, 0.4, 0.5), 0, 3))
        start = p.hire[hired] + np.where(rng.random(len(hired)) < 0.05, -rng.integers(1, 14, len(hired)),
                                         rng.integers(0, 45, len(hired)))
        target = np.where(kind == 1, rng.integers(55, 86, len(hired)), rng.integers(92, 111, len(hired)))
        for k_sel, result in ((kind <= 1, RES_PASS), (kind == 2, -1)):
            sel = np.flatnonzero(k_sel)
            res = np.full(len(sel), RES_PASS) if result == RES_PASS else rng.choice([RES_FAIL, RES_ABSENT], len(sel), p=[0.6, 0.4])
            self._split(add, rng, hired[sel], T_INDUCTION, start[sel], target[sel], res, parts_p=0.45)
        retake = np.flatnonzero((kind == 2) & (rng.random(len(hired)) < 0.6))
        self._split(add, rng, hired[retake], T_INDUCTION, start[retake] + target[retake] + rng.integers(30, 90, len(retake)),
                    rng.integers(92, 111, len(retake)), np.full(len(retake), RES_PASS), parts_p=0.3)
        # people whose roster entry lags behind their hiring: a safety briefing in the first week,
        # reported before any roster lists them
        lagging = hired[p.first_m[hired] > month_index(p.hire[hired])]
        add(lagging, T_OTHER, *self._span(p.hire[lagging] + rng.integers(0, 5, len(lagging)), rng.integers(1, 4, len(lagging))),
            np.full(len(lagging), RES_PASS))
        # annual refresher (officers hired before the year; some auxiliaries)
        cand = np.flatnonzero(active & (p.hire < y0) & ((p.category == OFFICER) | ((p.category == AUXILIARY) & (rng.random(P) < 0.4))))
        gap = u.refresher_gap[unit[cand], year - FIRST_YEAR]
        miss = rng.random(len(cand)) < gap
        how = rng.random(len(cand))
        ok_sel = cand[~miss]
        hw = how[~miss]
        start = random_days_in_year(rng, year, len(ok_sel), np.array([0.1, 0.1, 0.9, 1.2, 1.2, 1.0, 0.8, 0.8, 1.2, 1.1, 1.3, 0.9]))
        target = rng.integers(14, 22, len(ok_sel))
        crossing = hw > 0.97
        start[crossing] = day(f"{year}-12-20") + rng.integers(0, 7, crossing.sum())
        start = np.minimum(start, y1 - np.where(crossing, 0, target))
        self._split(add, rng, ok_sel, T_REFRESHER, start, target, np.full(len(ok_sel), RES_PASS), parts_p=0.25)
        bad = cand[miss]
        hb = how[miss]
        short = bad[hb < 0.3]
        add(short, T_REFRESHER, *self._span(random_days_in_year(rng, year, len(short)), rng.integers(7, 14, len(short))),
            np.full(len(short), RES_PASS))
        failed = bad[(hb >= 0.3) & (hb < 0.45)]
        add(failed, T_REFRESHER, *self._span(random_days_in_year(rng, year, len(failed)), rng.integers(14, 21, len(failed))),
            rng.choice([RES_FAIL, RES_ABSENT], len(failed)))
        # practical training
        off = np.flatnonzero(active & (p.category == OFFICER))
        prac = off[rng.random(len(off)) < u.practical_rate[unit[off]]]
        add(prac, T_PRACTICAL, *self._span(random_days_in_year(rng, year, len(prac)), rng.integers(5, 31, len(prac))),
            np.where(rng.random(len(prac)) < 0.95, RES_PASS, RES_FAIL))
        # other courses
        everyone = np.flatnonzero(active)
        k = rng.poisson(3.3, len(everyone))
        who = np.repeat(everyone, k)
        add(who, T_OTHER, *self._span(random_days_in_year(rng, year, len(who)), rng.choice([1, 1, 2, 3, 5], len(who))),
            np.where(rng.random(len(who)) < 0.97, RES_PASS, np.where(rng.random(len(who)) < 0.5, RES_FAIL, RES_ABSENT)))
        person, ttype, start, end, result = (np.concatenate(x) for x in zip(*recs))
        # a person trains only while employed (allow the induction to start a little before hire)
        keep = (end <= HORIZON) & (start <= sep[person]) & ((ttype == T_INDUCTION) | (start >= p.hire[person]))
        person, ttype, start, end, result = person[keep], ttype[keep], start[keep], end[keep], result[keep]
        order = np.lexsort((person, start))
        person, ttype, start, end, result = person[order], ttype[order], start[order], end[order], result[order]
        n = len(person)
        ids = np.array([f"PX{year}{i:07d}" for i in range(self.train_seq + 1, self.train_seq + n + 1)], dtype=object)
        days_ = end - start + 1
        hours = np.where(ttype == T_OTHER, np.where(days_ == 1, rng.choice([4, 6, 8], n), days_ * 7),
                         np.round(days_ * np.where(ttype == T_INDUCTION, 5.0, 6.5)))
        hours = np.where(rng.random(n) < 0.04, np.nan, hours.astype(float))
        courses = {t: np.array(vocab.COURSES[c], dtype=object) for t, c in enumerate(("induction", "refresher", "practical", "other"))}
        cidx = rng.integers(0, 100, n)
        course = np.array([courses[t][c % len(courses[t])] for t, c in zip(ttype, cidx)], dtype=object)
        course[rng.random(n) < 0.02] = ""
        provider = np.array(vocab.PROVIDERS, dtype=object)[rng.integers(0, len(vocab.PROVIDERS), n)]
        provider[rng.random(n) < 0.08] = ""
        pid = p.pid[person].copy()
        # a few records name a person who is in no roster at all (a mistyped number)
        typo = rng.random(n) < 0.0015
        pid[typo] = np.array([f"RY{x:07d}" for x in rng.integers(9_000_000, 9_999_999, typo.sum())], dtype=object)
        self.em.stats.events["training_person_never_in_roster"] += int(typo.sum())
        frame = {"record_id": ids, "person_id": pid, "training_type": ttype.astype(np.int64), "course_name": course,
                 "provider": provider, "start_date": start, "end_date": end, "hours": hours,
                 "result": result.astype(np.int64), "_person": np.where(typo, -1, person)}
        batch = self.report_batch(rng, end, slow=0.2)
        self.sinks["training"].add(batch, frame)
        # corrections re-sent later: hours, end date or a make-up exam result
        fix = np.flatnonzero(rng.random(n) < 0.015)
        if len(fix):
            f = take(frame, fix)
            what = rng.integers(0, 3, len(fix))
            f["hours"] = np.where(what == 0, np.nan_to_num(f["hours"], nan=16.0) + rng.choice([-2, 2, 4], len(fix)), f["hours"])
            f["end_date"] = np.where(what == 1, f["end_date"] + rng.integers(1, 3, len(fix)), f["end_date"])
            f["result"] = np.where((what == 2) & (f["result"] != RES_PASS), RES_PASS, f["result"])
            later = batch[fix] + rng.integers(1, 4, len(fix))
            self.sinks["training"].add(later, f)
            self.em.stats.events["training_records_resent_corrected"] += int(((later < N_MONTHS) & (batch[fix] < N_MONTHS)).sum())
        self.train_seq += n

    @staticmethod
    def _span(start, length):
        start = np.asarray(start, np.int64)
        return start, start + np.asarray(length, np.int64) - 1

    def _split(self, add, rng, person, ttype, start, covered, result, parts_p: float):
        """Records whose union covers `covered` days from `start`: one record, or two that meet,
        overlap a little, or leave a one-day gap (made up at the end)."""
        person, start, covered = np.asarray(person), np.asarray(start, np.int64), np.asarray(covered, np.int64)
        two = rng.random(len(person)) < parts_p
        one = ~two
        add(person[one], ttype, start[one], start[one] + covered[one] - 1, np.asarray(result)[one])
        if two.any():
            s, c, res = start[two], covered[two], np.asarray(result)[two]
            l1 = np.minimum(rng.integers(5, 46, two.sum()), c - 3)
            g = rng.choice([-3, -2, -1, 0, 0, 1], two.sum())
            add(person[two], ttype, s, s + l1 - 1, res)
            add(person[two], ttype, s + l1 + g, s + c - 1 + np.maximum(g, 0), res)

    # ------------------------------------------------------------------ writing
    def flush(self, m: int) -> None:
        D = int(MONTH_ENDS[m])
        for source in ("training", "random_tasks", "inspections", "inspection_staff", "penalties"):
            if source == "random_tasks" and m % 3 != 2:
                continue
            raw = self.sinks[source].pop(m)
            if not nrows(raw):  # a batch with nothing new still arrives, header only
                self.em.emit(source, D, self.em.empty_frame(source), file_plan(source, D, self.w.scale, self.w.seed))
                continue
            raw = self._sort(source, raw)
            rng = stream(self.w.seed, f"defects:{source}:{m}")
            plan = file_plan(source, D, self.w.scale, self.w.seed)
            # accepted: a record keyed twice in one batch, the later line corrected
            raw, internal = self._in_file_duplicates(source, raw, rng)
            clean = {k: v for k, v in self._render(source, raw).items() if not k.startswith("_")}
            exclude = np.zeros(nrows(clean), bool)
            if internal:
                exclude[-internal:] = True
            defects = self.em.random_defects(source, clean, EVENT_DEFECT_RATE, rng, exclude=exclude)
            if source == "inspection_staff":
                defects = [d for d in defects if d.column != "inspection_id"]  # keep teams whole
            self._count_orphans(source, raw, m)
            self.em.emit(source, D, clean, plan, defects=defects)
            # half of the rejected rows come back fixed in a later batch
            fixed = [d.row for d in defects if rng.random() < 0.5]
            if fixed and source != "inspection_staff":
                later = m + (3 if source == "random_tasks" else rng.integers(1, 3, len(fixed)))
                later = np.broadcast_to(later, (len(fixed),))
                self.sinks[source].add(later, take(raw, np.array(fixed)))
                self.em.stats.events["rejected_rows_resent_fixed"] += int((later < N_MONTHS).sum())

    def _render(self, source: str, frame: dict) -> dict:
        """Turn internal numbers (unit indices, task numbers, subject numbers) into text."""
        u = self.w.units
        f = dict(frame)
        if source == "random_tasks":
            f["task_id"] = np.array(self.task_codes, dtype=object)[frame["task_id"]]
            f["unit_code"] = u.code[frame["unit_code"]]
            f["subject"] = np.array(vocab.TASK_SUBJECTS, dtype=object)[frame["subject"]]
        elif source == "inspections":
            t = frame["task_id"]
            f["task_id"] = np.where(t >= 0, np.array(self.task_codes + [""], dtype=object)[np.where(t >= 0, t, -1)], "")
            f["body_code"] = u.code[frame["body_code"]]
        elif source == "penalties":
            f["body_code"] = u.code[frame["body_code"]]
        return f

    @staticmethod
    def _sort(source: str, frame: dict) -> dict:
        key = {"training": "record_id", "random_tasks": "task_id", "inspections": "inspection_id",
               "inspection_staff": "inspection_id", "penalties": "decision_date"}[source]
        order = np.argsort(frame[key], kind="stable")
        return take(frame, order)

    def _in_file_duplicates(self, source, frame, rng):
        if source not in ("training", "inspections"):
            return frame, 0
        n = nrows(frame)
        k = int(rng.binomial(n, 0.002))
        if not k:
            return frame, 0
        rows = rng.choice(n, k, replace=False)
        dup = take(frame, rows)
        if source == "training":
            dup["hours"] = np.nan_to_num(dup["hours"], nan=8.0) + 1
        else:
            dup["hazards_found"] = np.where(dup["hazards_found"] >= 0, dup["hazards_found"] + 1, 1)
        self.em.stats.events["event_rows_keyed_twice_in_one_batch"] += k
        return concat([frame, dup]), k

    def _count_orphans(self, source: str, frame: dict, m: int) -> None:
        p = self.w.people
        if source == "training":
            person = frame["_person"]
            not_yet = (person >= 0) & (p.first_m[np.maximum(person, 0)] > m)
            self.em.stats.events["training_person_not_yet_in_roster"] += int(not_yet.sum())
        elif source == "inspections":
            ent = frame["_ent"]
            not_yet = (ent >= 0) & (self.first_listed[np.maximum(ent, 0)] > MONTH_ENDS[m])
            self.em.stats.events["inspection_enterprise_not_yet_in_registry"] += int(not_yet.sum())
            self.em.stats.events["inspection_enterprise_never_in_registry"] += int((ent < 0).sum())

    def run(self, progress=None) -> None:
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            self.training(year)
            self.inspections(year)
            for m in range((year - FIRST_YEAR) * 12, (year - FIRST_YEAR) * 12 + 12):
                self.flush(m)
            if progress:
                progress(f"events {year}: {len(self.em.stats.files)} files so far")
