-- R7: inspections whose mode is not in conflict_exempt_modes, with the enterprise's designated
-- body at the inspection's start_date (null when none is designated or the enterprise is not in
-- the registry snapshot in force then).

with params as (
    select
        -- ',complaint,accident,' so that a mode matches only as a whole item
        ',' || replace(coalesce(conflict_exempt_modes, ''), ' ', '') || ',' as exempt_modes
    from {{ ref('int_policy_parameters') }}
),

inspections as (
    select
        inspection_id,
        inspection_mode,
        uscc,
        body_code,
        start_date
    from {{ ref('stg_inspections') }}
),

enterprise_state as (
    select
        uscc,
        snapshot_date,
        designated_body
    from {{ ref('int_enterprise_state') }}
),

start_snapshots as (
    {{ snapshot_in_force(ref('int_enterprise_state'), 'inspections', 'start_date') }}
)

select
    inspections.inspection_id,
    inspections.inspection_mode,
    inspections.uscc,
    inspections.body_code,
    inspections.start_date,
    cast(extract(year from inspections.start_date) as integer) as year,
    enterprise_state.designated_body as designated_body_at_start
from inspections
cross join params
left join start_snapshots
    on inspections.start_date = start_snapshots.start_date
left join enterprise_state
    on
        inspections.uscc = enterprise_state.uscc
        and start_snapshots.snapshot_date = enterprise_state.snapshot_date
where position(',' || inspections.inspection_mode || ',' in params.exempt_modes) = 0
