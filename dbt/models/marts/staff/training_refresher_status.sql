-- R3 Annual refresher (>= 2 weeks), rules.md R3: for each year Y (year after
-- policy_effective_date .. year of latest D) and each officer in post at Y's reference date
-- (Y-12-31; latest D for the current year) by the roster snapshot in force then, hired before
-- Y-01-01.
--   refresher_days = covered days of passed refresher records inside [Y-01-01, reference_date]
--                    (a record across the year end counts only its days inside Y);
--   finished year: compliant / non_compliant; current year: compliant / pending.

with params as (
    select refresher_min_days from {{ ref('int_policy_parameters') }}
),

in_scope as (
    select *
    from {{ ref('int_officers_in_post_by_year') }}
    where hire_date < year_start
),

islands as (
    select person_id, island_start, island_end
    from {{ ref('int_training_islands') }}
    where training_type = 'refresher'
),

covered as (
    select
        in_scope.year,
        in_scope.person_id,
        coalesce(sum(
            {{ covered_days('islands.island_start', 'islands.island_end', 'in_scope.year_start', 'in_scope.reference_date') }}
        ), 0) as refresher_days
    from in_scope
    left join islands
        on in_scope.person_id = islands.person_id
        and islands.island_start <= in_scope.reference_date
        and islands.island_end >= in_scope.year_start
    group by in_scope.year, in_scope.person_id
),

final as (
    select
        in_scope.year,
        in_scope.person_id,
        in_scope.unit_code,
        in_scope.hire_date,
        in_scope.reference_date,
        in_scope.year_finished,
        cast(covered.refresher_days as integer) as refresher_days,
        case
            when covered.refresher_days >= params.refresher_min_days then 'compliant'
            when in_scope.year_finished then 'non_compliant'
            else 'pending'
        end as status,
        params.refresher_min_days,
        in_scope.source_file,
        in_scope.source_row_number
    from in_scope
    inner join covered
        on in_scope.year = covered.year
        and in_scope.person_id = covered.person_id
    cross join params
)

select * from final
