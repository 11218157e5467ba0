-- R7: the evidence behind each "one enforcement body per enterprise" finding: one row per
-- (year, uscc, conflict_type) and the body / inspection / case it involves. The mart
-- enforcement_body_conflicts folds these into sorted lists.

with years as (
    select
        year,
        year_end
    from {{ ref('int_r7_years') }}
),

params as (
    select duplicate_window_days
    from {{ ref('int_policy_parameters') }}
),

counted as (
    select
        inspection_id,
        uscc,
        body_code,
        start_date,
        year,
        designated_body_at_start
    from {{ ref('int_r7_counted_inspections') }}
),

counted_in_years as (
    select counted.*
    from counted
    inner join years
        on counted.year = years.year
),

enterprise_state as (
    select
        uscc,
        valid_from,
        valid_to,
        status,
        designated_body
    from {{ ref('int_enterprise_state') }}
),

year_end_state as (
    select
        years.year,
        enterprise_state.uscc,
        enterprise_state.status,
        enterprise_state.designated_body
    from years
    inner join enterprise_state
        on
            enterprise_state.valid_from <= years.year_end
            and years.year_end < enterprise_state.valid_to
),

penalties as (
    select
        case_no,
        uscc,
        body_code,
        decision_date,
        cast(extract(year from decision_date) as integer) as year
    from {{ ref('stg_penalties') }}
    where status <> 'revoked'
),

no_designated_body as (
    select
        year_end_state.year,
        year_end_state.uscc,
        'no_designated_body' as conflict_type,
        counted_in_years.body_code,
        counted_in_years.inspection_id,
        cast(null as {{ dbt.type_string() }}) as case_no
    from year_end_state
    left join counted_in_years
        on
            year_end_state.uscc = counted_in_years.uscc
            and year_end_state.year = counted_in_years.year
    where
        year_end_state.status = 'operating'
        and year_end_state.designated_body is null
),

non_designated_body as (
    select
        year,
        uscc,
        'non_designated_body' as conflict_type,
        body_code,
        inspection_id,
        cast(null as {{ dbt.type_string() }}) as case_no
    from counted_in_years
    where
        designated_body_at_start is not null
        and body_code <> designated_body_at_start
),

multiple_body_years as (
    select
        year,
        uscc
    from counted_in_years
    group by year, uscc
    having count(distinct body_code) >= 2
),

multiple_bodies as (
    select
        counted_in_years.year,
        counted_in_years.uscc,
        'multiple_bodies' as conflict_type,
        counted_in_years.body_code,
        counted_in_years.inspection_id,
        cast(null as {{ dbt.type_string() }}) as case_no
    from counted_in_years
    inner join multiple_body_years
        on
            counted_in_years.year = multiple_body_years.year
            and counted_in_years.uscc = multiple_body_years.uscc
),

-- pairs by different bodies at most duplicate_window_days apart; the pair belongs to the year
-- of its later inspection (the earlier partner may lie in the previous year)
duplicate_pairs as (
    select
        later.year,
        later.uscc,
        earlier.body_code as earlier_body_code,
        earlier.inspection_id as earlier_inspection_id,
        later.body_code as later_body_code,
        later.inspection_id as later_inspection_id
    from counted as earlier
    inner join counted as later
        on
            earlier.uscc = later.uscc
            and earlier.body_code <> later.body_code
            and (
                earlier.start_date < later.start_date
                or (
                    earlier.start_date = later.start_date
                    and earlier.inspection_id < later.inspection_id
                )
            )
    cross join params
    inner join years
        on later.year = years.year
    where
        {{ dbt.datediff('earlier.start_date', 'later.start_date', 'day') }}
        <= params.duplicate_window_days
),

duplicate_inspection as (
    select
        year,
        uscc,
        'duplicate_inspection' as conflict_type,
        earlier_body_code as body_code,
        earlier_inspection_id as inspection_id,
        cast(null as {{ dbt.type_string() }}) as case_no
    from duplicate_pairs

    union all

    select
        year,
        uscc,
        'duplicate_inspection' as conflict_type,
        later_body_code as body_code,
        later_inspection_id as inspection_id,
        cast(null as {{ dbt.type_string() }}) as case_no
    from duplicate_pairs
),

non_designated_penalty as (
    select
        penalties.year,
        penalties.uscc,
        'non_designated_penalty' as conflict_type,
        penalties.body_code,
        cast(null as {{ dbt.type_string() }}) as inspection_id,
        penalties.case_no
    from penalties
    inner join years
        on penalties.year = years.year
    inner join enterprise_state
        on
            penalties.uscc = enterprise_state.uscc
            and enterprise_state.valid_from <= penalties.decision_date
            and penalties.decision_date < enterprise_state.valid_to
    where
        enterprise_state.designated_body is not null
        and penalties.body_code <> enterprise_state.designated_body
),

items as (
    select * from no_designated_body
    union all
    select * from non_designated_body
    union all
    select * from multiple_bodies
    union all
    select * from duplicate_inspection
    union all
    select * from non_designated_penalty
)

select distinct
    year,
    uscc,
    conflict_type,
    body_code,
    inspection_id,
    case_no
from items
