-- R2 Induction training (>= 3 months), rules.md R2: every officer in post at each roster
-- snapshot date D.
--   induction_days = covered days of passed induction records, days <= D only;
--   hire_date < policy_effective_date            -> not_required
--   induction_days >= induction_min_days         -> compliant
--   D - hire_date <= induction_grace_days        -> in_progress
--   otherwise                                    -> overdue

with params as (
    select policy_effective_date, induction_min_days, induction_grace_days
    from {{ ref('int_policy_parameters') }}
),

officers as (
    select as_of_date, person_id, unit_code, hire_date, source_file, source_row_number
    from {{ ref('int_staff_in_post') }}
    where staff_category = 'officer'
),

islands as (
    select person_id, island_start, island_end
    from {{ ref('int_training_islands') }}
    where training_type = 'induction'
),

covered as (
    select
        officers.as_of_date,
        officers.person_id,
        coalesce(sum(
            {{ covered_days('islands.island_start', 'islands.island_end', none, 'officers.as_of_date') }}
        ), 0) as induction_days
    from officers
    left join islands
        on officers.person_id = islands.person_id
        and islands.island_start <= officers.as_of_date
    group by officers.as_of_date, officers.person_id
),

final as (
    select
        officers.as_of_date,
        officers.person_id,
        officers.unit_code,
        officers.hire_date,
        officers.hire_date >= params.policy_effective_date as induction_required,
        cast(covered.induction_days as integer) as induction_days,
        cast({{ dbt.datediff('officers.hire_date', 'officers.as_of_date', 'day') }} as integer) as days_since_hire,
        case
            when officers.hire_date < params.policy_effective_date then 'not_required'
            when covered.induction_days >= params.induction_min_days then 'compliant'
            when {{ dbt.datediff('officers.hire_date', 'officers.as_of_date', 'day') }}
                <= params.induction_grace_days then 'in_progress'
            else 'overdue'
        end as status,
        params.policy_effective_date,
        params.induction_min_days,
        params.induction_grace_days,
        officers.source_file,
        officers.source_row_number
    from officers
    inner join covered
        on officers.as_of_date = covered.as_of_date
        and officers.person_id = covered.person_id
    cross join params
)

select * from final
