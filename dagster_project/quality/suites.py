"""The expectation suites: one function per suite, each built from an open DuckDB connection.

A suite function returns a `SuiteBuild` (a GX `ExpectationSuite` plus the pandas frame it
validates) or a `Skipped` when the mart it checks does not exist yet. Rules that span columns
or rows (the ALL row against the sum of the units, a status against its days, the row count
against the previous run) are computed in SQL into columns of the frame, which the suite then
expects to be 0 / false / within a band, so every rule shows up in Data Docs with the rows that
break it (`index_columns` name those rows in the results).

Contract columns and status sets come from ../shared/spec/rules.md ("The analyst contract");
enumerations of source codes come from data_contracts/enumerations.yml; policy values from
`marts.policy_parameters` (a rule that needs a missing parameter is left out, not guessed).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
import pyarrow as pa
import yaml

from dagster_project.contracts import CONTRACTS_DIR, load_contracts
from dagster_project.quality.catalog import SUITES

# rules.md, "The analyst contract": the columns each mart must have (more are welcome).
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "kpi_professional_ratio": ("as_of_date", "unit_code", "officers_in_post", "qualified_officers",
                               "qualified_ratio", "target_ratio", "meets_target", "people_gap"),
    "training_induction_status": ("as_of_date", "person_id", "unit_code", "hire_date",
                                  "induction_days", "status"),
    "training_refresher_status": ("year", "person_id", "unit_code", "refresher_days", "status"),
    "inspection_checks": ("inspection_id", "inspection_mode", "task_id", "uscc", "body_code",
                          "start_date", "end_date", "qualified_officers", "team_valid",
                          "untrained_inspector", "publicity_deadline", "publicity_status"),
    "enforcement_body_conflicts": ("year", "uscc", "conflict_type", "designated_body", "bodies",
                                   "inspection_ids", "case_nos"),
    "supervision_frequency": ("year", "uscc", "risk_level", "inspections",
                              "required_inspections", "under_inspected"),
    "penalty_checks": ("case_no", "body_code", "decision_date", "violation_code", "circumstance",
                       "fine_amount", "status", "band_status", "legal_review_status",
                       "publicity_status"),
}

# rules.md R2, R3, R5, R7, R9: the status codes of the derived columns.
INDUCTION_STATUSES = ("compliant", "in_progress", "overdue", "not_required")
REFRESHER_STATUSES = ("compliant", "non_compliant", "pending")
INSPECTION_PUBLICITY = ("on_time", "late", "overdue", "pending", "not_required")
PENALTY_PUBLICITY = ("on_time", "late", "overdue", "pending")
BAND_STATUSES = ("within", "below", "above", "no_standard")
LEGAL_REVIEW_STATUSES = ("ok", "missing", "after_decision", "not_required")
CONFLICT_TYPES = ("no_designated_body", "non_designated_body", "multiple_bodies",
                  "duplicate_inspection", "non_designated_penalty")

# Personal data never published: these column names, and any name containing these words.
PII_COLUMN_NAMES = ("full_name", "id_number")
PII_NAME_WORDS = ("姓名", "身份证")

# Row counts: the current count must lie within [LOW, HIGH] × the previous run's.
ROW_COUNT_BAND = (0.5, 2.0)
ROW_COUNT_HISTORY_DDL = (
    "CREATE TABLE IF NOT EXISTS audit.mart_row_counts (run_id VARCHAR, checked_at TIMESTAMP, "
    "table_name VARCHAR, row_count BIGINT)"
)

# Floating-point tolerance when comparing a stored ratio with the one its counts give.
RATIO_TOLERANCE = 1e-9


@dataclass
class SuiteBuild:
    suite: gx.ExpectationSuite
    frame: pd.DataFrame
    index_columns: list[str] = field(default_factory=list)  # name failing rows in the results


@dataclass(frozen=True)
class Skipped:
    reason: str


SuiteFunction = Callable[[duckdb.DuckDBPyConnection, str], "SuiteBuild | Skipped"]


# --- helpers -----------------------------------------------------------------------------------

@functools.cache
def enumeration(name: str) -> tuple[str, ...]:
    """Canonical codes of a source enumeration (data_contracts/enumerations.yml)."""
    spec = yaml.safe_load((CONTRACTS_DIR / "enumerations.yml").read_text(encoding="utf-8"))
    return tuple(str(code) for code in spec[name].values())


def pii_columns() -> tuple[set[str], set[str]]:
    """(column names, header words) of personal data: the fixed lists plus `pii: true` columns."""
    names, words = set(PII_COLUMN_NAMES), set(PII_NAME_WORDS)
    try:
        for contract in load_contracts().values():
            for column in contract.columns:
                if column.pii:
                    names.add(column.name.lower())
                    words.add(column.header)
    except Exception:  # noqa: BLE001 - the fixed lists still apply
        pass
    return names, words


def relation_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = ? AND table_name = ?", [schema, table]).fetchone()[0] > 0


def columns_of(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = "
        "current_database() AND table_schema = ? AND table_name = ?", [schema, table]).fetchall()}


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'marts' ORDER BY table_name").fetchall()]


def policy_parameter(con: duckdb.DuckDBPyConnection, name: str, cast: Callable = float):
    """A value of marts.policy_parameters (parameter, value), or None when it is not there."""
    if not relation_exists(con, "marts", "policy_parameters"):
        return None
    try:
        row = con.execute("SELECT CAST(value AS VARCHAR) FROM marts.policy_parameters "
                          "WHERE parameter = ?", [name]).fetchone()
        return cast(row[0]) if row and row[0] is not None else None
    except (duckdb.Error, ValueError):
        return None


def _iso_date(value: str) -> str:
    return dt.date.fromisoformat(value.strip()).isoformat()


def _suite(name: str, expectations: list) -> gx.ExpectationSuite:
    info = next(s for s in SUITES if s.name == name)
    return gx.ExpectationSuite(name=name, expectations=expectations,
                               meta={"notes": {"format": "markdown", "content": [info.statement]}})


def _never(column: str, notes: str):
    """The violation flag `column` (computed in SQL) is never true."""
    return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[False], notes=notes)


def _zero(column: str, notes: str):
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=0, notes=notes)


def _not_negative(column: str, notes: str | None = None):
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0,
                                             notes=notes or f"{column} is never negative.")


def _in_set(column: str, values, notes: str | None = None):
    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values),
        notes=notes or f"{column} is one of the codes the dashboards know: {', '.join(values)}.")


def _not_null(*columns: str):
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, notes=f"{c} is never empty.")
            for c in columns]


def _unique(columns: list[str], what: str):
    if len(columns) == 1:
        return gxe.ExpectColumnValuesToBeUnique(column=columns[0], notes=what)
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=columns, notes=what)


def _contract(table: str):
    return gxe.ExpectTableColumnsToMatchSet(
        column_set=list(CONTRACT_COLUMNS[table]), exact_match=False,
        notes=f"marts.{table} has the columns the analyst contract promises (rules.md).")


def _mart_suite(con, name: str, table: str, sql: str, expectations: list,
                keys: list[str]) -> SuiteBuild | Skipped:
    """Common frame of a one-mart suite: skip while missing; contract columns checked first.

    When contract columns are missing the SQL of the suite could not run: the frame is then the
    table as it is and the suite holds only the column check (which fails and says which).
    """
    if not relation_exists(con, "marts", table):
        return Skipped(f"marts.{table} does not exist yet")
    if set(CONTRACT_COLUMNS[table]) - columns_of(con, "marts", table):
        frame = con.execute(f'SELECT * FROM marts."{table}" LIMIT 0').df()
        return SuiteBuild(_suite(name, [_contract(table)]), frame, [])
    return SuiteBuild(_suite(name, [_contract(table), *expectations]), frame_of(con, sql), keys)


def frame_of(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """The result as DuckDB's `.df()` gives it, through Arrow: `.df()` builds Python strings that
    pandas converts back into Arrow strings (6.1 s for the 6 M induction rows, Arrow 1.2 s).
    Dates, decimals and integer or boolean columns with NULLs get `.df()`'s dtypes."""
    table = con.execute(sql).to_arrow_table()
    for i, field in enumerate(table.schema):
        if pa.types.is_decimal(field.type):  # `.df()` gives doubles; cast before any Decimal is made
            table = table.set_column(i, field.name, table.column(i).cast(pa.float64()))
    frame = table.to_pandas(date_as_object=False)
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_date(field.type) or pa.types.is_timestamp(field.type):
            frame[field.name] = frame[field.name].astype("datetime64[us]")
        elif column.null_count and (pa.types.is_integer(field.type) or pa.types.is_boolean(field.type)):
            # `.df()` gives a column with NULLs pandas' nullable dtype (Int64, boolean)
            frame[field.name] = column.to_pandas(types_mapper=_nullable_dtype)
    return frame


