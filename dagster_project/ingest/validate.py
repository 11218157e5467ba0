"""Row validation built from a data contract with pandera.

`build_schema(contract)` turns a contract into a pandera DataFrameSchema over the file's cleaned
text; `validate(contract, frame)` runs it lazily and returns the typed rows that passed and one
reject per problem (row number, column header, raw value, reason). `validate_many` does the
same for several files of one source in one pass (what the ingest uses). Nothing here knows a
source by name: every rule comes from data_contracts/*.yml.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc

from dagster_project.contracts import YESNO, Column, Contract
from dagster_project.ingest import checksums, parse

REASONS = {
    "missing_required": "必填项为空 (required value missing)",
    "bad_date": "无法识别的日期，应为 2021-03-01、2021/3/1、2021年3月1日 或 20210301 (not a date)",
    "bad_integer": "不是整数 (not a whole number)",
    "bad_decimal": "不是数字 (not a number)",
    "bad_enum": "未知的取值 (unknown label)",
    "bad_yesno": "应为“是”或“否” (must be 是 or 否)",
    "bad_uscc": "统一社会信用代码校验位不符 GB 32100-2015 (USCC check character fails)",
    "bad_id_number": "身份证号校验码不符 GB 11643 (ID number check digit fails)",
    "below_min": "小于允许的最小值 (below the minimum)",
    "before_other": "早于{other} (date before {other})",
    "above_other": "大于{other} (greater than {other})",
    "below_other": "小于{other} (less than {other})",
    "required_if": "{when}时必填 (required when {when})",
    "forbidden_if": "仅{when}时填写，其他情况必须为空 (must be blank unless {when})",
    "duplicate_key": "同一文件中主键重复 (duplicate key in one snapshot file)",
    "numeric_digits_lost": "单元格被存为数字，末尾位数已丢失；请将该列设置为文本后重新导出 "
                           "(cell stored as a number: digits lost; format the column as text and export again)",
    "numeric_code": "单元格被存为数字，开头的 0 可能已丢失；请将该列设置为文本后重新导出 "
                    "(cell stored as a number: leading zeros may be lost; format the column as text and export again)",
    "repeated_header": "表头行在数据中重复出现，可能是两份导出拼在一起 (header row repeated inside the data)",
}
FIRST_DATA_ROW = 2  # the header is row 1, as a person sees it in Excel
# Excel keeps 15 significant digits: a longer number in a cell has lost its last digits.
EXCEL_DIGITS = 15
# What Excel writes for a long number in a CSV it re-saves (6.50102E+17). \p{Nd}: any decimal
# digit, as Python's \d (RE2's \d is ASCII only).
_SCIENTIFIC = r"^[+-]?\p{Nd}+(\.\p{Nd}+)?[eE][+-]?\p{Nd}+$"
_CHECKSUMS = {"uscc": checksums.valid_uscc_series, "id_number": checksums.valid_id_number_series}


@dataclass
class Validated:
    rows: pd.DataFrame  # typed, contract column names, index = position in the file
    rejects: pd.DataFrame  # row_number, column_name, raw_value, reason_code, reason
    # One row per rejected row: row_number, record_key (typed key values joined by '|', NULL when
    # a key value is unreadable) and unit_code (of the contract's unit column), for the quarantine.
    rejected: pd.DataFrame | None = None

    @property
    def rejected_rows(self) -> int:
        return self.rejects["row_number"].nunique()


def typed(column: Column, text: pd.Series) -> pd.Series:
    """Typed values of one cleaned column; NA where blank or unreadable."""
    if column.normalize == "upper":
        text = text.str.upper()
    if column.type == "date":
        return parse.parse_date(text)
    if column.type == "integer":
        return parse.parse_integer(text)
    if column.type == "decimal":
        return parse.parse_decimal(text)
    if column.type == "enum":
        codes = parse.parse_labels(text, column.labels)
        codes = codes.mask(text.isna(), column.blank_code) if column.blank_code else codes
        return codes.astype("string")
    if column.type == "yesno":
        return parse.parse_labels(text, YESNO).astype("boolean")
    return text


def _check(code: str, fn, target: str | None = None, **fmt) -> pa.Check:
    # The error string carries the reason code (and, for row-wide checks, the column it blames):
    # pandera reports it back in failure_cases.check.
    return pa.Check(fn, error=f"{code}|{target or ''}|{fmt!r}", ignore_na=False)


def _column_checks(column: Column, values: Mapping[str, pd.Series]) -> list[pa.Check]:
    mine = values[column.header]

    def readable(text: pd.Series) -> pd.Series:
        return text.isna() | mine.notna()

    type_code = {"date": "bad_date", "integer": "bad_integer", "decimal": "bad_decimal",
                 "enum": "bad_enum", "yesno": "bad_yesno"}.get(column.type)
    checks = [_check(type_code, readable)] if type_code else []
    if column.check:
        valid = _CHECKSUMS[column.check]
        checks.append(_check(f"bad_{column.check}", lambda t: _valid_where_given(valid, t)))
    if column.min is not None:
        checks.append(_check("below_min", lambda t: ~(mine < column.min).fillna(False)))
    return checks


def _valid_where_given(valid, text: pd.Series) -> pd.Series:
    """`valid` (a check-digit test) of every value, True where blank; computed once per distinct
    value: a snapshot source repeats each ID number in every monthly file (60 times at N = 100),
    and the per-row test was a fifth of validating the roster."""
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    ok = valid(pd.Series(distinct, dtype="string").str.upper()).to_numpy(dtype=bool)
    return pd.Series(np.where(codes >= 0, ok[codes] if len(ok) else False, True), index=text.index)


def _row_checks(contract: Contract, values: Mapping[str, pd.Series]) -> list[pa.Check]:
    checks = []
    for column in contract.columns:
        for attr, code, compare in (
            ("not_before", "before_other", lambda a, b: a < b),
            ("not_above", "above_other", lambda a, b: a > b),
            ("not_below", "below_other", lambda a, b: a < b),
        ):
            other_name = getattr(column, attr)
            if not other_name:
                continue
            other = contract.by_name[other_name]

            def fails(df, column=column, other=other, compare=compare):
                mine, theirs = values[column.header], values[other.header]
                return ~compare(mine, theirs).fillna(False).astype(bool)

            checks.append(_check(code, fails, column.header, other=other.header))
        if column.required_if:
            (when_name, when_code), = column.required_if.items()
            when = contract.by_name[when_name]
            label = next(k for k, v in when.labels.items() if v == when_code)
            when_text = f"{when.header}为{label}"
            codes = values[when.header]
            hit = codes.eq(when_code).fillna(False).astype(bool)
            other_mode = codes.notna() & ~hit

            def missing(df, column=column, hit=hit):
                return ~(hit & df[column.header].isna())

            def forbidden(df, column=column, other_mode=other_mode):
                return ~(other_mode & df[column.header].notna())

            checks.append(_check("required_if", missing, column.header, when=when_text))
            checks.append(_check("forbidden_if", forbidden, column.header, when=when_text))
    return checks


def build_schema(contract: Contract, values: Mapping[str, pd.Series]) -> pa.DataFrameSchema:
    """The pandera schema of a contract over a file's cleaned text (columns = Chinese headers).

    `values` holds each column's typed values (parsed once, see `typed`), which the type,
    range and cross-field checks compare against.
    """
    columns = {
        c.header: pa.Column(
            dtype=None,
            nullable=not contract.is_required(c),
            required=False,
            checks=_column_checks(c, values),
        )
        for c in contract.columns
    }
    return pa.DataFrameSchema(columns, checks=_row_checks(contract, values))


def _failures(schema: pa.DataFrameSchema, text: pd.DataFrame) -> pd.DataFrame:
    try:
        schema.validate(text, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return pd.DataFrame(columns=["index", "column", "code", "fmt"])
    cases = cases[cases["index"].notna()].copy()
    split = cases["check"].astype(str).str.split("|", n=2, expand=True)
    cases["code"] = split[0].where(cases["check"] != "not_nullable", "missing_required")
    target = split[1].fillna("") if 1 in split else ""
    cases["fmt"] = split[2] if 2 in split else None
    # Row-wide checks are reported once per column; keep the column the rule blames.
    keep = (target == "") | (target == cases["column"])
    return cases.loc[keep, ["index", "column", "code", "fmt"]]


@functools.lru_cache(maxsize=None)
def _reason(code: str, fmt: str | None) -> str:
    values = eval(fmt) if isinstance(fmt, str) and fmt.startswith("{") else {}  # noqa: S307 - our own repr
    return REASONS[code].format(**values)


def mask(value) -> str | None:
    """A personal value as a reject may show it: enough to find the row, not to identify a person."""
    if value is None or pd.isna(value):
        return None
    text = str(value)
    return text[:1] + "*" * (len(text) - 1) if len(text) <= 8 else text[:3] + "*" * (len(text) - 7) + text[-4:]


def validate(contract: Contract, raw_text: pd.DataFrame) -> Validated:
    """Validate a file's text (columns = Chinese headers, index = 0-based data row)."""
    return validate_many(contract, [raw_text])[0]


