"""Property-based tests (hypothesis) of the value parsers, the validation and the check characters.

- any text in any column type is either loaded as a valid value or rejected with a known reason;
- every accepted date form, integer form, decimal form and full-width variant reads back the same;
- a check character appended to any body validates, and changing any one character of a valid
  code — or swapping two adjacent different characters — invalidates it. That holds for both codes
  because of their arithmetic, checked first (test_check_character_arithmetic): the weights are
  non-zero modulo a prime larger than any difference of two character values, so a substitution
  changes the weighted sum by w·(a−b) ≢ 0; adjacent weights differ, so a transposition changes it
  by (wᵢ−wᵢ₊₁)·(a−b) ≢ 0. (The check character itself has weight 1 in the full sum.)
"""
from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from dagster_project.contracts import Column, Contract, load_contracts
from dagster_project.ingest import checksums, parse
from dagster_project.ingest.validate import REASONS, validate

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Validation runs pandera over a whole frame: fewer examples, each a batch of up to 40 values.
FRAME_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})

# --- strategies ----------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))
noise = st.sampled_from(["", " ", "\u3000", "\t", "\u00a0", " \u3000"])
messy_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789-/.年月日+eE ０１２３４５６７８９是否兵团红Xx\u3000", max_size=20),
    dates.map(lambda d: f"{d.year}-{d.month}-{d.day}"),
    st.integers(-10**25, 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["是", "否", "一级", "无", "合格", "双随机", "", " ", "nan", "None", "NaN", "inf",
                     "1e3", "0x10", "１２", "3.0", "3.5", "-0", "+7", ".5", "5.", "2021-02-29", "2020-02-29",
                     "19000101", "21000101", "2021年13月1日", "\ufeff1"]),
)


def codes_uscc(body: str) -> str:
    return body + checksums.uscc_check_char(body)


uscc_bodies = st.text(alphabet=checksums.USCC_CHARSET, min_size=17, max_size=17)
id_bodies = st.text(alphabet="0123456789", min_size=17, max_size=17)


# --- any string: loaded XOR rejected with a known reason -----------------------------------------

def one_column_contract(column: Column) -> Contract:
    key = Column(header="编号", name="record_id", type="text", required=True)
    return Contract(source="prop", title="", kind="event", description="", key=("record_id",),
                    columns=(key, column))


def _enum_labels(name: str) -> dict:
    for contract in load_contracts().values():
        for column in contract.columns:
            if column.enum == name:
                return column.labels
    raise KeyError(name)


COLUMN_TYPES = {
    "date": Column(header="值", name="v", type="date"),
    "date_required": Column(header="值", name="v", type="date", required=True),
    "integer": Column(header="值", name="v", type="integer", min=0),
    "decimal": Column(header="值", name="v", type="decimal", min=0, required=True),
    "enum": Column(header="值", name="v", type="enum", enum="risk_level", labels=_enum_labels("risk_level"),
                   required=True),
    "enum_blank_code": Column(header="值", name="v", type="enum", enum="professional_title",
                              labels=_enum_labels("professional_title"), blank_code="none"),
    "yesno": Column(header="值", name="v", type="yesno"),
    "text": Column(header="值", name="v", type="text", required=True),
    "free_text": Column(header="值", name="v", type="text", free_text=True),
    "uscc": Column(header="值", name="v", type="text", required=True, normalize="upper", check="uscc"),
    "id_number": Column(header="值", name="v", type="text", required=True, normalize="upper", check="id_number"),
}


@pytest.mark.parametrize("kind", COLUMN_TYPES)
@FRAME_SETTINGS
@given(values=st.lists(messy_text, min_size=1, max_size=40))
def test_any_string_is_loaded_xor_rejected_with_a_known_reason(kind, values):
    contract = one_column_contract(COLUMN_TYPES[kind])
    frame = pd.DataFrame({"编号": [f"K{i}" for i in range(len(values))],
                          "值": [v if v != "" else None for v in values]}, dtype="object")
    result = validate(contract, frame)
    loaded = set(result.rows.index)
    rejected = set(result.rejects["row_number"] - 2)
    assert loaded.isdisjoint(rejected)
    assert loaded | rejected == set(range(len(values)))
    assert set(result.rejects["reason_code"]) <= set(REASONS)
    assert (result.rejects["column_name"] == "值").all()
    assert result.rejects["reason"].map(bool).all()
    # A loaded value is a value of its type; a loaded blank is allowed only when not required.
    column = COLUMN_TYPES[kind]
    for value in result.rows["v"]:
        if value is None or pd.isna(value):
            assert not column.required
        elif column.type == "date":
            assert pd.Timestamp("1901-01-01") <= value <= pd.Timestamp("2099-12-31")
        elif column.type in ("integer", "decimal"):
            assert value >= 0
        elif column.type == "enum":
            assert value in set(column.labels.values()) | {column.blank_code}
        elif column.check == "uscc":
            assert checksums.is_valid_uscc(value)
        elif column.check == "id_number":
            assert checksums.is_valid_id_number(value)