def _nullable_dtype(arrow_type: pa.DataType):
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return pd.api.types.pandas_dtype(str(arrow_type).replace("u", "U").replace("int", "Int"))


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


# --- one function per suite ----------------------------------------------------------------------

def kpi_professional_ratio(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "kpi_professional_ratio"
    target = policy_parameter(con, "professional_target_ratio")
    sql = f"""
        WITH k AS (SELECT * FROM marts.{table}),
        units AS (
            SELECT as_of_date, sum(officers_in_post) AS officers, sum(qualified_officers) AS qualified
            FROM k WHERE unit_code <> 'ALL' GROUP BY as_of_date),
        alls AS (SELECT as_of_date, count(*) AS n FROM k WHERE unit_code = 'ALL' GROUP BY as_of_date)
        SELECT
            k.* REPLACE (
                CAST(k.as_of_date AS VARCHAR) AS as_of_date,
                CAST(k.officers_in_post AS BIGINT) AS officers_in_post,
                CAST(k.qualified_officers AS BIGINT) AS qualified_officers,
                CAST(k.qualified_ratio AS DOUBLE) AS qualified_ratio,
                CAST(k.target_ratio AS DOUBLE) AS target_ratio,
                CAST(k.people_gap AS BIGINT) AS people_gap),
            CASE WHEN k.unit_code = 'ALL'
                 THEN CAST(k.officers_in_post - coalesce(u.officers, 0) AS BIGINT) END
                AS all_officers_diff,
            CASE WHEN k.unit_code = 'ALL'
                 THEN CAST(k.qualified_officers - coalesce(u.qualified, 0) AS BIGINT) END
                AS all_qualified_diff,
            CAST(coalesce(a.n, 0) AS BIGINT) AS all_rows_for_date,
            {f"abs(CAST(k.target_ratio AS DOUBLE) - {target!r})" if target is not None else "NULL"}
                AS target_ratio_diff
        FROM k
        LEFT JOIN units u USING (as_of_date)
        LEFT JOIN alls a USING (as_of_date)
        ORDER BY as_of_date, unit_code
    """
    expectations = [
        _unique(["as_of_date", "unit_code"], "One row per as_of_date and unit (ALL included)."),
        *_not_null("as_of_date", "unit_code", "officers_in_post", "qualified_officers",
                   "target_ratio"),
        gxe.ExpectColumnValuesToBeBetween(
            column="qualified_ratio", min_value=0, max_value=1,
            notes="A share of officers: between 0 and 1."),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="officers_in_post", column_B="qualified_officers", or_equal=True,
            notes="qualified_officers ≤ officers_in_post."),
        _not_negative("qualified_officers"),
        _not_negative("people_gap", "people_gap (officers still to qualify) is never negative."),
        _zero("all_officers_diff",
              "The ALL row's officers_in_post is the sum over the units of its date."),
        _zero("all_qualified_diff",
              "The ALL row's qualified_officers is the sum over the units of its date."),
        gxe.ExpectColumnValuesToBeInSet(
            column="all_rows_for_date", value_set=[1],
            notes="Every as_of_date has exactly one corps-wide ALL row."),
    ]
    if target is not None:
        expectations.append(gxe.ExpectColumnValuesToBeBetween(
            column="target_ratio_diff", min_value=0, max_value=RATIO_TOLERANCE,
            notes="target_ratio is the policy parameter professional_target_ratio."))
    return _mart_suite(con, "kpi_professional_ratio", table, sql, expectations,
                       ["as_of_date", "unit_code"])