def validate_many(contract: Contract, frames: list[pd.DataFrame]) -> list[Validated]:
    """Validate several files of one source in one vectorised pass; one result per file.

    The files' text is stacked with a file id, validated once (pandera's fixed cost is paid per
    call, not per file), and split back: row numbers, duplicate keys and rejects stay per file,
    so each result is exactly what `validate` gives for that file alone.
    """
    if not frames:
        return []
    headers = [c.header for c in contract.columns]
    file_id = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    position = np.concatenate([np.asarray(f.index, dtype="int64") for f in frames])
    # An optional column absent from a file is blank throughout.
    raw_text = pd.concat([f.reindex(columns=headers) for f in frames], ignore_index=True)
    cleaned = {c.header: parse.on_distinct_pair(functools.partial(parse.clean, nfkc=not c.free_text),
                                                functools.partial(typed, c), raw_text[c.header])
               for c in contract.columns}
    text = pd.DataFrame({h: pair[0] for h, pair in cleaned.items()}, index=raw_text.index)
    values = {h: pair[1] for h, pair in cleaned.items()}
    failures = _failures(build_schema(contract, values), text)
    failures["index"] = failures["index"].astype("int64")
    if contract.kind == "snapshot":
        failures = pd.concat([failures, _duplicate_keys(contract, values, file_id)], ignore_index=True)
    failures = _numeric_cells(failures, contract, frames, text, file_id, position)
    failures = _repeated_headers(failures, frames, file_id, position, headers[0])
    at = failures["index"].to_numpy("int64")
    rejects = pd.DataFrame({
        "_file": file_id[at],
        "row_number": position[at] + FIRST_DATA_ROW,
        "column_name": failures["column"].astype(str).to_numpy(),
        "raw_value": [
            (mask if contract.by_header[col].pii else _identity)(raw_text.at[i, col])
            for i, col in zip(at, failures["column"])
        ],
        "reason_code": failures["code"].to_numpy(),
        "reason": [_reason(c, f) for c, f in zip(failures["code"], failures["fmt"])],
    }).drop_duplicates().sort_values(["_file", "row_number", "column_name"], ignore_index=True)
    rejects = rejects.astype({"raw_value": "object", "row_number": "int64"})
    good = ~text.index.isin(np.unique(at))
    reject_file = rejects["_file"].to_numpy()
    rejected = _rejected_rows(contract, values, np.unique(at), file_id, position)
    results = []
    for i in range(len(frames)):
        # Each file's good rows taken in one gather (selecting the good rows of the batch, then
        # each file's, copied every column twice).
        keep = np.flatnonzero(good & (file_id == i))
        rows = pd.DataFrame({c.name: values[c.header].array.take(keep) for c in contract.columns},
                            index=pd.Index(position[keep]))
        mine = rejects[reject_file == i].drop(columns="_file").reset_index(drop=True)
        theirs = rejected[rejected["_file"] == i].drop(columns="_file").reset_index(drop=True)
        results.append(Validated(rows=rows, rejects=mine, rejected=theirs))
    return results


