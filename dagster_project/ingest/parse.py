"""Vectorised parsers for the value forms sources.md accepts.

Each parser takes a Series of cleaned strings (NA = blank) and returns the typed values, NA where
the text cannot be read. They never raise: a value that does not parse is a reject, decided by
the validation built from the contract.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

# Leading/trailing noise: ASCII white space, full-width space (U+3000), no-break space, BOM.
_NOISE = "\u3000\u00a0\ufeff \t\r\n"
DATE_MIN, DATE_MAX = pd.Timestamp("1901-01-01"), pd.Timestamp("2099-12-31")

_DATE = re.compile(
    r"^(?P<y>\d{4})(?:"
    r"(?P<sep>[-/])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    r"|年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
    r"|(?P<m3>\d{2})(?P<d3>\d{2}))$"
)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_INTEGER = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_POINT_ZEROS = r"\.0*$"
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def on_distinct_pair(first: Callable[[pd.Series], pd.Series], then: Callable[[pd.Series], pd.Series],
                     values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """`first(values)` and `then(first(values))`, each run once per distinct value of `values`
    and spread back over the rows.

    Every parser here is a function of one value, and a source column repeats few values (dates,
    labels, unit codes): parsing the distinct ones is most of the ingest's saving at scale. One
    factorisation serves both steps (cleaning then typing a column used to factorise it twice).
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    if len(distinct) * 2 > len(values):
        done = first(values)
        return done, then(done)
    # A blank is parsed too (as the last value): some columns give a blank a code.
    done = first(pd.concat([pd.Series(distinct, dtype=values.dtype), pd.Series([None], dtype=values.dtype)],
                           ignore_index=True))
    codes[codes == -1] = len(distinct)

    def spread(parsed: pd.Series) -> pd.Series:
        return pd.Series(parsed.array.take(codes), index=values.index, name=values.name)

    # Spreading a column back is a gather over every row, the larger part of this function's
    # cost: a step that changed no value (most columns are clean already; typing a text column
    # returns its text) reuses what it was given instead.
    typed = then(done)
    unchanged = done.dtype == values.dtype and done.iloc[:-1].equals(pd.Series(distinct, dtype=values.dtype))
    cleaned = values if unchanged and done.iloc[-1:].isna().all() else spread(done)
    return cleaned, cleaned if typed is done else spread(typed)


def clean(values: pd.Series, nfkc: bool = True) -> pd.Series:
    """NFKC (full-width digits and letters → ASCII) unless free text, strip noise, blank → NA."""
    text = values.astype("string")
    if nfkc:
        # NFKC leaves ASCII as it is: normalise only the other values (a fraction, and slow).
        other = ~text.str.isascii().fillna(True).astype(bool)
        if other.any():
            text = text.copy()
            text[other] = text[other].str.normalize("NFKC")
    text = text.str.strip(_NOISE)
    return text.mask(text == "")


def parse_date(values: pd.Series) -> pd.Series:
    """The four text forms of sources.md (leading zeros optional) → datetime64; else NaT."""
    text = values.astype("string")
    # Most values are already YYYY-MM-DD: those skip the (per-value) regex extraction.
    iso = text.where(text.str.fullmatch(_ISO_DATE).fillna(False).astype(bool))
    other = text.notna() & iso.isna()
    if other.any():
        parts = text[other].str.extract(_DATE)
        month = parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]).str.zfill(2)
        day = parts["d1"].fillna(parts["d2"]).fillna(parts["d3"]).str.zfill(2)
        iso = iso.copy()
        iso[other] = parts["y"] + "-" + month + "-" + day  # NA unless one of the forms matched
    dates = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    return dates.where((dates >= DATE_MIN) & (dates <= DATE_MAX))


def parse_integer(values: pd.Series) -> pd.Series:
    """Whole numbers; `3.0` is accepted, `3.5` is not, nor one beyond 18 digits (BIGINT)."""
    text = values.astype("string")
    ok = text.str.fullmatch(_INTEGER).fillna(False).astype(bool)
    # Drop `.0` before converting, so the digits never pass through a float.
    digits = text.where(ok).str.replace(_POINT_ZEROS, "", regex=True)
    ok &= digits.str.lstrip("+-").str.len().le(18).fillna(False).astype(bool)
    return pd.to_numeric(digits.where(ok), errors="coerce").astype("Int64")


def parse_decimal(values: pd.Series) -> pd.Series:
    """Decimal numbers that a double holds (one too large to be finite is not a number here)."""
    text = values.astype("string")
    ok = text.str.fullmatch(_DECIMAL).fillna(False).astype(bool)
    numbers = pd.to_numeric(text.where(ok), errors="coerce").astype("Float64")
    return numbers.where(numbers.abs() < float("inf"))


def parse_labels(values: pd.Series, labels: dict[str, str]) -> pd.Series:
    """Enumeration or yes/no labels → codes (NA where the label is unknown)."""
    return values.astype("object").map(labels).astype("object")