def training_induction_status(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "training_induction_status"
    sql = f"""
        SELECT * REPLACE (CAST(as_of_date AS VARCHAR) AS as_of_date,
                          CAST(induction_days AS BIGINT) AS induction_days)
        FROM marts.{table}
        ORDER BY as_of_date, person_id
    """
    expectations = [
        _unique(["as_of_date", "person_id"],
                "Every officer in post has exactly one induction status per as_of_date."),
        *_not_null("as_of_date", "person_id", "status"),
        _in_set("status", INDUCTION_STATUSES),
        _not_negative("induction_days"),
    ]
    return _mart_suite(con, "training_induction_status", table, sql, expectations,
                       ["as_of_date", "person_id"])


def training_refresher_status(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "training_refresher_status"
    sql = f"""
        SELECT * REPLACE (CAST(year AS BIGINT) AS year,
                          CAST(refresher_days AS BIGINT) AS refresher_days)
        FROM marts.{table}
        ORDER BY year, person_id
    """
    expectations = [
        _unique(["year", "person_id"], "One refresher status per officer and year."),
        *_not_null("year", "person_id", "status"),
        _in_set("status", REFRESHER_STATUSES),
        _not_negative("refresher_days"),
    ]
    return _mart_suite(con, "training_refresher_status", table, sql, expectations,
                       ["year", "person_id"])


def inspection_checks(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "inspection_checks"
    sql = f"""
        SELECT * REPLACE (CAST(qualified_officers AS BIGINT) AS qualified_officers)
        FROM marts.{table}
        ORDER BY inspection_id
    """
    expectations = [
        _unique(["inspection_id"], "One row per inspection."),
        *_not_null("inspection_id", "inspection_mode", "team_valid", "untrained_inspector",
                   "publicity_status"),
        _in_set("inspection_mode", enumeration("inspection_mode")),
        _in_set("publicity_status", INSPECTION_PUBLICITY),
        _not_negative("qualified_officers"),
    ]
    return _mart_suite(con, "inspection_checks", table, sql, expectations, ["inspection_id"])


def penalty_checks(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "penalty_checks"
    sql = f"""
        SELECT * REPLACE (CAST(fine_amount AS DOUBLE) AS fine_amount)
        FROM marts.{table}
        ORDER BY case_no
    """
    expectations = [
        _unique(["case_no"], "One row per penalty case (revoked cases included)."),
        *_not_null("case_no", "status", "band_status", "legal_review_status"),
        _in_set("status", enumeration("case_status")),
        _in_set("circumstance", enumeration("circumstance")),
        _in_set("band_status", BAND_STATUSES),
        _in_set("legal_review_status", LEGAL_REVIEW_STATUSES),
        _in_set("publicity_status", PENALTY_PUBLICITY),
        _not_negative("fine_amount"),
    ]
    return _mart_suite(con, "penalty_checks", table, sql, expectations, ["case_no"])


def enforcement_body_conflicts(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "enforcement_body_conflicts"

    def unsorted(column: str) -> str:
        return (f"({column} <> '' AND {column} <> array_to_string("
                f"list_sort(list_distinct(string_split({column}, ','))), ','))")

    sql = f"""
        SELECT * REPLACE (CAST(year AS BIGINT) AS year),
               {unsorted('bodies')} OR {unsorted('inspection_ids')} OR {unsorted('case_nos')}
                   AS list_not_sorted
        FROM marts.{table}
        ORDER BY year, uscc, conflict_type
    """
    expectations = [
        _unique(["year", "uscc", "conflict_type"],
                "One finding per year, enterprise and conflict type."),
        *_not_null("year", "uscc", "conflict_type", "bodies", "inspection_ids", "case_nos"),
        _in_set("conflict_type", CONFLICT_TYPES),
        _never("list_not_sorted",
               "bodies, inspection_ids and case_nos are comma-separated, sorted and distinct."),
    ]
    return _mart_suite(con, "enforcement_body_conflicts", table, sql, expectations,
                       ["year", "uscc", "conflict_type"])


def supervision_frequency(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    table = "supervision_frequency"
    sql = f"""
        SELECT * REPLACE (CAST(year AS BIGINT) AS year,
                          CAST(inspections AS BIGINT) AS inspections,
                          CAST(required_inspections AS BIGINT) AS required_inspections)
        FROM marts.{table}
        ORDER BY year, uscc
    """
    expectations = [
        _unique(["year", "uscc"], "One row per year and enterprise."),
        *_not_null("year", "uscc", "risk_level", "inspections", "required_inspections",
                   "under_inspected"),
        _in_set("risk_level", enumeration("risk_level")),
        _not_negative("inspections"),
        _not_negative("required_inspections"),
    ]
    return _mart_suite(con, "supervision_frequency", table, sql, expectations, ["year", "uscc"])


def marts_no_pii(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    if not mart_tables(con):
        return Skipped("schema marts holds no tables yet")
    names, words = pii_columns()
    frame = con.execute(
        "SELECT table_name, column_name, lower(column_name) AS column_name_lower "
        "FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'marts' ORDER BY table_name, ordinal_position").df()
    expectations = [
        gxe.ExpectColumnValuesToNotBeInSet(
            column="column_name_lower", value_set=sorted(names),
            notes="No mart has a column for names or ID numbers: analysts never see personal "
                  "data (person-level marts carry person_id only)."),
        gxe.ExpectColumnValuesToNotMatchRegex(
            column="column_name", regex="|".join(re.escape(w) for w in sorted(words)),
            notes="No mart column is named after personal data (姓名, 身份证, ...)."),
    ]
    return SuiteBuild(_suite("marts_no_pii", expectations), frame, ["table_name", "column_name"])


def audit_no_pii_values(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    """Rejected values of personal-data columns are kept masked only (audit is published too).

    The frame holds only where such a value sits and whether it is there, never the value.
    """
    if not relation_exists(con, "audit", "rejects"):
        return Skipped("audit.rejects does not exist yet")
    names, words = pii_columns()
    # The ingest names a rejected column by its source header (身份证号), others by name.
    frame = con.execute(f"""
        SELECT file_name, CAST(row_number AS BIGINT) AS row_number, column_name,
               -- the ingest keeps only a masked form (validate.mask: 110***********0021)
               coalesce(raw_value, '') <> '' AND NOT contains(raw_value, '***')
                   AS personal_value_kept
        FROM audit.rejects
        WHERE lower(column_name) IN ({_sql_list(sorted(names))})
           OR regexp_matches(column_name, ?)
        ORDER BY 1, 2, 3""", ["|".join(re.escape(w) for w in sorted(words))]).df()
    expectations = [
        _never("personal_value_kept",
               "audit.rejects (published in the serving copy) keeps rejected names and ID "
               "numbers in raw_value only masked."),
    ]
    return SuiteBuild(_suite("audit_no_pii_values", expectations), frame,
                      ["file_name", "row_number", "column_name"])


def current_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM marts."{t}"').fetchone()[0]
            for t in mart_tables(con)}


def mart_row_counts(con: duckdb.DuckDBPyConnection, run_id: str = "") -> SuiteBuild | Skipped:
    """Each mart's row count against the latest earlier run recorded in audit.mart_row_counts.

    Read-only: the runner records this run's counts (`record_row_counts`) once validation is done.
    A mart seen for the first time passes; a mart that disappeared counts 0 rows.
    """
    counts = current_row_counts(con)
    if not counts:
        return Skipped("schema marts holds no tables yet")
    current = pd.DataFrame({"table_name": list(counts), "row_count": list(counts.values())})
    previous = pd.DataFrame({"table_name": pd.Series(dtype="str"),
                             "previous_row_count": pd.Series(dtype="Int64"),
                             "previous_run_id": pd.Series(dtype="str")})
    if relation_exists(con, "audit", "mart_row_counts"):
        previous = con.execute("""
            WITH last_run AS (
                SELECT run_id FROM audit.mart_row_counts WHERE run_id <> ?
                ORDER BY checked_at DESC, run_id DESC LIMIT 1)
            SELECT table_name, row_count AS previous_row_count, run_id AS previous_run_id
            FROM audit.mart_row_counts WHERE run_id = (SELECT run_id FROM last_run)""",
            [run_id]).df()
    con.register("_quality_current_counts", current)
    con.register("_quality_previous_counts", previous)
    try:
        low, high = ROW_COUNT_BAND
        frame = con.execute("""
            SELECT coalesce(c.table_name, p.table_name) AS table_name,
                   CAST(coalesce(c.row_count, 0) AS BIGINT) AS row_count,
                   CAST(p.previous_row_count AS BIGINT) AS previous_row_count,
                   p.previous_run_id,
                   c.table_name IS NULL AS disappeared,
                   CASE WHEN p.previous_row_count > 0
                        THEN coalesce(c.row_count, 0) / p.previous_row_count END AS ratio,
                   p.previous_row_count = 0 AND coalesce(c.row_count, 0) > 0 AS grew_from_empty
            FROM _quality_current_counts c
            FULL JOIN _quality_previous_counts p USING (table_name)
            ORDER BY 1""").df()
    finally:
        con.unregister("_quality_current_counts")
        con.unregister("_quality_previous_counts")
    expectations = [
        gxe.ExpectColumnValuesToBeBetween(
            column="ratio", min_value=low, max_value=high,
            notes=f"Each mart's row count is within {low}× to {high}× of the previous quality "
                  "run's (a first run, or a new mart, has nothing to compare with and passes)."),
        _never("grew_from_empty", "A mart that was empty in the previous run is still empty "
                                  "(any growth from 0 rows is outside the band)."),
        _never("disappeared", "No mart of the previous run has disappeared."),
    ]
    return SuiteBuild(_suite("mart_row_counts", expectations), frame, ["table_name"])


def record_row_counts(con: duckdb.DuckDBPyConnection, run_id: str, checked_at) -> int:
    """Append this run's row count per mart to audit.mart_row_counts (replacing a retried run's)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS audit")
    con.execute(ROW_COUNT_HISTORY_DDL)
    con.execute("DELETE FROM audit.mart_row_counts WHERE run_id = ?", [run_id])
    counts = current_row_counts(con)
    if counts:
        con.executemany("INSERT INTO audit.mart_row_counts VALUES (?, ?, ?, ?)",
                        [(run_id, checked_at, t, n) for t, n in counts.items()])
    return len(counts)


SUITE_FUNCTIONS: dict[str, SuiteFunction] = {
    "kpi_professional_ratio": kpi_professional_ratio,
    "training_induction_status": training_induction_status,
    "training_refresher_status": training_refresher_status,
    "inspection_checks": inspection_checks,
    "penalty_checks": penalty_checks,
    "enforcement_body_conflicts": enforcement_body_conflicts,
    "supervision_frequency": supervision_frequency,
    "marts_no_pii": marts_no_pii,
    "audit_no_pii_values": audit_no_pii_values,
    "mart_row_counts": mart_row_counts,
}
assert tuple(SUITE_FUNCTIONS) == tuple(s.name for s in SUITES), "catalog and suites disagree"
