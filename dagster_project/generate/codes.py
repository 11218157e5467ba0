"""Identifiers and names: USCCs, citizen ID numbers, Chinese numerals, people's names."""
from __future__ import annotations

import numpy as np

from dagster_project.ingest.checksums import USCC_CHARSET, id_check_digit, uscc_check_char

from . import vocab

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC charset (no I O Z S V)
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    if n <= 0 or n > 9999:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


def _org_code_check(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = 0
    for char, weight in zip(body8, _ORG_WEIGHTS):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def make_usccs(rng: np.random.Generator, area_codes: np.ndarray, recent: np.ndarray) -> np.ndarray:
    """Valid, unique USCCs: '91' (companies) or '12' (public institutions) + area code +
    organisation code (+ its GB 11714 check) + the GB 32100 check character.
    `recent` marks enterprises registered after 2015 (organisation code 'MA…')."""
    n = len(area_codes)
    seen: set[str] = set()
    out = np.empty(n, dtype=object)
    kind = np.where(rng.random(n) < 0.985, "91", "12")
    digit_bodies = rng.integers(0, 10, size=(n, 8))
    mixed = rng.integers(0, len(_ORG_BODY_CHARS), size=(n, 6))
    for i in range(n):
        while True:
            if recent[i]:
                body = "MA" + "".join(_ORG_BODY_CHARS[j] for j in mixed[i])
            else:
                body = "".join(str(d) for d in digit_bodies[i])
            first17 = kind[i] + area_codes[i] + body + _org_code_check(body)
            code = first17 + uscc_check_char(first17)
            if code not in seen:
                break
            mixed[i] = rng.integers(0, len(_ORG_BODY_CHARS), size=6)
            digit_bodies[i] = rng.integers(0, 10, size=8)
        seen.add(code)
        out[i] = code
    return out


def corrupt_uscc(code: str, rng: np.random.Generator) -> str:
    """Same code with a wrong check character (still 18 valid characters)."""
    good = code[17]
    choices = [c for c in USCC_CHARSET if c != good]
    return code[:17] + choices[int(rng.integers(len(choices)))]


def make_id_numbers(rng: np.random.Generator, birth_days: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Valid 18-digit ID numbers (GB 11643): area + birth date + sequence (odd = male) + check."""
    n = len(birth_days)
    areas, weights = zip(*vocab.ID_AREAS)
    w = np.array(weights, float)
    area = np.array(areas, dtype=object)[rng.choice(len(areas), size=n, p=w / w.sum())]
    births = np.datetime_as_string(birth_days.astype("datetime64[D]")).astype(object)
    seq = rng.integers(0, 500, size=n) * 2 + np.where(male, 1, 0)
    out = np.empty(n, dtype=object)
    seen: set[str] = set()
    for i in range(n):
        s = int(seq[i])
        while True:
            first17 = f"{area[i]}{births[i].replace('-', '')}{s:03d}"
            code = first17 + id_check_digit(first17)
            if code not in seen:
                break
            s = (s + 2) % 1000
        seen.add(code)
        out[i] = code
    return out


def corrupt_id_number(code: str) -> str:
    """Same ID number with a wrong check digit."""
    good = code[17]
    return code[:17] + ("7" if good != "7" else "3")


def make_person_names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    n = len(male)
    names, weights = zip(*vocab.SURNAMES)
    w = np.array(weights, float)
    surname = np.array(names, dtype=object)[rng.choice(len(names), size=n, p=w / w.sum())]
    two = rng.random(n) < 0.72
    minority = rng.random(n) < 0.05
    a = rng.random(n)
    b = rng.random(n)
    c = rng.integers(0, 10_000, size=n)
    out = np.empty(n, dtype=object)
    for i in range(n):
        if minority[i]:
            first = vocab.MINORITY_MALE if male[i] else vocab.MINORITY_FEMALE
            out[i] = first[c[i] % len(first)] + "·" + vocab.MINORITY_FATHER[(c[i] // 7) % len(vocab.MINORITY_FATHER)]
            continue
        pool = vocab.GIVEN_MALE if male[i] else vocab.GIVEN_FEMALE
        g1 = (pool + vocab.GIVEN_ANY)[int(a[i] * (len(pool) + len(vocab.GIVEN_ANY)))]
        g2 = pool[int(b[i] * len(pool))]
        out[i] = surname[i] + (g1 + g2 if two[i] else g2)
    return out


def make_enterprise_names(rng: np.random.Generator, places: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Unique enterprise names: place + trade name + industry + company suffix."""
    n = len(places)
    tc = vocab.TRADE_CHARS
    sfx, sw = zip(*vocab.COMPANY_SUFFIXES)
    sw = np.array(sw, float)
    i1 = rng.integers(0, len(tc), size=n)
    i2 = rng.integers(0, len(tc), size=n)
    ind = rng.random(n)
    suf = rng.choice(len(sfx), size=n, p=sw / sw.sum())
    out = np.empty(n, dtype=object)
    seen: set[str] = set()
    for i in range(n):
        industries = vocab.INDUSTRY_BY_TYPE[types[i]]
        trade = tc[i1[i]] + tc[i2[i]] if i1[i] != i2[i] else tc[i1[i]] + tc[(i2[i] + 5) % len(tc)]
        name = f"{places[i]}{trade}{industries[int(ind[i] * len(industries))]}{sfx[suf[i]]}"
        k = 2
        base = name
        while name in seen:
            name = base.replace(sfx[suf[i]], f"{chinese_numeral(k)}分公司") if k < 10 else f"{base}（{k}）"
            k += 1
        seen.add(name)
        out[i] = name
    return out
