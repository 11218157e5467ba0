-- R5: every person on the current team of an inspection, evaluated by their roster state at the
-- inspection's start_date (officer, in post, valid certificate, induction as R2 would see it).
--
-- Incremental (docs/performance.md): a run evaluates again the whole team of every inspection
-- that anything loaded since the last build can change - a new version of the inspection, a new
-- team, a changed induction record of a member that starts on or before the start date (every
-- person any version of it names), a roster snapshot in force at the start date that is another
-- one now or was re-delivered, other parameters - and replaces those inspections' rows.
-- load_seq = the newest load of the inputs at the build that wrote the row.
{{ config(materialized=incremental_where_supported(), unique_key='inspection_id') }}
-- depends_on (read on incremental runs only): {{ ref('stg_training') }}, {{ ref('stg_roster') }},
-- {{ source('raw', 'training') }}

with inspections as (
    select
        inspection_id,
        start_date
    from {{ ref('stg_inspections') }}
),

staff as (
    select
        inspection_id,
        person_id,
        role
    from {{ ref('stg_inspection_staff') }}
),

params as (
    select
        policy_effective_date,
        induction_min_days
    from {{ ref('int_policy_parameters') }}
),

person_state as (
    select
        person_id,
        snapshot_date,
        staff_category,
        hire_date,
        separation_date,
        cert_no,
        cert_expiry
    from {{ ref('int_person_state') }}
),

induction_islands as (
    select
        person_id,
        island_start,
        island_end
    from {{ ref('int_training_islands') }}
    where training_type = 'induction'
),

-- the newest load of the inputs (their load_seq is that of the current version / snapshot)
built_load_seq as (
    select max(load_seq) as load_seq
    from (
        select max(load_seq) as load_seq from {{ ref('stg_inspections') }}
        union all
        select max(load_seq) from {{ ref('stg_inspection_staff') }}
        union all
        select max(load_seq) from {{ ref('stg_training') }}
        union all
        select max(load_seq) from {{ ref('stg_roster') }}
    ) as loads
),
{%- if is_incremental() %}

previous as (
    select
        inspection_id,
        person_id,
        start_date,
        roster_snapshot_date,
        policy_effective_date,
        induction_min_days
    from {{ this }}
),

previous_snapshots as (
    {{ snapshot_in_force(ref('int_person_state'), 'previous', 'start_date') }}
),

-- people whose induction days can differ: any version of a changed record that is an induction
-- record names them; days before its start date are not touched, so only inspections starting
-- on or after it can change
changed_induction as (
    select
        person_id,
        min(start_date) as changed_from
    from {{ source('raw', 'training') }}
    where
        training_type = 'induction'
        and record_id in (
            select record_id
            from {{ ref('stg_training') }}
            where load_seq > {{ seen_load_seq() }}
        )
    group by person_id
),

affected as (
    select inspection_id
    from {{ ref('stg_inspections') }}
    where load_seq > {{ seen_load_seq() }}

    union

    select inspection_id
    from {{ ref('stg_inspection_staff') }}
    where load_seq > {{ seen_load_seq() }}

    union

    select previous.inspection_id
    from previous
    cross join params
    left join previous_snapshots
        on previous.start_date = previous_snapshots.start_date
    left join changed_induction
        on previous.person_id = changed_induction.person_id
    where
        previous.start_date >= changed_induction.changed_from
        or previous.roster_snapshot_date <> previous_snapshots.snapshot_date
        or (previous.roster_snapshot_date is null) <> (previous_snapshots.snapshot_date is null)
        or previous.roster_snapshot_date in (
            select extract_date
            from {{ ref('stg_roster') }}
            where load_seq > {{ seen_load_seq() }}
        )
        or previous.policy_effective_date <> params.policy_effective_date
        or previous.induction_min_days <> params.induction_min_days
),
{%- endif %}

team as (
    select
        staff.inspection_id,
        staff.person_id,
        staff.role,
        inspections.start_date
    from staff
    inner join inspections
        on staff.inspection_id = inspections.inspection_id
    {%- if is_incremental() %}
    where staff.inspection_id in (select inspection_id from affected)
    {%- endif %}
),

start_snapshots as (
    {{ snapshot_in_force(ref('int_person_state'), 'team', 'start_date') }}
),

team_state as (
    select
        team.inspection_id,
        team.person_id,
        team.role,
        team.start_date,
        start_snapshots.snapshot_date as roster_snapshot_date,
        person_state.person_id is not null as in_roster,
        person_state.staff_category,
        person_state.hire_date,
        person_state.separation_date,
        person_state.cert_no,
        person_state.cert_expiry
    from team
    left join start_snapshots
        on team.start_date = start_snapshots.start_date
    left join person_state
        on
            team.person_id = person_state.person_id
            and start_snapshots.snapshot_date = person_state.snapshot_date
),

-- covered days of passed induction training up to and including start_date
induction_days as (
    select
        team.inspection_id,
        team.person_id,
        sum(
            {{ covered_days('induction_islands.island_start', 'induction_islands.island_end',
                            'null', 'team.start_date') }}
        ) as induction_days
    from team
    inner join induction_islands
        on
            team.person_id = induction_islands.person_id
            and induction_islands.island_start <= team.start_date
    group by team.inspection_id, team.person_id
),

evaluated as (
    select
        team_state.inspection_id,
        team_state.person_id,
        team_state.role,
        team_state.start_date,
        team_state.roster_snapshot_date,
        team_state.in_roster,
        team_state.staff_category,
        team_state.hire_date,
        team_state.cert_expiry,
        coalesce(team_state.role, '') <> 'expert' as counts_by_role,
        coalesce(team_state.staff_category = 'officer', false) as is_officer,
        coalesce(
            team_state.hire_date <= team_state.start_date
            and (
                team_state.separation_date is null
                or team_state.separation_date > team_state.start_date
            ),
            false
        ) as in_post,
        coalesce(
            team_state.cert_no is not null and trim(team_state.cert_no) <> '', false
        ) as has_certificate,
        coalesce(
            team_state.cert_no is not null
            and trim(team_state.cert_no) <> ''
            and team_state.cert_expiry >= team_state.start_date,
            false
        ) as has_valid_certificate,
        coalesce(
            team_state.staff_category = 'officer'
            and team_state.hire_date >= params.policy_effective_date,
            false
        ) as in_induction_scope,
        cast(coalesce(induction_days.induction_days, 0) as integer) as induction_days,
        params.induction_min_days,
        params.policy_effective_date,
        built_load_seq.load_seq
    from team_state
    cross join params
    cross join built_load_seq
    left join induction_days
        on
            team_state.inspection_id = induction_days.inspection_id
            and team_state.person_id = induction_days.person_id
)

select
    inspection_id,
    person_id,
    role,
    start_date,
    in_roster,
    staff_category,
    hire_date,
    cert_expiry,
    counts_by_role,
    is_officer,
    in_post,
    has_certificate,
    has_valid_certificate,
    counts_by_role and is_officer and in_post and has_valid_certificate as is_qualified_officer,
    in_induction_scope,
    induction_days,
    induction_min_days,
    counts_by_role and in_induction_scope and induction_days < induction_min_days
        as induction_incomplete,
    roster_snapshot_date,
    policy_effective_date,
    load_seq
from evaluated
