"""Bulk export (`regwh export`, dagster_project/export.py): every table of the serving copy as
Parquet and CSV with a manifest, row counts equal to the copy's, never a restricted table."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dagster_project import export
from dagster_project.cli import main


def _manifest(folder: Path) -> list[dict]:
    with open(folder / export.MANIFEST, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def exported(sample_serving, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--serving", str(sample_serving)])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output
    return out


def test_every_serving_table_exported_with_its_row_count(sample_serving, exported):
    with duckdb.connect(str(sample_serving), read_only=True) as con:
        counts = {f"{s}.{t}": con.execute(f'SELECT count(*) FROM {s}."{t}"').fetchone()[0]
                  for s, t in con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                                          "WHERE database_name = current_database()").fetchall()}
    manifest = _manifest(exported)
    assert {(row["table"], row["format"]) for row in manifest} == {
        (table, fmt) for table in counts for fmt in ("parquet", "csv")}
    for row in manifest:
        path = exported / row["file"]
        if row["format"] == "parquet":
            rows = pq.ParquetFile(path).metadata.num_rows
        else:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = sum(1 for _ in csv.reader(handle)) - 1  # the header
        assert int(row["rows"]) == rows == counts[row["table"]], row["table"]
    assert counts["marts.penalty_monthly_dense"] > 0
    assert sorted(p.name for p in exported.iterdir()) == sorted(
        [row["file"] for row in manifest] + [export.MANIFEST])


def test_no_restricted_table_or_personal_column_in_the_export(sample_serving, exported):
    restricted = sample_serving.with_name(sample_serving.name.replace(".serving.", ".restricted."))
    with duckdb.connect(str(restricted), read_only=True) as con:
        personal = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    manifest = _manifest(exported)
    assert {row["table"].split(".")[0] for row in manifest} == {"marts", "audit"}
    assert not personal & {row["table"].split(".", 1)[1] for row in manifest}
    columns = {name for row in manifest if row["format"] == "parquet"
               for name in pq.read_schema(exported / row["file"]).names}
    assert not columns & {"full_name", "id_number"}
    with pytest.raises(export.ExportRefused, match="restricted"):
        export.export_serving(restricted, exported.parent / "refused")


def test_csv_is_utf8_with_bom_header_and_plain_values(tmp_path):
    copy = tmp_path / "copy.duckdb"
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE SCHEMA marts")
        con.execute("CREATE TABLE marts.t (name VARCHAR, fine DECIMAL(18,2), d DATE, n BIGINT, "
                    "codes VARCHAR[])")
        con.execute("INSERT INTO marts.t VALUES ('第一师, 应急', 1000.5, '2021-03-01', 3, ['V1', 'V2']), "
                    "(NULL, NULL, NULL, NULL, NULL)")
        con.execute("COMMENT ON TABLE marts.t IS '测试表 / Test'")
    exported = export.export_serving(copy, tmp_path / "out", ("csv", "parquet"))
    raw = (tmp_path / "out" / "marts.t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines() == [
        '"name","fine","d","n","codes"',
        '"第一师, 应急",1000.50,2021-03-01,3,"[V1, V2]"',  # a list in CSV: its DuckDB text
        ",,,,",
    ]
    assert pq.read_table(tmp_path / "out" / "marts.t.parquet").column("codes").to_pylist() == [
        ["V1", "V2"], None]
    assert [(e.table, e.rows, e.format, e.description) for e in exported] == [
        ("marts.t", 2, "csv", "测试表 / Test"), ("marts.t", 2, "parquet", "测试表 / Test")]


def test_cli_refuses_an_unknown_format_and_a_missing_copy(tmp_path):
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "o"), "--format", "xls",
                                       "--serving", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 1 and "unknown export format" in result.output
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "o"), "--format", "csv",
                                       "--serving", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 1 and "no serving copy" in result.output


def test_zip_holds_the_export(tmp_path):
    copy = tmp_path / "copy.duckdb"
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE SCHEMA audit")
        con.execute("CREATE TABLE audit.r AS SELECT range AS i FROM range(5)")
    with duckdb.connect(str(copy), read_only=True) as con:
        data = export.export_zip(con, tmp_path / "work", ("parquet",))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["audit.r.parquet", "manifest.csv"]
        manifest = archive.read("manifest.csv").decode("utf-8-sig").splitlines()
    assert manifest == ["table,rows,format,file,description", "audit.r,5,parquet,audit.r.parquet,"]
