-- R8: average inspections per operating enterprise, per year, by risk level and by
-- standardization grade (one row per year, dimension and level).

with frequency as (
    select
        year,
        risk_level,
        standardization_grade,
        inspections,
        under_inspected,
        is_year_to_date,
        min_inspections_red,
        min_inspections_orange,
        min_inspections_yellow,
        min_inspections_blue
    from {{ ref('supervision_frequency') }}
),

by_level as (
    select
        year,
        'risk_level' as dimension,
        risk_level as level,
        inspections,
        under_inspected,
        is_year_to_date,
        min_inspections_red,
        min_inspections_orange,
        min_inspections_yellow,
        min_inspections_blue
    from frequency

    union all

    select
        year,
        'standardization_grade' as dimension,
        standardization_grade as level,
        inspections,
        under_inspected,
        is_year_to_date,
        min_inspections_red,
        min_inspections_orange,
        min_inspections_yellow,
        min_inspections_blue
    from frequency
)

select
    year,
    dimension,
    level,
    count(*) as enterprises,
    cast(sum(inspections) as bigint) as inspections,
    cast(sum(inspections) as double) / count(*) as avg_inspections_per_enterprise,
    cast(sum(case when under_inspected then 1 else 0 end) as bigint)
        as under_inspected_enterprises,
    is_year_to_date,
    min_inspections_red,
    min_inspections_orange,
    min_inspections_yellow,
    min_inspections_blue
from by_level
group by
    year, dimension, level, is_year_to_date,
    min_inspections_red, min_inspections_orange, min_inspections_yellow, min_inspections_blue
