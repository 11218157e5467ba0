-- The drill-down marts explain their figures exactly: per unit and date, the counted rows of
-- staff_ratio_drilldown are officers_in_post and the qualified ones qualified_officers; per
-- officer, counted_days add up to refresher_days / induction_days. Returns the mismatches.

with ratio as (
    select
        as_of_date,
        unit_code,
        sum(case when counted_in_ratio then 1 else 0 end) as officers_in_post,
        sum(case when is_qualified then 1 else 0 end) as qualified_officers
    from {{ ref('staff_ratio_drilldown') }}
    group by as_of_date, unit_code
),

ratio_mismatch as (
    select 'ratio' as figure, cast(kpi.as_of_date as {{ dbt.type_string() }}) as at, kpi.unit_code as who
    from {{ ref('kpi_professional_ratio') }} as kpi
    left join ratio
        on kpi.as_of_date = ratio.as_of_date
        and kpi.unit_code = ratio.unit_code
    where kpi.unit_code <> 'ALL'
      and (kpi.officers_in_post <> coalesce(ratio.officers_in_post, 0)
           or kpi.qualified_officers <> coalesce(ratio.qualified_officers, 0))
),

refresher as (
    select year, person_id, sum(counted_days) as days
    from {{ ref('training_refresher_days') }}
    group by year, person_id
),

refresher_mismatch as (
    select 'refresher' as figure, cast(status.year as {{ dbt.type_string() }}) as at, status.person_id as who
    from {{ ref('training_refresher_status') }} as status
    left join refresher
        on status.year = refresher.year
        and status.person_id = refresher.person_id
    where status.refresher_days <> coalesce(refresher.days, 0)
),

induction as (
    select as_of_date, person_id, sum(counted_days) as days
    from {{ ref('training_induction_days') }}
    group by as_of_date, person_id
),

induction_mismatch as (
    select 'induction' as figure, cast(status.as_of_date as {{ dbt.type_string() }}) as at, status.person_id as who
    from {{ ref('training_induction_status') }} as status
    left join induction
        on status.as_of_date = induction.as_of_date
        and status.person_id = induction.person_id
    where status.induction_required
      and status.induction_days <> coalesce(induction.days, 0)
)

select * from ratio_mismatch
union all
select * from refresher_mismatch
union all
select * from induction_mismatch