# --- dates ---------------------------------------------------------------------------------------

def date_forms(d: dt.date) -> list[str]:
    y, m, dd = d.year, d.month, d.day
    return [f"{y}-{m:02d}-{dd:02d}", f"{y}-{m}-{dd}", f"{y}/{m}/{dd}", f"{y}/{m:02d}/{dd:02d}",
            f"{y}年{m}月{dd}日", f"{y}年{m:02d}月{dd:02d}日", f"{y}{m:02d}{dd:02d}"]


@SETTINGS
@given(d=dates, pad=noise)
@example(d=dt.date(1901, 1, 1), pad="")
@example(d=dt.date(2099, 12, 31), pad="")
@example(d=dt.date(2024, 2, 29), pad="\u3000")
def test_dates_round_trip_through_every_accepted_form(d, pad):
    forms = date_forms(d)
    forms += [f.translate(FULL_WIDTH) for f in forms]  # full-width digits and separators
    parsed = parse.parse_date(parse.clean(pd.Series([pad + f + pad for f in forms], dtype="object")))
    assert list(parsed.dt.date) == [d] * len(forms)


@SETTINGS
@given(d=st.one_of(st.dates(max_value=dt.date(1900, 12, 31)), st.dates(min_value=dt.date(2100, 1, 1))))
def test_implausible_dates_are_not_dates(d):
    if d.year < 1000:
        return  # not a four-digit year: not one of the forms at all
    parsed = parse.parse_date(pd.Series(date_forms(d), dtype="object"))
    assert parsed.isna().all()


