-- The organisation units of the latest units snapshot, with the parent's name.

with latest as (
    select *
    from {{ ref('int_unit_state') }}
    where valid_to = cast('9999-12-31' as date)
),

final as (
    select
        latest.unit_code,
        latest.unit_name,
        latest.level,
        latest.parent_code,
        parent.unit_name as parent_name,
        latest.snapshot_date
    from latest
    left join latest as parent
        on latest.parent_code = parent.unit_code
)

select * from final
