-- R5: problems with inspection teams, one row per inspection, finding type and person
-- (person_id is null for findings about the team as a whole). Staff in the role `expert` are
-- outside the team count and are not examined.

with staff_checks as (
    select
        inspection_id,
        person_id,
        role,
        start_date,
        in_roster,
        staff_category,
        is_officer,
        in_post,
        has_certificate,
        has_valid_certificate,
        cert_expiry,
        hire_date,
        in_induction_scope,
        induction_days,
        induction_min_days,
        induction_incomplete
    from {{ ref('int_r5_inspection_staff_checks') }}
    where counts_by_role
),

inspections as (
    select
        inspection_id,
        body_code,
        start_date,
        staff_count,
        qualified_officers,
        min_officers_per_inspection,
        induction_min_days,
        policy_effective_date,
        team_valid
    from {{ ref('inspection_checks') }}
),

person_findings as (
    select
        inspection_id,
        person_id,
        role,
        'absent_from_roster' as finding_type,
        'not in the roster in force at the start date' as detail
    from staff_checks
    where not in_roster

    union all

    select
        inspection_id,
        person_id,
        role,
        'not_officer' as finding_type,
        'staff category ' || staff_category || ' does not count as an officer' as detail
    from staff_checks
    where in_roster and not is_officer

    union all

    select
        inspection_id,
        person_id,
        role,
        'not_in_post' as finding_type,
        'not in post at the start date (hired ' || coalesce(cast(hire_date as {{ dbt.type_string() }}), '?')
        || ')' as detail
    from staff_checks
    where in_roster and not in_post

    union all

    select
        inspection_id,
        person_id,
        role,
        'no_valid_certificate' as finding_type,
        case
            when not has_certificate then 'no enforcement certificate'
            when cert_expiry is null then 'certificate without expiry date'
            else 'certificate expired ' || cast(cert_expiry as {{ dbt.type_string() }})
        end as detail
    from staff_checks
    where in_roster and is_officer and not has_valid_certificate

    union all

    select
        inspection_id,
        person_id,
        role,
        'induction_incomplete' as finding_type,
        cast(induction_days as {{ dbt.type_string() }}) || ' of ' || cast(induction_min_days as {{ dbt.type_string() }})
        || ' induction days at the start date' as detail
    from staff_checks
    where induction_incomplete
),

team_findings as (
    select
        inspection_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(null as {{ dbt.type_string() }}) as role,
        'team_too_small' as finding_type,
        cast(qualified_officers as {{ dbt.type_string() }}) || ' qualified officer(s) of '
        || cast(staff_count as {{ dbt.type_string() }}) || ' staff; '
        || cast(min_officers_per_inspection as {{ dbt.type_string() }}) || ' required' as detail
    from inspections
    where not team_valid
),

findings as (
    select * from person_findings
    union all
    select * from team_findings
)

select
    findings.inspection_id,
    findings.finding_type,
    findings.person_id,
    findings.role,
    inspections.body_code,
    inspections.start_date,
    findings.detail,
    inspections.min_officers_per_inspection,
    inspections.induction_min_days,
    inspections.policy_effective_date
from findings
inner join inspections
    on findings.inspection_id = inspections.inspection_id