@SETTINGS
@given(y=st.integers(1901, 2099), m=st.integers(0, 99), d=st.integers(0, 99))
def test_impossible_calendar_dates_are_rejected(y, m, d):
    try:
        dt.date(y, m, d)
        assume(False)
    except ValueError:
        pass
    parsed = parse.parse_date(pd.Series([f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日"], dtype="object"))
    assert parsed.isna().all()


# --- numbers -------------------------------------------------------------------------------------

@SETTINGS
@given(n=st.integers(-(2**53), 2**53), zeros=st.integers(0, 3), plus=st.booleans())
def test_integers_round_trip(n, zeros, plus):
    forms = [str(n), f"{n}." + "0" * zeros if zeros else f"{n}.0", str(n).translate(FULL_WIDTH)]
    if plus and n >= 0:
        forms.append(f"+{n}")
    parsed = parse.parse_integer(parse.clean(pd.Series(forms, dtype="object")))
    assert list(parsed) == [n] * len(forms)


@SETTINGS
@given(n=st.integers(-(10**6), 10**6), frac=st.integers(1, 9))
def test_a_fraction_is_not_an_integer(n, frac):
    assert parse.parse_integer(pd.Series([f"{n}.{frac}"], dtype="object")).isna().all()


@SETTINGS
@given(x=st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4))
def test_decimals_round_trip(x):
    text = format(x, "f")
    forms = [text, text.translate(FULL_WIDTH)]
    parsed = parse.parse_decimal(parse.clean(pd.Series(forms, dtype="object")))
    assert list(parsed) == [float(text)] * len(forms)


@SETTINGS
@given(text=st.text(max_size=12))
def test_parsers_never_raise(text):
    series = pd.Series([text, None, text.translate(FULL_WIDTH)], dtype="object")
    cleaned = parse.clean(series)
    parse.parse_date(cleaned)
    parse.parse_integer(cleaned)
    parse.parse_decimal(cleaned)
    checksums.valid_uscc_series(cleaned)
    checksums.valid_id_number_series(cleaned)


# --- full width ----------------------------------------------------------------------------------

@SETTINGS
@given(text=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXYabcxyz-/.年月日", min_size=1, max_size=20))
def test_full_width_variants_parse_like_ascii(text):
    ascii_ = parse.clean(pd.Series([text], dtype="object"))
    wide = parse.clean(pd.Series([text.translate(FULL_WIDTH)], dtype="object"))
    assert list(wide) == list(ascii_)
    for parser in (parse.parse_date, parse.parse_integer, parse.parse_decimal):
        assert parser(wide).equals(parser(ascii_))


# --- check characters ----------------------------------------------------------------------------

def test_check_character_arithmetic():
    """Why the substitution and transposition properties hold (and so may be asserted)."""
    for weights, modulus, max_diff in ((checksums.USCC_WEIGHTS, 31, 30), (checksums.ID_WEIGHTS, 11, 10)):
        full = list(weights) + [1]  # the check character's own weight in the full sum
        assert all(w % modulus for w in full)  # substitution: w·(a−b) ≢ 0 since 0 < |a−b| < modulus
        assert max_diff < modulus
        assert all((a - b) % modulus for a, b in zip(full, full[1:]))  # adjacent transposition
    # Both are the standards' weights: 3^i mod 31 (GB 32100) and 2^(17−i) mod 11 (ISO 7064 MOD 11-2).
    assert list(checksums.USCC_WEIGHTS) == [pow(3, i, 31) for i in range(17)]
    assert list(checksums.ID_WEIGHTS) == [pow(2, 17 - i, 11) for i in range(17)]


@SETTINGS
@given(body=uscc_bodies, data=st.data())
def test_uscc_check_character(body, data):
    code = codes_uscc(body)
    assert checksums.is_valid_uscc(code)
    assert checksums.valid_uscc_series(pd.Series([code, code.lower().upper()])).all()
    position = data.draw(st.integers(0, 17))
    other = data.draw(st.sampled_from(checksums.USCC_CHARSET).filter(lambda c: c != code[position]))
    changed = code[:position] + other + code[position + 1:]
    assert not checksums.is_valid_uscc(changed)
    assert not checksums.valid_uscc_series(pd.Series([changed])).any()
    i = data.draw(st.integers(0, 16))
    if code[i] != code[i + 1]:
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
        assert not checksums.is_valid_uscc(swapped)


@SETTINGS
@given(body=id_bodies, data=st.data())
def test_id_check_digit(body, data):
    code = body + checksums.id_check_digit(body)
    assert checksums.is_valid_id_number(code)
    assert checksums.valid_id_number_series(pd.Series([code])).all()
    position = data.draw(st.integers(0, 17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    other = data.draw(st.sampled_from(alphabet).filter(lambda c: c != code[position]))
    changed = code[:position] + other + code[position + 1:]
    assert not checksums.is_valid_id_number(changed)
    assert not checksums.valid_id_number_series(pd.Series([changed])).any()
    i = data.draw(st.integers(0, 16))
    if code[i] != code[i + 1] and "X" not in code[i:i + 2]:
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
        assert not checksums.is_valid_id_number(swapped)


@SETTINGS
@given(text=st.one_of(st.text(max_size=20), st.text(alphabet=checksums.USCC_CHARSET + "xz", min_size=18, max_size=18),
                      st.text(alphabet="0123456789Xx", min_size=18, max_size=18)))
def test_vectorised_checks_agree_with_scalar(text):
    series = pd.Series([text], dtype="object")
    assert bool(checksums.valid_uscc_series(series).iloc[0]) == checksums.is_valid_uscc(text)
    assert bool(checksums.valid_id_number_series(series).iloc[0]) == checksums.is_valid_id_number(text)


@FRAME_SETTINGS
@given(body=id_bodies)
def test_id_number_lower_case_x_and_full_width_accepted_by_validation(body):
    code = body + checksums.id_check_digit(body)
    contract = one_column_contract(COLUMN_TYPES["id_number"])
    variants = [code, code.lower(), code.translate(FULL_WIDTH), " " + code.lower() + "\u3000"]
    frame = pd.DataFrame({"编号": [f"K{i}" for i in range(len(variants))], "值": variants}, dtype="object")
    result = validate(contract, frame)
    assert result.rejects.empty
    assert list(result.rows["v"]) == [code] * len(variants)
    assert unicodedata.normalize("NFKC", variants[2]) == code


# --- the exact value is loaded, or the row is rejected -------------------------------------------

@FRAME_SETTINGS
@given(n=st.integers(-(2**53), 2**53))
def test_a_loaded_integer_is_the_integer_in_the_file(n):
    contract = one_column_contract(Column(header="值", name="v", type="integer"))
    frame = pd.DataFrame({"编号": ["K1", "K2"], "值": [str(n), f"{n}.0"]}, dtype="object")
    result = validate(contract, frame)
    assert result.rejects.empty and list(result.rows["v"]) == [n, n]


@pytest.mark.parametrize("texts", [["9223372036854775808"], ["99999999999999999999"],
                                   ["9223372036854775807", "99999999999999999999"]])
def test_integer_beyond_int64_is_rejected_not_wrapped(texts):
    contract = one_column_contract(Column(header="值", name="v", type="integer"))
    frame = pd.DataFrame({"编号": [f"K{i}" for i in range(len(texts))], "值": texts}, dtype="object")
    result = validate(contract, frame)
    for i, text in enumerate(texts):
        if i in result.rows.index:
            assert int(result.rows["v"].loc[i]) == int(text)
        else:
            assert list(result.rejects.loc[result.rejects["row_number"] == i + 2, "reason_code"]) == ["bad_integer"]


def test_decimal_overflowing_a_double_is_rejected():
    contract = one_column_contract(Column(header="值", name="v", type="decimal", min=0))
    result = validate(contract, pd.DataFrame({"编号": ["K1"], "值": ["1" + "0" * 400]}, dtype="object"))
    assert result.rows.empty and list(result.rejects["reason_code"]) == ["bad_decimal"]
