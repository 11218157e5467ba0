"""Check characters of Chinese identifiers.

USCC: GB 32100-2015 (unified social credit code, 18 characters, mod-31 check character).
ID number: GB 11643-1999 (citizen identity number, ISO 7064 MOD 11-2 check digit, may be X).

Each code has a scalar function (used by the generator and by tests) and a vectorised
function over a pandas Series (used by validation, which must handle millions of rows).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # index = weighted sum mod 11

_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}


def uscc_check_char(first17: str) -> str:
    """Check character for the first 17 characters of a USCC (upper case)."""
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError(f"not 17 USCC characters: {first17!r}")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    if not isinstance(code, str) or len(code) != 18:
        return False
    try:
        return uscc_check_char(code[:17]) == code[17]
    except ValueError:
        return False


def id_check_digit(first17: str) -> str:
    """Check digit (0-9 or X) for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"not 17 digits: {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def is_valid_id_number(code: str) -> bool:
    if not isinstance(code, str) or len(code) != 18:
        return False
    try:
        return id_check_digit(code[:17]) == code[17]
    except ValueError:
        return False


def _char_matrix(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """18-character ASCII strings as an (n, 18) uint8 matrix, plus the mask of rows that fit."""
    text = values.astype("string").fillna("")
    fits = (text.str.len() == 18) & text.map(str.isascii, na_action="ignore").astype("boolean").fillna(False)
    padded = text.where(fits, "~" * 18)
    matrix = np.frombuffer("".join(padded.tolist()).encode("ascii"), dtype=np.uint8)
    return matrix.reshape(-1, 18) if len(text) else np.zeros((0, 18), np.uint8), fits.to_numpy(bool)


def valid_uscc_series(values: pd.Series) -> pd.Series:
    """Vectorised is_valid_uscc; NA counts as invalid (requiredness is checked elsewhere)."""
    lookup = np.full(256, -1, dtype=np.int64)
    for i, c in enumerate(USCC_CHARSET):
        lookup[ord(c)] = i
    matrix, fits = _char_matrix(values)
    digits = lookup[matrix]
    ok = fits & (digits >= 0).all(axis=1)
    total = (digits[:, :17] * np.array(USCC_WEIGHTS)).sum(axis=1)
    ok &= ((31 - total % 31) % 31) == digits[:, 17]
    return pd.Series(ok, index=values.index)


def valid_id_number_series(values: pd.Series) -> pd.Series:
    """Vectorised is_valid_id_number; NA counts as invalid."""
    matrix, fits = _char_matrix(values)
    body = matrix[:, :17].astype(np.int64) - ord("0")
    ok = fits & ((body >= 0) & (body <= 9)).all(axis=1)
    total = (body * np.array(ID_WEIGHTS)).sum(axis=1)
    expected = np.frombuffer(ID_CHECK_CHARS.encode(), dtype=np.uint8)[total % 11]
    ok &= matrix[:, 17] == expected
    return pd.Series(ok, index=values.index)
