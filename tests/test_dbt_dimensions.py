"""The analyst's dimensions (dim_violations, dim_enterprises) and the dense monthly penalty series,
on a small hand-made raw dataset, one `dbt build`, exact rows worked out by hand.

The dataset
-----------
now = 2021-06-30 (the latest extract date: penalties and inspections).
Units snapshots 2020-01-01 and 2021-01-01: C0 (corps), D1, D2 (divisions under C0); D1 is
renamed 一师 → 第一师 in 2021.
Enterprise registry snapshots 2020-06-30 and 2021-01-01:
    uscc  2020-06-30                  2021-01-01
    E1    甲化工, D1, body D1, red     甲化工有限公司, orange
    E2    乙储运, D2, body D2, orange  unchanged
    E3    丙, D1, no body, yellow      absent (left the registry)
    E9    in no registry; inspected (I2) and penalised (P3): an orphan
Discretion standards snapshots 2020-01-01 (V1 旧名: general, serious; V3: minor) and 2021-01-01
(V1 新名: general 0-2000, serious 2000-8000; V2: minor 0-500). V9 is in no standard.
Penalties (decision date, body, code, circumstance, fine, confiscation):
    P1 2021-02-15 D1 V1 general  1000  100
    P5 2021-02-20 D1 V1 serious  3000
    P4 2021-03-05 D1 V1 general  5000  revoked: left out of every trend
    P2 2021-04-10 D2 V2 minor     200
    P3 2021-04-20 D2 V9 general   300
"""
from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dbt_harness import insert_rows, make_warehouse, query, run_dbt  # noqa: E402

D = dt.date.fromisoformat


def _unit(code, name, level, parent, extract):
    return {"unit_code": code, "unit_name": name, "level": level, "parent_code": parent,
            "_extract_date": D(extract)}


def _enterprise(uscc, name, unit, body, risk, extract):
    return {"uscc": uscc, "enterprise_name": name, "unit_code": unit,
            "enterprise_type": "production", "risk_level": risk, "major_hazard_level": "none",
            "standardization_grade": "3", "designated_body": body, "status": "operating",
            "_extract_date": D(extract)}


def _standard(code, name, circumstance, low, high, extract):
    return {"violation_code": code, "violation_name": name, "legal_basis": f"basis {code}",
            "circumstance": circumstance, "fine_min": low, "fine_max": high,
            "_extract_date": D(extract)}


def _penalty(case_no, uscc, body, decision, code, circumstance, fine, confiscation=None,
             status="closed"):
    return {"case_no": case_no, "uscc": uscc, "body_code": body,
            "filed_date": D(decision) - dt.timedelta(days=3), "decision_date": D(decision),
            "violation_code": code, "circumstance": circumstance, "fine_amount": fine,
            "confiscation_amount": confiscation, "is_major": False, "status": status,
            "_extract_date": D("2021-06-30")}


def _load_dataset(db: Path) -> None:
    insert_rows(db, "units", [
        _unit("C0", "兵团局", "corps", None, "2020-01-01"),
        _unit("D1", "一师", "division", "C0", "2020-01-01"),
        _unit("D2", "二师", "division", "C0", "2020-01-01"),
        _unit("C0", "兵团局", "corps", None, "2021-01-01"),
        _unit("D1", "第一师", "division", "C0", "2021-01-01"),
        _unit("D2", "二师", "division", "C0", "2021-01-01"),
    ])
    insert_rows(db, "enterprises", [
        _enterprise("E1", "甲化工", "D1", "D1", "red", "2020-06-30"),
        _enterprise("E2", "乙储运", "D2", "D2", "orange", "2020-06-30"),
        _enterprise("E3", "丙", "D1", None, "yellow", "2020-06-30"),
        _enterprise("E1", "甲化工有限公司", "D1", "D1", "orange", "2021-01-01"),
        _enterprise("E2", "乙储运", "D2", "D2", "orange", "2021-01-01"),
    ])
    insert_rows(db, "discretion_standards", [
        _standard("V1", "旧名", "general", 0.0, 1000.0, "2020-01-01"),
        _standard("V1", "旧名", "serious", 1000.0, 5000.0, "2020-01-01"),
        _standard("V3", "三号", "minor", 0.0, 100.0, "2020-01-01"),
        _standard("V1", "新名", "general", 0.0, 2000.0, "2021-01-01"),
        _standard("V1", "新名", "serious", 2000.0, 8000.0, "2021-01-01"),
        _standard("V2", "二号", "minor", 0.0, 500.0, "2021-01-01"),
    ])
    insert_rows(db, "inspections", [
        {"inspection_id": iid, "inspection_mode": "key", "uscc": uscc, "body_code": body,
         "start_date": D(start), "end_date": D(start), "_extract_date": D("2021-06-30")}
        for iid, uscc, body, start in [("I1", "E1", "D1", "2021-03-01"),
                                       ("I2", "E9", "D2", "2021-05-01")]
    ])
    insert_rows(db, "penalties", [
        _penalty("P1", "E1", "D1", "2021-02-15", "V1", "general", 1000.0, 100.0),
        _penalty("P5", "E1", "D1", "2021-02-20", "V1", "serious", 3000.0),
        _penalty("P4", "E1", "D1", "2021-03-05", "V1", "general", 5000.0, status="revoked"),
        _penalty("P2", "E2", "D2", "2021-04-10", "V2", "minor", 200.0),
        _penalty("P3", "E9", "D2", "2021-04-20", "V9", "general", 300.0),
    ])


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = make_warehouse(tmp_path_factory.mktemp("dimensions"))
    _load_dataset(db)
    run_dbt(db, [
        "build", "--select", "+dim_violations", "+dim_enterprises", "+penalty_checks",
        "+inspection_checks", "+penalty_monthly", "+penalty_monthly_dense",
        "--indirect-selection", "cautious",
    ])
    return db


