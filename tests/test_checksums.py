import pandas as pd
import pytest

from dagster_project.ingest.checksums import (
    id_check_digit, is_valid_id_number, is_valid_uscc, uscc_check_char,
    valid_id_number_series, valid_uscc_series,
)

# Worked by hand: USCC 91350100M000100Y4? → weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28
# over values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 gives Σ = 989; 989 mod 31 = 28; 31 − 28 = 3.
GOOD_USCC = ["91350100M000100Y43", "91650100MA7812345K"]
BAD_USCC = ["91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43", "", "91350100M000100Y4Z"]
# ID 11010519491231002X: Σ(digit × weight) = 167; 167 mod 11 = 2 → "X" (table 1 0 X 9 8 …).
GOOD_ID = ["11010519491231002X", "440301199003071230", "650102198506150045"]
BAD_ID = ["110105194912310021", "11010519491231002", "1101051949123100XX", "A10105194912310020"]


def test_uscc_check_char_by_hand():
    assert uscc_check_char("91350100M000100Y4") == "3"


def test_id_check_digit_by_hand():
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44030119900307123") == "0"


@pytest.mark.parametrize("code", GOOD_USCC)
def test_good_uscc(code):
    assert is_valid_uscc(code)


@pytest.mark.parametrize("code", BAD_USCC)
def test_bad_uscc(code):
    assert not is_valid_uscc(code)


@pytest.mark.parametrize("code", GOOD_ID)
def test_good_id(code):
    assert is_valid_id_number(code)


@pytest.mark.parametrize("code", BAD_ID)
def test_bad_id(code):
    assert not is_valid_id_number(code)


def test_vectorised_agree_with_scalar():
    uscc = pd.Series(GOOD_USCC + BAD_USCC + [None, "九一三五"])
    ids = pd.Series(GOOD_ID + BAD_ID + [None, "一二三"])
    assert valid_uscc_series(uscc).tolist() == [is_valid_uscc(c) for c in uscc]
    assert valid_id_number_series(ids).tolist() == [is_valid_id_number(c) for c in ids]
