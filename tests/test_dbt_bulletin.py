"""marts.bulletin_division_ranking on hand-made marts (tests/bulletin_fixture.py): the quarter's
figure, the year-to-date window, the ranking direction and shared ranks, the corps figure."""
from __future__ import annotations

import pytest

from bulletin_fixture import BELOW_TARGET_Q4, D, EXPECTED_Q4, build_bulletin_warehouse
from dbt_harness import query


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_bulletin_warehouse(tmp_path_factory.mktemp("bulletin_mart"))


def test_quarters_and_their_as_of_dates(warehouse):
    rows = query(warehouse, """
        select distinct quarter, quarter_start, quarter_end, as_of_date, period_start
        from marts.bulletin_division_ranking order by quarter""")
    assert rows == [
        ("2024Q3", D("2024-07-01"), D("2024-09-30"), D("2024-09-30"), D("2024-01-01")),
        # two snapshots in the quarter: the later one is the quarter's figure
        ("2024Q4", D("2024-10-01"), D("2024-12-31"), D("2024-12-31"), D("2024-01-01")),
    ]


def test_q4_every_division_and_measure(warehouse):
    rows = query(warehouse, """
        select measure, unit_code, numerator, denominator, value, rank,
               corps_numerator, corps_denominator, corps_value
        from marts.bulletin_division_ranking where quarter = '2024Q4'
        order by measure_order, unit_code""")
    got = {}
    for measure, unit, num, den, value, rank, c_num, c_den, c_value in rows:
        units, corps = got.setdefault(measure, ({}, (c_num, c_den, c_value)))
        units[unit] = (num, den, value, rank)
    assert list(got) == list(EXPECTED_Q4)  # the bulletin's order (measure_order)
    for measure, (units, (c_num, c_den, c_value)) in EXPECTED_Q4.items():
        got_units, (g_num, g_den, g_value) = got[measure]
        # only divisions are ranked: not the corps bureau BT, not the unlisted UX
        assert sorted(got_units) == ["S1", "S2", "S3", "S4"], measure
        for unit, (num, den, value, rank) in units.items():
            g = got_units[unit]
            assert g[:2] == (num, den) and g[3] == rank, (measure, unit, g)
            assert g[2] == (pytest.approx(value) if value is not None else None), (measure, unit)
        assert (g_num, g_den) == (c_num, c_den) and g_value == pytest.approx(c_value), measure


def test_q4_target_and_units_ranked(warehouse):
    rows = query(warehouse, """
        select measure, unit_code, target, meets_target, units_ranked, higher_is_better
        from marts.bulletin_division_ranking where quarter = '2024Q4'
        and measure in ('professional_ratio', 'conflicts_per_100') order by measure, unit_code""")
    assert rows == [
        ("conflicts_per_100", "S1", None, None, 3, False),
        ("conflicts_per_100", "S2", None, None, 3, False),
        ("conflicts_per_100", "S3", None, None, 3, False),
        ("conflicts_per_100", "S4", None, None, 3, False),
        ("professional_ratio", "S1", 0.75, True, 3, True),
        ("professional_ratio", "S2", 0.75, True, 3, True),
        ("professional_ratio", "S3", 0.75, False, 3, True),
        ("professional_ratio", "S4", 0.75, None, 3, True),
    ]
    below = [u for m, u, _, meets, _, _ in rows if m == "professional_ratio" and meets is False]
    assert below == BELOW_TARGET_Q4


def test_q3_counts_inspections_up_to_its_own_end(warehouse):
    rows = query(warehouse, """
        select measure, unit_code, numerator, denominator, rank
        from marts.bulletin_division_ranking
        where quarter = '2024Q3' and unit_code in ('S1', 'S2', 'S3')
          and measure in ('professional_ratio', 'team_validity', 'publicity_timeliness',
                          'induction_rate')
        order by measure_order, unit_code""")
    assert rows == [
        # 2024-09-30: S3 5/5 first, S1 2/4 and S2 4/8 share rank 2
        ("professional_ratio", "S1", 2, 4, 2), ("professional_ratio", "S2", 4, 8, 2),
        ("professional_ratio", "S3", 5, 5, 1),
        # no induction rows at 2024-09-30: no figure, no rank
        ("induction_rate", "S1", 0, 0, None), ("induction_rate", "S2", 0, 0, None),
        ("induction_rate", "S3", 0, 0, None),
        # up to 2024-09-30: S1 I1 1/1, S2 I4 I5 2/2 (a tie), S3 I7 0/1
        ("team_validity", "S1", 1, 1, 1), ("team_validity", "S2", 2, 2, 1),
        ("team_validity", "S3", 0, 1, 3),
        # S2's I4 late and I5 overdue: 0/2; I6 starts in October
        ("publicity_timeliness", "S1", 1, 1, 1), ("publicity_timeliness", "S2", 0, 2, 2),
        ("publicity_timeliness", "S3", 0, 0, None),
    ]
