-- R1: the ALL row of each as-of date carries the sums of the unit rows (listed and unlisted
-- units) and its ratio, requirement and gap are computed from those sums, never averaged.
-- Returns the offending dates.

with kpi as (
    select * from {{ ref('kpi_professional_ratio') }}
),

unit_sums as (
    select
        as_of_date,
        sum(officers_in_post) as officers_in_post,
        sum(qualified_officers) as qualified_officers
    from kpi
    where unit_code <> 'ALL'
    group by as_of_date
),

all_rows as (
    select *
    from kpi
    where unit_code = 'ALL'
)

select
    coalesce(all_rows.as_of_date, unit_sums.as_of_date) as as_of_date,
    all_rows.officers_in_post as all_officers_in_post,
    unit_sums.officers_in_post as sum_officers_in_post,
    all_rows.qualified_officers as all_qualified_officers,
    unit_sums.qualified_officers as sum_qualified_officers
from all_rows
full outer join unit_sums
    on all_rows.as_of_date = unit_sums.as_of_date
where all_rows.as_of_date is null
   or all_rows.officers_in_post <> coalesce(unit_sums.officers_in_post, 0)
   or all_rows.qualified_officers <> coalesce(unit_sums.qualified_officers, 0)
   or (all_rows.officers_in_post > 0 and all_rows.qualified_ratio
       <> cast(all_rows.qualified_officers as double) / all_rows.officers_in_post)
   or (all_rows.officers_in_post = 0 and all_rows.qualified_ratio is not null)
   or all_rows.people_gap
       <> greatest(0, all_rows.required_qualified - all_rows.qualified_officers)
