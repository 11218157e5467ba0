"""The synthetic inbox generator (dagster_project.generate)."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from pathlib import Path

import pytest

from dagster_project.contracts import load_contracts
from dagster_project.generate import generate
from dagster_project.generate.snapshots import MISNAMED_FILE
from dagster_project.ingest.checksums import is_valid_id_number, is_valid_uscc

SCALE = 0.05
NAME = re.compile(r"(?P<source>[a-z_]+)_(?P<date>\d{8})\.(?P<ext>csv|xlsx)")
CONTRACTS = load_contracts()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen_a")
    return out, generate(SCALE, out, seed=0)


@pytest.fixture(scope="module")
def run_again(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen_b")
    return out, generate(SCALE, out, seed=0)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "gb18030"


def read_rows(path: Path) -> list[list]:
    """All rows (header first) of a CSV or of the first sheet of an XLSX file."""
    if path.suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        ws = wb.worksheets[0]
        rows = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    text, _ = decode(path.read_bytes())
    return list(csv.reader(io.StringIO(text)))


def column(path: Path, header: str) -> list[str]:
    rows = read_rows(path)
    j = rows[0].index(header)
    return [unicodedata.normalize("NFKC", str(r[j])).strip().upper() for r in rows[1:]]


def test_same_seed_gives_identical_bytes(run, run_again):
    a, b = digests(run[0]), digests(run_again[0])
    assert a == b
    assert any(name.endswith(".xlsx") for name in a)  # XLSX included


def test_other_seed_differs(run, tmp_path):
    other = generate(SCALE, tmp_path, seed=1)
    a, b = digests(run[0]), digests(tmp_path)
    assert set(a) == set(b)  # same delivery plan of file names
    differing = [n for n in a if a[n] != b[n]]
    assert len(differing) > 0.8 * len(a)
    assert other["rows"] != run[1]["rows"]


def test_file_names_fit_the_sources_except_one(run):
    out, summary = run
    names = sorted(p.name for p in out.iterdir())
    assert names == summary["files"]
    misfits = [n for n in names if not (NAME.fullmatch(n) and NAME.fullmatch(n)["source"] in CONTRACTS)]
    assert misfits == [MISNAMED_FILE]
    for n in names:
        if n != MISNAMED_FILE:
            m = NAME.fullmatch(n)
            assert "20190101" < m["date"] <= "20241231"
    assert {NAME.fullmatch(n)["source"] for n in names if n != MISNAMED_FILE} == set(CONTRACTS)
    assert len(names) < 400


def test_headers_are_the_contract_headers(run):
    out, _ = run
    extra = []
    for path in sorted(out.iterdir()):
        if path.name == MISNAMED_FILE:
            continue
        contract = CONTRACTS[NAME.fullmatch(path.name)["source"]]
        header = read_rows(path)[0]
        expected = {c.header for c in contract.columns}
        assert len(header) == len(set(header)), path.name
        assert expected <= set(header), path.name
        if set(header) != expected:
            extra.append((path.name, set(header) - expected))
    assert len(extra) == 1 and extra[0][0].startswith("roster_")  # one file with one unknown column


def test_some_files_have_another_column_order(run):
    out, _ = run
    shuffled = 0
    for path in out.glob("*.csv"):
        contract = CONTRACTS[NAME.fullmatch(path.name)["source"]]
        header = [h for h in read_rows(path)[0] if h in contract.by_header]
        shuffled += header != [c.header for c in contract.columns]
    assert shuffled >= 2


def test_codes_are_mostly_valid_but_defects_exist(run):
    out, _ = run
    ids = [v for p in out.glob("roster_*") for v in column(p, "身份证号") if v]
    usccs = [v for p in out.glob("enterprises_*") for v in column(p, "统一社会信用代码") if v]
    usccs += [v for p in out.glob("inspections_*") for v in column(p, "统一社会信用代码") if v]
    for values, check in ((ids, is_valid_id_number), (usccs, is_valid_uscc)):
        valid = sum(map(check, values)) / len(values)
        assert 0.97 < valid < 1.0
    assert any(v.endswith("X") and is_valid_id_number(v) for v in ids)


def test_birth_date_matches_id_number(run):
    out, _ = run
    path = out / "roster_20240131.csv"
    if not path.exists():
        path = next(out.glob("roster_202401*"))
    rows = read_rows(path)
    h = rows[0]
    checked = 0
    for r in rows[1:]:
        idn = unicodedata.normalize("NFKC", str(r[h.index("身份证号")])).strip().upper()
        birth = unicodedata.normalize("NFKC", str(r[h.index("出生日期")])).strip()
        m = re.fullmatch(r"(\d{4})[-/年]?(\d{1,2})[-/月]?(\d{1,2})日?", birth)
        if is_valid_id_number(idn) and m:
            assert idn[6:14] == f"{m[1]}{int(m[2]):02d}{int(m[3]):02d}"
            checked += 1
    assert checked > 10


def test_counts_scale_linearly(run, tmp_path):
    bigger = generate(2 * SCALE, tmp_path, seed=0)
    for source in ("enterprises", "roster", "training", "inspections", "inspection_staff", "penalties"):
        ratio = bigger["rows"][source] / run[1]["rows"][source]
        assert 1.6 < ratio < 2.5, (source, ratio)


def test_encodings_and_excel_dates(run):
    out, _ = run
    encodings = {decode(p.read_bytes())[1] for p in out.glob("*.csv")}
    assert encodings == {"utf-8", "utf-8-sig", "gb18030"}
    gb = [p for p in out.glob("*.csv") if decode(p.read_bytes())[1] == "gb18030"]
    assert any(p.name.startswith("roster_") for p in gb)
    import openpyxl

    date_cells = 0
    for path in out.glob("*.xlsx"):
        if path.name == MISNAMED_FILE:
            continue
        wb = openpyxl.load_workbook(path, read_only=True)
        for row in wb.worksheets[0].iter_rows(min_row=2, max_row=50):
            date_cells += sum(1 for cell in row if getattr(cell, "is_date", False))
        wb.close()
    assert date_cells > 0


def test_all_accepted_date_forms_occur(run):
    out, _ = run
    text = "\n".join(decode(p.read_bytes())[0] for p in out.glob("training_*.csv"))
    text += "\n".join(decode(p.read_bytes())[0] for p in out.glob("inspections_*.csv"))
    assert re.search(r",20\d\d-\d\d-\d\d,", text)
    assert re.search(r",20\d\d/\d{1,2}/\d{1,2},", text)
    assert re.search(r",20\d\d年\d{1,2}月\d{1,2}日,", text)
    assert re.search(r",20\d\d[01]\d[0-3]\d,", text)


def test_summary_counts_defects(run):
    _, summary = run
    d = summary["defects"]
    for kind in ("bad_date", "unknown_enum_label", "uscc_checksum", "id_checksum", "missing_required",
                 "end_before_start", "max_below_min", "duplicate_key_in_snapshot"):
        assert d.get(kind, 0) > 0, kind
    share = summary["defect_rows_total"] / sum(summary["rows"].values())
    assert 0.002 < share < 0.02
    assert summary["noise"]["padded_or_fullwidth_spaces"] > 0
    assert summary["events"]["misnamed_files"] == 1


def test_rerun_replaces_previous_files_and_keeps_others(tmp_path):
    (tmp_path / "notes.md").write_text("kept")
    (tmp_path / "roster_19990101.csv").write_text("stale")
    generate(SCALE, tmp_path, seed=2)
    assert (tmp_path / "notes.md").read_text() == "kept"
    assert not (tmp_path / "roster_19990101.csv").exists()