def test_dim_violations_names_from_the_latest_standard_listing_each_code(warehouse):
    rows = query(warehouse, """
        select violation_code, violation_name, band_count, fine_min, fine_max, standard_date,
               in_latest_standard
        from marts.dim_violations order by violation_code""")
    assert rows == [
        # V1: the 2021 standard renamed it; its two bands span 0 .. 8000.
        ("V1", "新名", 2, Decimal("0.00"), Decimal("8000.00"), D("2021-01-01"), True),
        ("V2", "二号", 1, Decimal("0.00"), Decimal("500.00"), D("2021-01-01"), True),
        # V3: only the 2020 standard lists it; kept under its last name.
        ("V3", "三号", 1, Decimal("0.00"), Decimal("100.00"), D("2020-01-01"), False),
        # V9: only penalty P3 names it; no standard ever did.
        ("V9", None, 0, None, None, None, False),
    ]


def test_dim_enterprises_as_of_the_latest_registry_listing_each(warehouse):
    rows = query(warehouse, """
        select uscc, enterprise_name, unit_code, unit_name, designated_body,
               designated_body_name, risk_level, registry_date, in_latest_registry, in_registry
        from marts.dim_enterprises order by uscc""")
    assert rows == [
        # E1 renamed and re-rated in 2021; D1's name is that of the latest units snapshot.
        ("E1", "甲化工有限公司", "D1", "第一师", "D1", "第一师", "orange", D("2021-01-01"), True, True),
        ("E2", "乙储运", "D2", "二师", "D2", "二师", "orange", D("2021-01-01"), True, True),
        # E3 left the registry after 2020-06-30: its last row, flagged.
        ("E3", "丙", "D1", "第一师", None, None, "yellow", D("2020-06-30"), False, True),
        # E9: named by I2 and P3 only.
        ("E9", None, None, None, None, None, None, None, False, False),
    ]


def test_every_fact_code_joins_to_one_dimension_row(warehouse):
    # Five cases and two inspections: an inner join with the dimensions loses none and
    # duplicates none.
    assert query(warehouse, """
        select count(*) from marts.penalty_checks p
        join marts.dim_violations v using (violation_code)
        join marts.dim_enterprises e using (uscc)""") == [(5,)]
    assert query(warehouse, """
        select count(*) from marts.inspection_checks i
        join marts.dim_enterprises e using (uscc)""") == [(2,)]


def test_dim_units_has_names_and_parents(warehouse):
    assert query(warehouse, """
        select unit_code, unit_name, parent_code, parent_name from marts.dim_units
        order by unit_code""") == [
        ("C0", "兵团局", None, None),
        ("D1", "第一师", "C0", "兵团局"),
        ("D2", "二师", "C0", "兵团局"),
    ]


def test_dense_monthly_series_has_a_zero_row_for_every_empty_month_and_body(warehouse):
    rows = query(warehouse, """
        select month, body_code, cases, fine_total, fine_median, confiscation_total
        from marts.penalty_monthly_dense order by month, body_code""")
    # First decision month 2021-02 (P1) to the month of now (2021-06): 5 months × C0, D1, D2.
    zero = (0, Decimal("0.00"), None, Decimal("0.00"))
    expected = {(D(f"2021-0{m}-01"), body): zero for m in range(2, 7) for body in ("C0", "D1", "D2")}
    # P1 + P5: 1000 + 3000, median 2000, confiscation 100.
    expected[(D("2021-02-01"), "D1")] = (2, Decimal("4000.00"), Decimal("2000.00"), Decimal("100.00"))
    # March: only the revoked P4, so D1 has a zero row.
    # P2 + P3 (codes V2 and V9): 200 + 300, median 250.
    expected[(D("2021-04-01"), "D2")] = (2, Decimal("500.00"), Decimal("250.00"), Decimal("0.00"))
    assert rows == [(*key, *value) for key, value in sorted(expected.items())]


def test_dense_series_equals_penalty_monthly_where_cases_exist(warehouse):
    # penalty_monthly summed over violation code and circumstance gives the non-zero dense rows.
    assert query(warehouse, """
        select month, body_code, sum(cases), sum(fine_total), sum(confiscation_total)
        from marts.penalty_monthly group by month, body_code
        except
        select month, body_code, cases, fine_total, confiscation_total
        from marts.penalty_monthly_dense""") == []
    assert query(warehouse, """
        select count(*), sum(cases) from marts.penalty_monthly_dense where cases > 0""") == [(2, 4)]
