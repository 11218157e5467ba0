-- R5: every person on the current team of an inspection, evaluated by their roster state at the
-- inspection's start_date (officer, in post, valid certificate, induction as R2 would see it).

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
        valid_from,
        valid_to,
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

team as (
    select
        staff.inspection_id,
        staff.person_id,
        staff.role,
        inspections.start_date
    from staff
    inner join inspections
        on staff.inspection_id = inspections.inspection_id
),

team_state as (
    select
        team.inspection_id,
        team.person_id,
        team.role,
        team.start_date,
        person_state.person_id is not null as in_roster,
        person_state.staff_category,
        person_state.hire_date,
        person_state.separation_date,
        person_state.cert_no,
        person_state.cert_expiry
    from team
    left join person_state
        on
            team.person_id = person_state.person_id
            and person_state.valid_from <= team.start_date
            and team.start_date < person_state.valid_to
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
        params.induction_min_days
    from team_state
    cross join params
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
        as induction_incomplete
from evaluated
