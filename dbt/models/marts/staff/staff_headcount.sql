-- People in post per roster snapshot date D and unit, by staff category (officers, auxiliaries,
-- experts), for the personnel pages. Units of the units snapshot in force at D (also empty
-- ones), unit codes the roster carries that it does not list, and an 'ALL' row per D.

with as_of_dates as (
    select distinct extract_date as as_of_date
    from {{ ref('stg_roster') }}
),

units_at_date as (
    select
        as_of_dates.as_of_date,
        units.unit_code,
        units.unit_name
    from as_of_dates
    inner join {{ ref('int_unit_state') }} as units
        on units.valid_from <= as_of_dates.as_of_date
        and as_of_dates.as_of_date < units.valid_to
),

counts as (
    select
        as_of_date,
        unit_code,
        sum(case when staff_category = 'officer' then 1 else 0 end) as officers_in_post,
        sum(case when staff_category = 'auxiliary' then 1 else 0 end) as auxiliaries_in_post,
        sum(case when staff_category = 'expert' then 1 else 0 end) as experts_in_post,
        count(*) as staff_in_post
    from {{ ref('int_staff_in_post') }}
    group by as_of_date, unit_code
),

unit_rows as (
    select
        coalesce(units_at_date.as_of_date, counts.as_of_date) as as_of_date,
        coalesce(units_at_date.unit_code, counts.unit_code) as unit_code,
        units_at_date.unit_name,
        case when units_at_date.unit_code is null then 'unlisted_unit' else 'unit' end as row_type,
        coalesce(counts.officers_in_post, 0) as officers_in_post,
        coalesce(counts.auxiliaries_in_post, 0) as auxiliaries_in_post,
        coalesce(counts.experts_in_post, 0) as experts_in_post,
        coalesce(counts.staff_in_post, 0) as staff_in_post
    from units_at_date
    full outer join counts
        on units_at_date.as_of_date = counts.as_of_date
        and units_at_date.unit_code = counts.unit_code
),

all_rows as (
    select
        as_of_dates.as_of_date,
        'ALL' as unit_code,
        '全兵团 (all units)' as unit_name,
        'all' as row_type,
        coalesce(sum(unit_rows.officers_in_post), 0),
        coalesce(sum(unit_rows.auxiliaries_in_post), 0),
        coalesce(sum(unit_rows.experts_in_post), 0),
        coalesce(sum(unit_rows.staff_in_post), 0)
    from as_of_dates
    left join unit_rows
        on as_of_dates.as_of_date = unit_rows.as_of_date
    group by as_of_dates.as_of_date
),

final as (
    select
        as_of_date,
        unit_code,
        unit_name,
        row_type,
        cast(officers_in_post as bigint) as officers_in_post,
        cast(auxiliaries_in_post as bigint) as auxiliaries_in_post,
        cast(experts_in_post as bigint) as experts_in_post,
        cast(staff_in_post as bigint) as staff_in_post
    from (
        select * from unit_rows
        union all
        select * from all_rows
    ) as rows
)

select * from final
