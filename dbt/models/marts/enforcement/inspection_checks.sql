-- R5: one row per inspection: team validity, inspectors without completed induction, task
-- validity and publicity of double-random results.

with inspections as (
    select
        inspection_id,
        inspection_mode,
        task_id,
        uscc,
        body_code,
        start_date,
        end_date,
        publicity_date,
        file_name as source_file,
        source_row_number
    from {{ ref('stg_inspections') }}
),

tasks as (
    select
        task_id,
        draw_date
    from {{ ref('stg_random_tasks') }}
),

params as (
    select
        policy_effective_date,
        induction_min_days,
        min_officers_per_inspection,
        random_publicity_workdays
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

team as (
    select
        inspection_id,
        count(*) as staff_count,
        sum(case when is_qualified_officer then 1 else 0 end) as qualified_officers,
        sum(case when counts_by_role and not in_roster then 1 else 0 end)
            as staff_absent_from_roster,
        max(case when induction_incomplete then 1 else 0 end) as has_untrained_inspector
    from {{ ref('int_r5_inspection_staff_checks') }}
    group by inspection_id
),

-- the N-th working day strictly after end_date: workday_seq counts working days on or before a date
deadlines as (
    select
        inspections.inspection_id,
        deadline_day.calendar_date as publicity_deadline
    from inspections
    cross join params
    inner join calendar as end_day
        on inspections.end_date = end_day.calendar_date
    inner join calendar as deadline_day
        on
            deadline_day.is_workday
            and deadline_day.workday_seq = end_day.workday_seq + params.random_publicity_workdays
    where inspections.inspection_mode = 'double_random'
),

joined as (
    select
        inspections.inspection_id,
        inspections.inspection_mode,
        inspections.task_id,
        inspections.uscc,
        inspections.body_code,
        inspections.start_date,
        inspections.end_date,
        coalesce(team.staff_count, 0) as staff_count,
        cast(coalesce(team.qualified_officers, 0) as integer) as qualified_officers,
        cast(coalesce(team.staff_absent_from_roster, 0) as integer) as staff_absent_from_roster,
        coalesce(team.has_untrained_inspector, 0) = 1 as untrained_inspector,
        case
            when inspections.inspection_mode = 'double_random' then tasks.task_id is not null
        end as task_known,
        case when inspections.inspection_mode = 'double_random' then tasks.draw_date end
            as draw_date,
        deadlines.publicity_deadline,
        inspections.publicity_date,
        now_date.now_date,
        params.min_officers_per_inspection,
        params.induction_min_days,
        params.policy_effective_date,
        params.random_publicity_workdays,
        inspections.source_file,
        inspections.source_row_number
    from inspections
    cross join params
    cross join now_date
    left join team
        on inspections.inspection_id = team.inspection_id
    -- tasks count for double-random inspections only (task_known and draw_date above); the mode
    -- is not part of the join condition: a left-side-only condition makes DuckDB fall back to a
    -- nested-loop join (10 s at N = 10 instead of milliseconds)
    left join tasks
        on inspections.task_id = tasks.task_id
    left join deadlines
        on inspections.inspection_id = deadlines.inspection_id
)

select
    inspection_id,
    inspection_mode,
    task_id,
    uscc,
    body_code,
    start_date,
    end_date,
    staff_count,
    qualified_officers,
    min_officers_per_inspection,
    qualified_officers >= min_officers_per_inspection as team_valid,
    staff_absent_from_roster,
    untrained_inspector,
    induction_min_days,
    policy_effective_date,
    task_known,
    draw_date,
    case
        when inspection_mode = 'double_random' then coalesce(start_date >= draw_date, false)
    end as starts_on_or_after_draw,
    case
        when inspection_mode = 'double_random'
            then task_known and coalesce(start_date >= draw_date, false)
    end as task_valid,
    random_publicity_workdays,
    publicity_deadline,
    publicity_date,
    case
        when inspection_mode <> 'double_random' then 'not_required'
        when publicity_deadline is null then null
        when publicity_date is not null and publicity_date <= publicity_deadline then 'on_time'
        when publicity_date is not null then 'late'
        when now_date > publicity_deadline then 'overdue'
        else 'pending'
    end as publicity_status,
    now_date,
    source_file,
    source_row_number
from joined
