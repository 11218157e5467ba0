-- R8: one row per year and enterprise operating in its state at Y-12-31: inspections started in
-- the year (all modes) against the minimum for its risk level in that state.

with years as (
    select
        year,
        year_start,
        year_end,
        is_year_to_date
    from {{ ref('int_r7_years') }}
),

params as (
    select
        min_inspections_red,
        min_inspections_orange,
        min_inspections_yellow,
        min_inspections_blue
    from {{ ref('int_policy_parameters') }}
),

enterprise_state as (
    select
        uscc,
        valid_from,
        valid_to,
        unit_code,
        risk_level,
        standardization_grade,
        major_hazard_level,
        designated_body,
        status
    from {{ ref('int_enterprise_state') }}
),

inspections as (
    select
        uscc,
        cast(extract(year from start_date) as integer) as year,
        count(*) as inspections
    from {{ ref('stg_inspections') }}
    group by uscc, cast(extract(year from start_date) as integer)
),

operating_at_year_end as (
    select
        years.year,
        years.is_year_to_date,
        enterprise_state.uscc,
        enterprise_state.unit_code,
        enterprise_state.risk_level,
        enterprise_state.standardization_grade,
        enterprise_state.major_hazard_level,
        enterprise_state.designated_body
    from years
    inner join enterprise_state
        on
            enterprise_state.valid_from <= years.year_end
            and years.year_end < enterprise_state.valid_to
    where enterprise_state.status = 'operating'
),

joined as (
    select
        operating_at_year_end.year,
        operating_at_year_end.uscc,
        operating_at_year_end.unit_code,
        operating_at_year_end.designated_body,
        operating_at_year_end.risk_level,
        operating_at_year_end.standardization_grade,
        operating_at_year_end.major_hazard_level,
        cast(coalesce(inspections.inspections, 0) as integer) as inspections,
        cast(
            case operating_at_year_end.risk_level
                when 'red' then params.min_inspections_red
                when 'orange' then params.min_inspections_orange
                when 'yellow' then params.min_inspections_yellow
                when 'blue' then params.min_inspections_blue
            end as integer
        ) as required_inspections,
        operating_at_year_end.is_year_to_date,
        params.min_inspections_red,
        params.min_inspections_orange,
        params.min_inspections_yellow,
        params.min_inspections_blue
    from operating_at_year_end
    cross join params
    left join inspections
        on
            operating_at_year_end.uscc = inspections.uscc
            and operating_at_year_end.year = inspections.year
)

select
    year,
    uscc,
    unit_code,
    designated_body,
    risk_level,
    standardization_grade,
    major_hazard_level,
    inspections,
    required_inspections,
    inspections < required_inspections as under_inspected,
    is_year_to_date,
    min_inspections_red,
    min_inspections_orange,
    min_inspections_yellow,
    min_inspections_blue
from joined
