-- R1 data-quality finding: majors of officers in post at D that the majors snapshot in force at
-- D does not list (they count as not safety-related until the personnel office classifies
-- them), per D and unit, with the number of officers concerned.

with unlisted as (
    select as_of_date, unit_code, major
    from {{ ref('int_officer_qualification') }}
    where major is not null
      and not major_listed
),

majors_snapshots as (
    select distinct snapshot_date, valid_from, valid_to
    from {{ ref('int_major_state') }}
),

counted as (
    select
        as_of_date,
        unit_code,
        major,
        count(*) as officers
    from unlisted
    group by as_of_date, unit_code, major
),

final as (
    select
        counted.as_of_date,
        counted.unit_code,
        counted.major,
        counted.officers,
        majors_snapshots.snapshot_date as majors_snapshot_date
    from counted
    left join majors_snapshots
        on majors_snapshots.valid_from <= counted.as_of_date
        and counted.as_of_date < majors_snapshots.valid_to
)

select * from final
