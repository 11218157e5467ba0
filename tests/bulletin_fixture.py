"""A hand-made warehouse for the bulletin: the marts it is built from, then the dbt model.

``build_bulletin_warehouse(dir)`` writes the few columns of kpi_professional_ratio,
training_induction_status, training_refresher_status, inspection_checks,
enforcement_body_conflicts and supervision_frequency that marts.bulletin_division_ranking reads,
runs dbt on that one model (and its data tests), and returns the DuckDB file, which then serves as
the serving copy the bulletin documents are made from. The expected figures of the 2024Q4
bulletin, worked out by hand from these rows, are in ``EXPECTED_Q4`` (tests/test_dbt_bulletin.py
and tests/test_bulletin.py share them).

Divisions S1-S4 and the corps bureau BT (in the corps figures, never ranked); roster snapshots
2024-09-30 (2024Q3) and 2024-10-31, 2024-12-31 (2024Q4: its figure is at 2024-12-31).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

try:
    from dbt_harness import run_dbt
except ImportError:
    from tests.dbt_harness import run_dbt

D = dt.date.fromisoformat

NAMES = {"BT": "兵团应急管理局", "S1": "第一师", "S2": "第二师", "S3": "第三师", "S4": "第四师"}

# as_of → unit → (in post, qualified, meets_target); row_type/level follow from the code
KPI = {
    D("2024-09-30"): {"BT": (0, 0, None), "S1": (4, 2, False), "S2": (8, 4, False),
                      "S3": (5, 5, True), "S4": (0, 0, None), "ALL": (17, 11, False)},
    # superseded within the quarter by 2024-12-31: S3 leads here and nowhere in the bulletin
    D("2024-10-31"): {"BT": (4, 4, True), "S1": (4, 1, False), "S2": (8, 2, False),
                      "S3": (5, 5, True), "S4": (0, 0, None), "ALL": (21, 12, False)},
    D("2024-12-31"): {"BT": (4, 4, True), "S1": (4, 3, True), "S2": (8, 6, True),
                      "S3": (5, 2, False), "S4": (0, 0, None), "UX": (1, 1, True),
                      "ALL": (22, 16, False)},
}

INDUCTION = [  # as_of, person, unit, status
    ("2024-12-31", "p1", "S1", "compliant"), ("2024-12-31", "p2", "S1", "compliant"),
    ("2024-12-31", "p3", "S1", "overdue"), ("2024-12-31", "p4", "S1", "not_required"),
    ("2024-12-31", "p5", "S2", "compliant"), ("2024-12-31", "p6", "S2", "in_progress"),
    ("2024-12-31", "p7", "S3", "not_required"), ("2024-12-31", "p8", "BT", "compliant"),
    ("2024-10-31", "p7", "S3", "compliant"),  # not the quarter's as-of date
]

REFRESHER = [  # year, person, unit, status
    (2024, "p1", "S1", "compliant"), (2024, "p2", "S1", "pending"),
    (2024, "p5", "S2", "compliant"), (2024, "p6", "S2", "compliant"),
    (2024, "p7", "S3", "pending"), (2024, "p9", "S4", "compliant"),
    (2023, "p7", "S3", "compliant"),  # another year
]

CHECKS = [  # inspection, mode, body, start, team_valid, publicity_status
    ("I1", "double_random", "S1", "2024-02-01", True, "on_time"),
    ("I2", "key", "S1", "2024-11-05", False, "not_required"),
    ("I3", "double_random", "S1", "2024-12-20", True, "pending"),
    ("I4", "double_random", "S2", "2024-03-01", True, "late"),
    ("I5", "double_random", "S2", "2024-05-01", True, "overdue"),
    ("I6", "double_random", "S2", "2024-10-10", True, "on_time"),
    ("I7", "special", "S3", "2024-06-01", False, "not_required"),
    ("I8", "double_random", "BT", "2024-07-01", True, "on_time"),
    ("I9", "key", "S1", "2023-12-31", False, "not_required"),  # the year before
    ("I10", "key", "S3", "2025-01-02", True, "not_required"),  # after the quarter
]

CONFLICTS = [  # year, enterprise, type, designated body
    (2024, "E1", "multiple_bodies", "S1"), (2024, "E1", "duplicate_inspection", "S1"),
    (2024, "E2", "non_designated_body", "S2"), (2024, "E3", "no_designated_body", None),
    (2023, "E4", "multiple_bodies", "S3"),
]

SUPERVISED = [  # year, enterprise, designated body (operating at the year end)
    (2024, "E1", "S1"), (2024, "E5", "S1"), (2024, "E6", "S1"), (2024, "E7", "S1"),
    (2024, "E2", "S2"), (2024, "E8", "S2"), (2024, "E9", "S3"), (2024, "E3", None),
    (2023, "E4", "S3"),
]

# 2024Q4, measure → unit → (numerator, denominator, value, rank); then the corps (num, den, value)
EXPECTED_Q4 = {
    # at 2024-12-31: S1 3/4 and S2 6/8 tie at 0.75 and share rank 1; S3 2/5 is third; S4 has
    # nobody in post. Corps: the ALL row, 16/22 (BT and the unlisted UX included).
    "professional_ratio": ({"S1": (3, 4, 0.75, 1), "S2": (6, 8, 0.75, 1),
                            "S3": (2, 5, 0.4, 3), "S4": (0, 0, None, None)}, (16, 22, 16 / 22)),
    # compliant ÷ not not_required: S1 2/3, S2 1/2, S3 only not_required (0/0), S4 no one.
    # Corps 4/6 (BT's 1/1 in it); the 2024-10-31 row of p7 is another as-of date.
    "induction_rate": ({"S1": (2, 3, 2 / 3, 1), "S2": (1, 2, 0.5, 2),
                        "S3": (0, 0, None, None), "S4": (0, 0, None, None)}, (4, 6, 4 / 6)),
    # 2024: S2 2/2 and S4 1/1 share rank 1, S1 1/2 is third, S3 0/1 fourth; corps 4/6.
    "refresher_rate": ({"S1": (1, 2, 0.5, 3), "S2": (2, 2, 1.0, 1),
                        "S3": (0, 1, 0.0, 4), "S4": (1, 1, 1.0, 1)}, (4, 6, 4 / 6)),
    # inspections started 2024-01-01..2024-12-31 (not I9, I10): S1 I1, I3 valid of I1-I3,
    # S2 3/3, S3 I7 invalid 0/1; corps with BT's I8: 6/8.
    "team_validity": ({"S1": (2, 3, 2 / 3, 2), "S2": (3, 3, 1.0, 1),
                       "S3": (0, 1, 0.0, 3), "S4": (0, 0, None, None)}, (6, 8, 0.75)),
    # double-random judged (pending I3 left out): S1 I1 on time 1/1; S2 I6 of I4-I6 1/3;
    # corps with I8: 3/5.
    "publicity_timeliness": ({"S1": (1, 1, 1.0, 1), "S2": (1, 3, 1 / 3, 2),
                              "S3": (0, 0, None, None), "S4": (0, 0, None, None)},
                             (3, 5, 0.6)),
    # findings of 2024 per 100 enterprises supervised: S1 2/4 → 50, S2 1/2 → 50 (sharing
    # rank 2 behind S3's 0/1 → 0), S4 supervises none. Corps: all 4 findings (E3's with no
    # designated body too) of 8 enterprises → 50.
    "conflicts_per_100": ({"S1": (2, 4, 50.0, 2), "S2": (1, 2, 50.0, 2),
                           "S3": (0, 1, 0.0, 1), "S4": (0, 0, None, None)}, (4, 8, 50.0)),
}
BELOW_TARGET_Q4 = ["S3"]  # meets_target false at 2024-12-31 (S4: nobody in post, no verdict)


def _create(con: duckdb.DuckDBPyConnection, table: str, columns: str, rows: list[tuple]) -> None:
    con.execute(f"create table marts.{table} ({columns})")
    if rows:
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"insert into marts.{table} values ({marks})", rows)


def write_upstream_marts(db_path: Path) -> None:
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema if not exists marts")
        kpi_rows = []
        for as_of, units in KPI.items():
            for unit, (in_post, qualified, meets) in units.items():
                row_type = {"ALL": "all", "UX": "unlisted_unit"}.get(unit, "unit")
                level = {"BT": "corps", "ALL": None, "UX": None}.get(unit, "division")
                name = NAMES.get(unit, "全兵团 (all units)" if unit == "ALL" else None)
                kpi_rows.append((as_of, unit, name, level, row_type, in_post, qualified,
                                 qualified / in_post if in_post else None, 0.75, meets))
        _create(con, "kpi_professional_ratio",
                "as_of_date date, unit_code varchar, unit_name varchar, unit_level varchar, "
                "row_type varchar, officers_in_post bigint, qualified_officers bigint, "
                "qualified_ratio double, target_ratio double, meets_target boolean", kpi_rows)
        _create(con, "training_induction_status",
                "as_of_date date, person_id varchar, unit_code varchar, status varchar",
                [(D(d), p, u, s) for d, p, u, s in INDUCTION])
        _create(con, "training_refresher_status",
                "year integer, person_id varchar, unit_code varchar, status varchar", REFRESHER)
        _create(con, "inspection_checks",
                "inspection_id varchar, inspection_mode varchar, body_code varchar, "
                "start_date date, team_valid boolean, publicity_status varchar, "
                "untrained_inspector boolean",  # read by the inspections page's totals
                [(i, m, b, D(s), v, p, False) for i, m, b, s, v, p in CHECKS])
        _create(con, "enforcement_body_conflicts",
                "year integer, uscc varchar, conflict_type varchar, designated_body varchar",
                CONFLICTS)
        _create(con, "supervision_frequency",
                "year integer, uscc varchar, designated_body varchar", SUPERVISED)
    finally:
        con.close()


def build_bulletin_warehouse(directory: Path) -> Path:
    db_path = Path(directory).resolve() / "bulletin.duckdb"
    write_upstream_marts(db_path)
    run_dbt(db_path, ["build", "--select", "bulletin_division_ranking"])
    return db_path
