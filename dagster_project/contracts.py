"""Data contracts: the one description of every source file (data_contracts/*.yml).

Validation (pandera), the raw-table DDL, the generator's headers and the orphan report are all
derived from these objects; nothing else restates a header, a type or an enumeration.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CONTRACTS_DIR = Path(__file__).resolve().parent.parent / "data_contracts"

SQL_TYPES = {
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "date": "DATE",
    "decimal": "DOUBLE",
    "integer": "BIGINT",
    "yesno": "BOOLEAN",
}
YESNO = {"是": True, "否": False}
METADATA_COLUMNS = {
    "_file_name": "VARCHAR",
    "_extract_date": "DATE",
    "_load_seq": "BIGINT",
    "_row_number": "BIGINT",
}


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    type: str
    required: bool = False
    enum: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # label → code
    blank_code: str | None = None
    normalize: str | None = None
    check: str | None = None
    min: float | None = None
    not_before: str | None = None
    not_below: str | None = None
    not_above: str | None = None
    required_if: dict[str, str] | None = None
    references: str | None = None
    pii: bool = False
    free_text: bool = False  # names and descriptions keep their full-width punctuation (no NFKC)
    note: str | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


# How often a source is expected (`cadence:` in its contract), as the longest gap in days between
# two extract dates: a month may have 31 days, a quarter 92, a year 366. `as_needed` sources are
# delivered when they change (discretion standards, the optional calendar): never overdue.
CADENCE_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 366, "as_needed": None}


@dataclass(frozen=True)
class Contract:
    source: str
    title: str
    kind: str  # snapshot | event
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    replaces_group: str | None = None
    cadence: str = "as_needed"

    @property
    def expected_every_days(self) -> int | None:
        """How many days may pass after a file's extract date before the next one is due."""
        return CADENCE_DAYS[self.cadence]

    @property
    def by_header(self) -> dict[str, Column]:
        return {c.header: c for c in self.columns}

    @property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def unit_column(self) -> Column | None:
        """The column naming the unit a row belongs to (whose personnel office fixes it)."""
        if self.source == "units":
            return self.by_name["unit_code"]
        return next((c for c in self.columns if c.references == "units.unit_code"), None)

    def is_required(self, column: Column) -> bool:
        return column.required or column.name in self.key

    def raw_ddl(self, schema: str = "raw") -> str:
        cols = [f'"{c.name}" {c.sql_type}' for c in self.columns]
        cols += [f"{name} {sql_type}" for name, sql_type in METADATA_COLUMNS.items()]
        return f"CREATE TABLE IF NOT EXISTS {schema}.{self.source} ({', '.join(cols)})"


def _column(raw: dict, enumerations: dict) -> Column:
    raw = dict(raw)
    enum = raw.get("enum")
    if enum is not None:
        raw["labels"] = dict(enumerations[enum])
    return Column(**raw)


def _cadence(spec: dict) -> str:
    cadence = spec.get("cadence")
    if cadence not in CADENCE_DAYS:
        raise ValueError(f"contract {spec['source']}: cadence {cadence!r} is not one of "
                         f"{', '.join(CADENCE_DAYS)}")
    return cadence


@functools.cache
def load_contracts(directory: Path = CONTRACTS_DIR) -> dict[str, Contract]:
    """All contracts by source name, in a stable order (snapshots first, as files are loaded)."""
    enumerations = yaml.safe_load((directory / "enumerations.yml").read_text(encoding="utf-8"))
    contracts = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == "enumerations.yml":
            continue
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        contracts[spec["source"]] = Contract(
            source=spec["source"],
            title=spec["title"],
            kind=spec["kind"],
            description=spec["description"],
            key=tuple(spec["key"]),
            columns=tuple(_column(c, enumerations) for c in spec["columns"]),
            replaces_group=spec.get("replaces_group"),
            cadence=_cadence(spec),
        )
    return contracts
