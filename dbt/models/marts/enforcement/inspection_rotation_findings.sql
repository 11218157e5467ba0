-- R6 rotation: the same person (any role but expert) on two double-random inspections of the
-- same enterprise whose start dates are at most 365 days apart. One row per such pair, the
-- earlier inspection first (ties on start date ordered by inspection_id).

with inspections as (
    select
        inspection_id,
        uscc,
        start_date
    from {{ ref('stg_inspections') }}
    where inspection_mode = 'double_random'
),

staff as (
    select
        inspection_id,
        person_id
    from {{ ref('stg_inspection_staff') }}
    where role <> 'expert'
),

visits as (
    select
        staff.person_id,
        inspections.uscc,
        inspections.inspection_id,
        inspections.start_date
    from staff
    inner join inspections
        on staff.inspection_id = inspections.inspection_id
),

pairs as (
    select
        earlier.person_id,
        earlier.uscc,
        earlier.inspection_id as first_inspection_id,
        earlier.start_date as first_start_date,
        later.inspection_id as second_inspection_id,
        later.start_date as second_start_date,
        {{ dbt.datediff('earlier.start_date', 'later.start_date', 'day') }} as days_apart
    from visits as earlier
    inner join visits as later
        on
            earlier.person_id = later.person_id
            and earlier.uscc = later.uscc
            and (
                earlier.start_date < later.start_date
                or (
                    earlier.start_date = later.start_date
                    and earlier.inspection_id < later.inspection_id
                )
            )
)

select
    person_id,
    uscc,
    first_inspection_id,
    first_start_date,
    second_inspection_id,
    second_start_date,
    cast(days_apart as integer) as days_apart,
    365 as rotation_window_days
from pairs
where days_apart <= 365
