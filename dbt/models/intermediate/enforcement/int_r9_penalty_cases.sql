-- R9: one row per penalty case (revoked included) with everything the penalty marts need:
-- discretion band, legal review, publicity, payment, referral and the enterprise's risk level at
-- the decision date.

with penalties as (
    select
        case_no,
        uscc,
        body_code,
        inspection_id,
        filed_date,
        decision_date,
        violation_code,
        circumstance,
        fine_amount,
        confiscation_amount,
        other_measures,
        is_major,
        legal_review_date,
        publicity_date,
        paid_date,
        referred_to_judiciary,
        status,
        file_name as source_file,
        source_row_number
    from {{ ref('stg_penalties') }}
),

params as (
    select penalty_publicity_workdays
    from {{ ref('int_policy_parameters') }}
),

now_date as (
    select now_date
    from {{ ref('int_now') }}
),

calendar as (
    select
        calendar_date,
        is_workday,
        workday_seq
    from {{ ref('int_calendar_workdays') }}
),

discretion as (
    select
        violation_code,
        circumstance,
        valid_from,
        valid_to,
        fine_min,
        fine_max
    from {{ ref('int_discretion_state') }}
),

enterprise_state as (
    select
        uscc,
        snapshot_date,
        risk_level
    from {{ ref('int_enterprise_state') }}
),

decision_snapshots as (
    {{ snapshot_in_force(ref('int_enterprise_state'), 'penalties', 'decision_date') }}
),

-- the N-th working day strictly after decision_date
deadlines as (
    select
        penalties.case_no,
        deadline_day.calendar_date as publicity_deadline
    from penalties
    cross join params
    inner join calendar as decision_day
        on penalties.decision_date = decision_day.calendar_date
    inner join calendar as deadline_day
        on
            deadline_day.is_workday
            and deadline_day.workday_seq
            = decision_day.workday_seq + params.penalty_publicity_workdays
),

joined as (
    select
        penalties.*,
        penalties.status = 'revoked' as is_revoked,
        discretion.fine_min,
        discretion.fine_max,
        discretion.violation_code is not null as has_standard,
        enterprise_state.risk_level,
        deadlines.publicity_deadline,
        params.penalty_publicity_workdays,
        now_date.now_date
    from penalties
    cross join params
    cross join now_date
    left join discretion
        on
            penalties.violation_code = discretion.violation_code
            and penalties.circumstance = discretion.circumstance
            and discretion.valid_from <= penalties.decision_date
            and penalties.decision_date < discretion.valid_to
    left join decision_snapshots
        on penalties.decision_date = decision_snapshots.decision_date
    left join enterprise_state
        on
            penalties.uscc = enterprise_state.uscc
            and decision_snapshots.snapshot_date = enterprise_state.snapshot_date
    left join deadlines
        on penalties.case_no = deadlines.case_no
)

select
    case_no,
    uscc,
    body_code,
    inspection_id,
    filed_date,
    decision_date,
    cast({{ dbt.date_trunc('month', 'decision_date') }} as date) as decision_month,
    cast(extract(year from decision_date) as integer) as decision_year,
    violation_code,
    circumstance,
    fine_amount,
    coalesce(confiscation_amount, 0) as confiscation_amount,
    other_measures,
    is_major,
    status,
    is_revoked,
    fine_min,
    fine_max,
    case
        when not has_standard then 'no_standard'
        when fine_amount < fine_min then 'below'
        when fine_amount > fine_max then 'above'
        else 'within'
    end as band_status,
    legal_review_date,
    case
        when not is_major then 'not_required'
        when legal_review_date is null then 'missing'
        when legal_review_date <= decision_date then 'ok'
        else 'after_decision'
    end as legal_review_status,
    penalty_publicity_workdays,
    publicity_deadline,
    publicity_date,
    case
        when publicity_deadline is null then null
        when publicity_date is not null and publicity_date <= publicity_deadline then 'on_time'
        when publicity_date is not null then 'late'
        when now_date > publicity_deadline then 'overdue'
        else 'pending'
    end as publicity_status,
    paid_date,
    paid_date is not null as paid,
    coalesce(referred_to_judiciary, false) as referred,
    risk_level,
    now_date,
    source_file,
    source_row_number
from joined