def _key_text(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


def _rejected_rows(contract: Contract, values: Mapping[str, pd.Series], at: np.ndarray,
                   file_id: np.ndarray, position: np.ndarray) -> pd.DataFrame:
    keys = [[_key_text(values[contract.by_name[k].header].iloc[i]) for k in contract.key] for i in at]
    unit = contract.unit_column
    return pd.DataFrame({
        "_file": file_id[at],
        "row_number": position[at] + FIRST_DATA_ROW,
        "record_key": [None if None in k else "|".join(k) for k in keys],
        "unit_code": [_key_text(values[unit.header].iloc[i]) for i in at] if unit else None,
    })


def _repeated_headers(failures: pd.DataFrame, frames: list[pd.DataFrame], file_id: np.ndarray,
                      position: np.ndarray, first_header: str) -> pd.DataFrame:
    """A header row repeated inside the data (marked by the reader) is one reject with its own
    reason, instead of one bad value per column."""
    marked = np.zeros(len(file_id), dtype=bool)
    for i, frame in enumerate(frames):
        rows = frame.attrs.get("repeated_header_rows") or []
        marked |= (file_id == i) & np.isin(position + FIRST_DATA_ROW, rows)
    if not marked.any():
        return failures
    index = np.flatnonzero(marked)
    failures = failures[~failures["index"].isin(index)]
    own = pd.DataFrame({"index": index, "column": first_header, "code": "repeated_header", "fmt": None})
    return pd.concat([failures, own], ignore_index=True)


def _numeric_cells(failures: pd.DataFrame, contract: Contract, frames: list[pd.DataFrame],
                   text: pd.DataFrame, file_id: np.ndarray, position: np.ndarray) -> pd.DataFrame:
    """Identifiers and codes (text columns that are not free text) held as numbers.

    A spreadsheet's numeric cell, or a CSV cell in Excel's scientific notation, cannot be turned
    back into the text it was: the row is rejected with the reason (not a check-digit failure
    that sends the clerk hunting for a typo), and its other findings on that cell are dropped.
    """
    found = []
    for column in contract.columns:
        if column.type != "text" or column.free_text:
            continue
        cells = text[column.header]
        scientific = _matches(cells, _SCIENTIFIC)
        numeric = np.zeros(len(file_id), dtype=bool)
        for i, frame in enumerate(frames):
            rows = frame.attrs.get("numeric_cells", {}).get(column.header) or []
            if rows:
                numeric |= (file_id == i) & np.isin(position + FIRST_DATA_ROW, rows)
        flagged = np.flatnonzero(scientific | numeric)
        # Digits are counted on the flagged cells only: counting a whole column was most of the
        # validation's time, and the count only matters for a cell held as a number.
        digits = cells.iloc[flagged].str.count(r"\d").fillna(0).to_numpy()
        for index, n in zip(flagged, digits):
            lost = scientific[index] or n > EXCEL_DIGITS
            found.append((index, column.header, "numeric_digits_lost" if lost else "numeric_code"))
    if not found:
        return failures
    own = pd.DataFrame(found, columns=["index", "column", "code"]).assign(fmt=None)
    cell = pd.MultiIndex.from_frame(failures[["index", "column"]])
    failures = failures[~cell.isin(pd.MultiIndex.from_frame(own[["index", "column"]]))]
    return pd.concat([failures, own], ignore_index=True)


def _matches(text: pd.Series, pattern: str) -> np.ndarray:
    """Which values match `pattern` (RE2, anchored by the pattern itself), False where blank.
    Arrow's kernel: pandas' `str.match` ran Python's `re` value by value (3 s per 2.7 M rows)."""
    array = pyarrow.array(text.array, type=pyarrow.string(), from_pandas=True)
    return pc.match_substring_regex(array, pattern).fill_null(False).to_numpy(zero_copy_only=False)


def _identity(value):
    return value


def _duplicate_keys(contract: Contract, values: Mapping[str, pd.Series], file_id: np.ndarray) -> pd.DataFrame:
    """Every row whose key occurs twice in one snapshot file is rejected."""
    headers = [contract.by_name[k].header for k in contract.key]
    keys = pd.DataFrame({h: values[h] for h in headers})  # typed once, in validate_many
    dup = keys.notna().all(axis=1) & keys.assign(_file=file_id).duplicated(keep=False)
    index = keys.index[dup]
    return pd.DataFrame({"index": index, "column": headers[0], "code": "duplicate_key", "fmt": None})
