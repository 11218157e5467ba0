"""From typed columns to source files: cells, accepted noise, injected defects, CSV and XLSX.

A *frame* is a dict ``column name → numpy array`` typed by the contract column's type:
text → object array of str ('' = blank), enum → int codes in the order of ``ENUM_CODES`` (-1 =
blank), date → int64 day numbers (``NA_DAY`` = blank), decimal → float (nan = blank), integer →
int64 (``INT_NA`` = blank), yesno → int8 (1 = yes, 0 = no, -1 = blank).
Headers and enumeration labels are taken from the data contracts.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dagster_project.contracts import YESNO, Column, Contract, load_contracts

from . import codes
from .timeline import NA_DAY, ymd
from .world import ETYPES

INT_NA = np.int64(-1)

# Internal order of every enumeration: index i in a frame means this canonical code.
ENUM_CODES = {
    "level": ("corps", "division"),
    "risk_level": ("red", "orange", "yellow", "blue"),
    "major_hazard_level": ("1", "2", "3", "4", "none"),
    "standardization_grade": ("1", "2", "3", "none"),
    "enterprise_type": ETYPES,
    "enterprise_status": ("operating", "suspended", "closed"),
    "staff_category": ("officer", "auxiliary", "expert"),
    "employment_type": ("civil_servant", "appointed_civil_servant", "public_institution", "contract"),
    "education_level": ("high_school", "secondary", "associate", "bachelor", "master", "doctor"),
    "professional_title": ("junior", "intermediate", "senior"),
    "training_type": ("induction", "refresher", "practical", "other"),
    "result": ("pass", "fail", "absent"),
    "inspection_mode": ("double_random", "key", "special", "complaint", "follow_up", "accident"),
    "role": ("lead", "assist", "expert"),
    "outcome": ("no_issue", "rectify", "case_opened"),
    "circumstance": ("minor", "general", "serious", "severe"),
    "case_status": ("closed", "executing", "reconsideration", "litigation", "revoked"),
    "gender": ("male", "female"),
}

# Labels a source system might write that no contract knows (injected as defects).
UNKNOWN_LABELS = {
    "risk_level": ("较大", "紫"), "major_hazard_level": ("五级", "有"), "standardization_grade": ("达标", "四级"),
    "enterprise_type": ("生产经营", "仓储"), "enterprise_status": ("注销", "吊销"),
    "staff_category": ("协管员", "临时人员"), "employment_type": ("临时聘用", "公益性岗位"),
    "education_level": ("研究生", "初中"), "professional_title": ("正高级", "助理"),
    "training_type": ("岗前培训", "脱产培训"), "result": ("通过", "优秀"),
    "inspection_mode": ("双随机抽查", "日常检查"), "role": ("组长", "记录员"),
    "outcome": ("已整改", "移交"), "circumstance": ("特别严重", "较轻"),
    "case_status": ("结案", "已执行"), "gender": ("未知",), "level": ("师", "团场"),
}
BAD_DATES = ("2021-13-45", "昨天", "2022-02-30", "2020.13.01", "待补录", "0000-00-00", "2023-11-31")
BAD_INTEGERS = ("3.5", "2.5", "十", "约5")
YES_LABEL = {v: k for k, v in YESNO.items()}

DATE_STYLES = ("iso", "slash", "chinese", "compact", "iso_nopad", "slash_pad")
FULLWIDTH = str.maketrans("0123456789-/", "０１２３４５６７８９－／")


def labels(column: Column) -> np.ndarray:
    """Label of every internal code of an enum column, from the contract."""
    inverse = {code: label for label, code in column.labels.items()}
    return np.array([inverse[c] for c in ENUM_CODES[column.enum]], dtype=object)


def take(frame: dict, idx) -> dict:
    return {k: v[idx] for k, v in frame.items()}


def concat(frames: list[dict]) -> dict:
    if not frames:
        return {}
    return {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}


def nrows(frame: dict) -> int:
    return len(next(iter(frame.values()))) if frame else 0


_TABLE_START = int(np.datetime64("1940-01-01").astype(np.int64))
_TABLE_END = int(np.datetime64("2060-12-31").astype(np.int64))
_TABLES: dict[int, np.ndarray] = {}


def _date_table(style: int) -> np.ndarray:
    if style not in _TABLES:
        days = np.arange(_TABLE_START, _TABLE_END + 1, dtype=np.int64)
        _TABLES[style] = _format_dates_slow(days, np.full(len(days), style, dtype=np.int8))
    return _TABLES[style]


def format_dates(days: np.ndarray, styles) -> np.ndarray:
    """Day numbers as text in the given style(s); blank for NA_DAY."""
    days = np.asarray(days, np.int64)
    n = len(days)
    styles = np.broadcast_to(np.asarray(styles), (n,))
    valid = days != NA_DAY
    if ((days[valid] < _TABLE_START) | (days[valid] > _TABLE_END)).any():
        return _format_dates_slow(days, styles)
    out = np.full(n, "", dtype=object)
    for s in np.unique(styles[valid]) if valid.any() else ():
        idx = np.flatnonzero(valid & (styles == s))
        out[idx] = _date_table(int(s))[days[idx] - _TABLE_START]
    return out


def _format_dates_slow(days: np.ndarray, styles) -> np.ndarray:
    days = np.asarray(days, np.int64)
    n = len(days)
    out = np.full(n, "", dtype=object)
    valid = days != NA_DAY
    styles = np.broadcast_to(np.asarray(styles), (n,))
    if not valid.any():
        return out
    y, m, d = ymd(np.where(valid, days, 0))
    for s, style in enumerate(DATE_STYLES):
        idx = np.flatnonzero(valid & (styles == s))
        if not len(idx):
            continue
        if style == "iso":
            out[idx] = np.datetime_as_string(days[idx].astype("datetime64[D]")).astype(object)
            continue
        ys = y[idx].astype(str).astype(object)
        ms, ds = m[idx].astype(str).astype(object), d[idx].astype(str).astype(object)
        if style in ("compact", "slash_pad"):
            ms = np.char.zfill(m[idx].astype(str), 2).astype(object)
            ds = np.char.zfill(d[idx].astype(str), 2).astype(object)
        out[idx] = {
            "slash": lambda: ys + "/" + ms + "/" + ds,
            "slash_pad": lambda: ys + "/" + ms + "/" + ds,
            "chinese": lambda: ys + "年" + ms + "月" + ds + "日",
            "compact": lambda: ys + ms + ds,
            "iso_nopad": lambda: ys + "-" + ms + "-" + ds,
        }[style]()
    return out


def format_decimal(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, float)
    out = np.full(len(values), "", dtype=object)
    ok = ~np.isnan(values)
    integral = ok & (values == np.round(values))
    out[integral] = values[integral].astype(np.int64).astype(str).astype(object)
    frac = ok & ~integral
    out[frac] = np.round(values[frac], 2).astype(str).astype(object)
    return out


def format_integer(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, np.int64)
    out = values.astype(str).astype(object)
    out[values == INT_NA] = ""
    return out


@dataclass
class Stats:
    files: list = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    defects: Counter = field(default_factory=Counter)
    noise: Counter = field(default_factory=Counter)
    events: Counter = field(default_factory=Counter)
    bytes: int = 0


@dataclass
class Defect:
    """A deliberate problem to put into one row of one file."""
    row: int
    column: str
    kind: str
    value: object = None  # replacement cell text; None = derive from the kind


@dataclass
class FilePlan:
    fmt: str = "csv"            # csv | xlsx
    encoding: str = "utf-8-sig"  # utf-8-sig | utf-8 | gb18030
    newline: str = "\n"
    date_style: int = 0
    shuffle_columns: bool = False
    extra_column: tuple | None = None  # (header, values)
    noise_rate: float = 0.004
    date_variant_rate: float = 0.015
    lowercase_x: float = 0.0
    int_as_float: float = 0.0


class Emitter:
    """Writes one source file from a frame, applying the file plan, noise and defects."""

    def __init__(self, out_dir: Path, seed: int, stats: Stats, progress=None):
        self.out_dir = out_dir
        self.seed = seed
        self.stats = stats
        self.progress = progress
        self.contracts: dict[str, Contract] = load_contracts()

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(("file:" + name).encode())])

    def empty_frame(self, source: str) -> dict:
        dtypes = {"text": object, "enum": np.int64, "date": np.int64, "integer": np.int64, "decimal": float,
                  "yesno": np.int8}
        return {c.name: np.zeros(0, dtype=dtypes[c.type]) for c in self.contracts[source].columns}

    # -------------------------------------------------------------- cross-field defects
    def random_defects(self, source: str, frame: dict, rate: float, rng: np.random.Generator,
                       exclude: np.ndarray | None = None) -> list[Defect]:
        """Pick ~rate of the rows and a defect kind for each, from what the contract checks."""
        n = nrows(frame)
        k = int(rng.binomial(n, rate)) if n else 0
        if not k:
            return []
        candidates = np.arange(n) if exclude is None else np.flatnonzero(~exclude)
        if not len(candidates):
            return []
        rows = rng.choice(candidates, size=min(k, len(candidates)), replace=False)
        contract = self.contracts[source]
        options: list[tuple[str, str, float]] = []  # (kind, column, weight)
        for c in contract.columns:
            if c.type == "date":
                options.append(("bad_date", c.name, 1.0))
            if c.type == "enum":
                options.append(("unknown_enum_label", c.name, 0.7))
            if c.check == "uscc":
                options.append(("uscc_checksum", c.name, 2.0))
            if c.check == "id_number":
                options.append(("id_checksum", c.name, 2.0))
            if contract.is_required(c):
                options.append(("missing_required", c.name, 0.6))
            if c.type == "integer":
                options.append(("non_integer", c.name, 1.2))
            if c.type == "decimal" and c.min is not None:
                options.append(("negative_number", c.name, 0.3))
            if c.not_before:
                options.append(("end_before_start", c.name, 2.5))
            if c.not_above:
                options.append(("count_above_total", c.name, 2.5))
            if c.required_if:
                options.append(("conditional_required", c.name, 2.5))
            if c.not_below:
                options.append(("max_below_min", c.name, 1.0))
        w = np.array([o[2] for o in options])
        picks = rng.choice(len(options), size=len(rows), p=w / w.sum())
        return [Defect(int(r), options[p][1], options[p][0]) for r, p in zip(rows, picks)]

    def _apply_frame_defects(self, source: str, frame: dict, defects: list[Defect], rng) -> dict:
        """Cross-field defects change typed values (before formatting)."""
        contract = self.contracts[source]
        touched = {}
        for d in defects:
            c = contract.by_name[d.column]
            if d.kind == "end_before_start":
                arr = touched.setdefault(d.column, frame[d.column].copy())
                start = frame[c.not_before][d.row]
                if start == NA_DAY:
                    d.kind = "missing_required" if contract.is_required(c) else "bad_date"
                    continue
                arr[d.row] = start - int(rng.integers(1, 40))
            elif d.kind == "count_above_total":
                arr = touched.setdefault(d.column, frame[d.column].copy())
                total = frame[c.not_above][d.row]
                arr[d.row] = (0 if total == INT_NA else total) + int(rng.integers(1, 4))
            elif d.kind == "max_below_min":
                arr = touched.setdefault(d.column, frame[d.column].copy())
                low = frame[c.not_below][d.row]
                arr[d.row] = low / 2 if low > 0 else low - 100
            elif d.kind == "conditional_required":
                arr = touched.setdefault(d.column, frame[d.column].copy())
                (cond_col, cond_code), = c.required_if.items()
                cond = self.contracts[source].by_name[cond_col]
                is_cond = frame[cond_col][d.row] == ENUM_CODES[cond.enum].index(cond_code)
                if is_cond:
                    arr[d.row] = "" if arr.dtype == object else INT_NA
                    d.kind = "task_id_missing_on_double_random"
                else:
                    donor = np.flatnonzero(frame[cond_col] == ENUM_CODES[cond.enum].index(cond_code))
                    fallback = "SJ2021000001" if arr.dtype == object else 1
                    arr[d.row] = arr[donor[0]] if len(donor) else fallback
                    d.kind = "task_id_on_other_mode"
        if not touched:
            return frame
        out = dict(frame)
        out.update(touched)
        return out

    # -------------------------------------------------------------- cells
    def _cells(self, contract: Contract, frame: dict, plan: FilePlan, rng) -> tuple[dict, dict]:
        """Text of every cell, and the canonical text (for XLSX typing) of date/number columns."""
        n = nrows(frame)
        cells, canonical = {}, {}
        for c in contract.columns:
            v = frame[c.name]
            if c.type == "text":
                cells[c.name] = v.astype(object, copy=True)
            elif c.type == "enum":
                lab = np.append(labels(c), "")
                cells[c.name] = lab[np.where(v < 0, len(lab) - 1, v)]
            elif c.type == "yesno":
                lab = np.array([YES_LABEL[False], YES_LABEL[True], ""], dtype=object)
                cells[c.name] = lab[np.where(v < 0, 2, v)]
            elif c.type == "integer":
                cells[c.name] = format_integer(v)
                canonical[c.name] = cells[c.name].copy()
                if plan.int_as_float:
                    sel = (rng.random(n) < plan.int_as_float) & (v != INT_NA)
                    cells[c.name][sel] = cells[c.name][sel] + ".0"
                    self.stats.noise["integer_written_as_x.0"] += int(sel.sum())
            elif c.type == "decimal":
                cells[c.name] = format_decimal(v)
                canonical[c.name] = cells[c.name].copy()
            elif c.type == "date":
                styles = np.full(n, plan.date_style, dtype=np.int8)
                vary = rng.random(n) < plan.date_variant_rate
                styles[vary] = rng.integers(0, len(DATE_STYLES), size=int(vary.sum()))
                cells[c.name] = format_dates(v, styles)
                canonical[c.name] = format_dates(v, 0)
                valid = v != NA_DAY
                for s, style in enumerate(DATE_STYLES):
                    if s:
                        self.stats.noise[f"date_form_{style}"] += int((valid & (styles == s)).sum())
        return cells, canonical

    def _noise(self, contract: Contract, cells: dict, plan: FilePlan, rng) -> None:
        """Accepted forms: padded/full-width spaces, full-width digits, lower-case x / USCC."""
        n = len(next(iter(cells.values())))
        for c in contract.columns:
            col = cells[c.name]
            filled = col != ""
            if c.type in ("text", "enum", "yesno") or c.check:
                sel = np.flatnonzero(filled & (rng.random(n) < plan.noise_rate))
                pads = (" ", "\u3000", "  ", " \u3000")
                for i in sel:
                    p = pads[int(rng.integers(len(pads)))]
                    col[i] = p + col[i] if rng.random() < 0.5 else col[i] + p
                self.stats.noise["padded_or_fullwidth_spaces"] += len(sel)
            if c.type in ("date", "integer", "decimal") or c.check == "id_number":
                sel = np.flatnonzero(filled & (rng.random(n) < plan.noise_rate / 3))
                for i in sel:
                    col[i] = str(col[i]).translate(FULLWIDTH)
                self.stats.noise["fullwidth_digits"] += len(sel)
            if c.check == "id_number" and plan.lowercase_x:
                ends_x = np.flatnonzero(filled & np.array([s.endswith("X") for s in col], dtype=bool))
                low = ends_x[rng.random(len(ends_x)) < plan.lowercase_x]
                for i in low:
                    col[i] = col[i][:-1] + "x"
                self.stats.noise["id_number_lowercase_x"] += len(low)
            if c.check == "uscc":
                sel = np.flatnonzero(filled & (rng.random(n) < 0.004))
                for i in sel:
                    col[i] = col[i].lower()
                self.stats.noise["uscc_lowercase"] += len(sel)

    def _apply_cell_defects(self, contract: Contract, cells: dict, defects: list[Defect], rng) -> None:
        for d in defects:
            col = cells[d.column]
            c = contract.by_name[d.column]
            if d.kind in ("end_before_start", "count_above_total", "task_id_missing_on_double_random",
                          "task_id_on_other_mode", "max_below_min") and d.value is None:
                self.stats.defects[d.kind] += 1
                continue
            if d.value is not None:
                col[d.row] = d.value
            elif d.kind == "bad_date":
                col[d.row] = BAD_DATES[int(rng.integers(len(BAD_DATES)))]
            elif d.kind == "unknown_enum_label":
                bad = UNKNOWN_LABELS.get(c.enum, ("未知",))
                col[d.row] = bad[int(rng.integers(len(bad)))]
            elif d.kind == "uscc_checksum":
                text = unicodedata.normalize("NFKC", str(col[d.row])).strip().upper()
                col[d.row] = codes.corrupt_uscc(text, rng) if len(text) == 18 else "91659001MA7" + "0" * 7
            elif d.kind == "id_checksum":
                text = unicodedata.normalize("NFKC", str(col[d.row])).strip().upper()
                col[d.row] = codes.corrupt_id_number(text) if len(text) == 18 else "65900119800101123"
            elif d.kind == "missing_required":
                col[d.row] = "" if rng.random() < 0.8 else "\u3000"
            elif d.kind == "non_integer":
                col[d.row] = BAD_INTEGERS[int(rng.integers(len(BAD_INTEGERS)))]
            elif d.kind == "negative_number":
                col[d.row] = "-" + (str(col[d.row]) or "500")
            self.stats.defects[d.kind] += 1

    # -------------------------------------------------------------- files
    def emit(self, source: str, extract_day: int, frame: dict, plan: FilePlan,
             defects: list[Defect] | None = None, duplicates: list[tuple[int, dict]] | None = None,
             name: str | None = None, count: bool = True) -> str:
        """Write one file. `duplicates`: (row, {column: new typed value}) copies appended after
        row (a duplicate key in a snapshot). Returns the file name."""
        contract = self.contracts[source]
        date_text = np.datetime_as_string(np.int64(extract_day).astype("datetime64[D]")).replace("-", "")
        name = name or f"{source}_{date_text}.{plan.fmt}"
        rng = self.rng(name)
        defects = defects or []
        frame = self._apply_frame_defects(source, frame, defects, rng)
        if duplicates:
            n0 = nrows(frame)
            extra = []
            for row, changes in duplicates:
                dup = take(frame, [row])
                for k, v in changes.items():
                    dup[k] = np.array([v], dtype=frame[k].dtype)
                extra.append(dup)
                self.stats.defects["duplicate_key_in_snapshot"] += 2
            frame = concat([frame] + extra)
            # each copy goes somewhere later in the file, as a line keyed in twice would
            where = [int(rng.integers(row, n0)) for row, _ in duplicates]
            perm = np.argsort(np.concatenate([2 * np.arange(n0), 2 * np.array(where) + 1]), kind="stable")
            frame = take(frame, perm)
            new_pos = np.empty(len(perm), dtype=np.int64)
            new_pos[perm] = np.arange(len(perm))
            defects = [Defect(int(new_pos[d.row]), d.column, d.kind, d.value) for d in defects]
        cells, canonical = self._cells(contract, frame, plan, rng)
        self._noise(contract, cells, plan, rng)
        self._apply_cell_defects(contract, cells, defects, rng)
        headers = [c.header for c in contract.columns]
        names = [c.name for c in contract.columns]
        if plan.shuffle_columns:
            perm = rng.permutation(len(names))
            headers, names = [headers[i] for i in perm], [names[i] for i in perm]
        columns = [cells[n] for n in names]
        if plan.extra_column:
            headers.append(plan.extra_column[0])
            columns.append(plan.extra_column[1])
        path = self.out_dir / name
        if plan.fmt == "xlsx":
            types = [contract.by_name[n].type if n in contract.by_name else "text" for n in names]
            canon = [canonical.get(n) for n in names]
            if plan.extra_column:
                types.append("text")
                canon.append(None)
            write_xlsx(path, headers, columns, types, canon, extract_day, rng, self.stats)
        else:
            write_csv(path, headers, columns, plan.encoding, plan.newline)
        size = path.stat().st_size
        self.stats.files.append(name)
        if count:
            self.stats.rows[source] += len(columns[0]) if columns else 0
        self.stats.bytes += size
        if self.progress:
            self.progress(name)
        return name


def _needs_quotes(col: np.ndarray) -> np.ndarray:
    joined = "\x00".join(col.tolist())
    if not any(ch in joined for ch in ',"\n\r'):
        return np.zeros(len(col), bool)
    f = np.frompyfunc(lambda v: ("," in v) or ('"' in v) or ("\n" in v) or ("\r" in v), 1, 1)
    return f(col).astype(bool) if len(col) else np.zeros(0, bool)


def write_csv(path: Path, headers: list[str], columns: list[np.ndarray], encoding: str, newline: str) -> None:
    quoted = []
    for col in columns:
        need = _needs_quotes(col)
        if need.any():
            col = col.copy()
            for i in np.flatnonzero(need):
                col[i] = '"' + col[i].replace('"', '""') + '"'
        quoted.append(col)
    rows = map(",".join, zip(*[col.tolist() for col in quoted]))
    text = newline.join([",".join(headers), *rows]) + newline
    path.write_bytes(text.encode(encoding))


def write_xlsx(path: Path, headers, columns, types, canonical, extract_day: int, rng, stats: Stats) -> None:
    """First sheet, headers in row 1; dates as real Excel date cells, numbers as numbers.
    Deterministic: fixed document creation date (the extract date), fixed zip timestamps."""
    import xlsxwriter

    created = dt.datetime(1970, 1, 1) + dt.timedelta(days=int(extract_day))
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"created": created, "author": "", "title": path.stem})
    ws = wb.add_worksheet("Sheet1")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    head_fmt = wb.add_format({"bold": True})
    for j, h in enumerate(headers):
        ws.write_string(0, j, h, head_fmt)
    n = len(columns[0]) if columns else 0
    numeric_dates = rng.random(n) < 0.01
    for j, (col, typ, canon) in enumerate(zip(columns, types, canonical)):
        ws.set_column(j, j, 12 if typ == "date" else 14)
        for i in range(n):
            v = col[i]
            if v == "":
                continue
            if canon is not None and v == canon[i]:
                if typ == "date":
                    if numeric_dates[i]:
                        ws.write_number(i + 1, j, int(v.replace("-", "")))
                        stats.noise["xlsx_date_as_number_yyyymmdd"] += 1
                    else:
                        ws.write_datetime(i + 1, j, dt.datetime.strptime(v, "%Y-%m-%d"), date_fmt)
                        stats.noise["xlsx_date_cells"] += 1
                    continue
                if typ in ("integer", "decimal"):
                    ws.write_number(i + 1, j, float(v) if "." in v else int(v))
                    continue
            ws.write_string(i + 1, j, str(v))
    wb.close()
