-- One row per enterprise and registry snapshot it appears in (the enterprise page): its state,
-- the period that snapshot was in force, and which attributes changed against the enterprise's
-- previous snapshot row. Enterprise data only, no personal data.

with states as (
    select
        uscc,
        snapshot_date,
        valid_from,
        valid_to,
        enterprise_name,
        unit_code,
        park_name,
        enterprise_type,
        risk_level,
        major_hazard_level,
        standardization_grade,
        designated_body,
        status
    from {{ ref('int_enterprise_state') }}
),

with_previous as (
    select
        states.*,
        lag(snapshot_date) over (partition by uscc order by snapshot_date)
            as previous_snapshot_date,
        lag(risk_level) over (partition by uscc order by snapshot_date) as previous_risk_level,
        lag(standardization_grade) over (partition by uscc order by snapshot_date)
            as previous_standardization_grade,
        lag(major_hazard_level) over (partition by uscc order by snapshot_date)
            as previous_major_hazard_level,
        lag(designated_body) over (partition by uscc order by snapshot_date)
            as previous_designated_body,
        lag(status) over (partition by uscc order by snapshot_date) as previous_status,
        lag(enterprise_name) over (partition by uscc order by snapshot_date)
            as previous_enterprise_name,
        lag(unit_code) over (partition by uscc order by snapshot_date) as previous_unit_code,
        lag(valid_to) over (partition by uscc order by snapshot_date) as previous_valid_to,
        max(snapshot_date) over () as latest_snapshot_date
    from states
),

flags as (
    select
        *,
        previous_snapshot_date is null as is_first_appearance,
        previous_snapshot_date is not null and previous_valid_to < valid_from as reappeared,
        -- "is distinct from" by hand, for portability
        case when previous_snapshot_date is null then false
            when previous_risk_level is null and risk_level is null then false
            when previous_risk_level is null or risk_level is null then true
            else previous_risk_level <> risk_level end as risk_level_changed,
        case when previous_snapshot_date is null then false
            when previous_standardization_grade is null and standardization_grade is null
                then false
            when previous_standardization_grade is null or standardization_grade is null then true
            else previous_standardization_grade <> standardization_grade end
            as standardization_grade_changed,
        case when previous_snapshot_date is null then false
            when previous_major_hazard_level is null and major_hazard_level is null then false
            when previous_major_hazard_level is null or major_hazard_level is null then true
            else previous_major_hazard_level <> major_hazard_level end
            as major_hazard_level_changed,
        case when previous_snapshot_date is null then false
            when previous_designated_body is null and designated_body is null then false
            when previous_designated_body is null or designated_body is null then true
            else previous_designated_body <> designated_body end as designated_body_changed,
        case when previous_snapshot_date is null then false
            when previous_status is null and status is null then false
            when previous_status is null or status is null then true
            else previous_status <> status end as status_changed,
        case when previous_snapshot_date is null then false
            when previous_enterprise_name is null and enterprise_name is null then false
            when previous_enterprise_name is null or enterprise_name is null then true
            else previous_enterprise_name <> enterprise_name end as enterprise_name_changed,
        case when previous_snapshot_date is null then false
            when previous_unit_code is null and unit_code is null then false
            when previous_unit_code is null or unit_code is null then true
            else previous_unit_code <> unit_code end as unit_code_changed
    from with_previous
)

select
    uscc,
    snapshot_date,
    valid_from,
    valid_to,
    snapshot_date = latest_snapshot_date as in_latest_snapshot,
    enterprise_name,
    unit_code,
    park_name,
    enterprise_type,
    risk_level,
    major_hazard_level,
    standardization_grade,
    designated_body,
    status,
    previous_snapshot_date,
    is_first_appearance,
    reappeared,
    enterprise_name_changed,
    unit_code_changed,
    risk_level_changed,
    major_hazard_level_changed,
    standardization_grade_changed,
    designated_body_changed,
    status_changed,
    previous_risk_level,
    previous_designated_body,
    previous_status
from flags
