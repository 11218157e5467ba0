-- The path to the professional ratio target (issue 16 part 3), one row per division and ALL at
-- the latest roster snapshot D. The gap is R1's people_gap from kpi_professional_ratio (never
-- recomputed here), so this page and the R1 page can never disagree.
--
-- Pace: base snapshot B = the latest roster snapshot on or before D minus 12 months (the one in
-- force 12 months earlier); pace_months = whole months from B to D (12 for monthly snapshots).
-- Projection holds officers_in_post at its size at D: months_to_target =
-- ceil(people_gap * pace_months / qualified_change_12m), computed on integers so it is exact.
-- ceil over a DOUBLE quotient of two integers far below 2^53 is exact: an integral quotient is
-- represented exactly and a non-integral one cannot round up to the next integer.

with params as (
    select target_path_deadline from {{ ref('int_policy_parameters') }}
),

latest as (
    select max(as_of_date) as as_of_date from {{ ref('kpi_professional_ratio') }}
),

base_date as (
    select max(kpi.as_of_date) as base_date
    from {{ ref('kpi_professional_ratio') }} as kpi
    cross join latest
    where kpi.as_of_date <= cast({{ dbt.dateadd('month', -12, 'latest.as_of_date') }} as date)
),

current_rows as (
    select kpi.*
    from {{ ref('kpi_professional_ratio') }} as kpi
    inner join latest on kpi.as_of_date = latest.as_of_date
    where kpi.row_type = 'all' or (kpi.row_type = 'unit' and kpi.unit_level = 'division')
),

paced as (
    select
        cur.as_of_date,
        cur.unit_code,
        cur.unit_name,
        cur.row_type,
        cur.officers_in_post,
        cur.qualified_officers,
        cur.qualified_ratio,
        cur.target_ratio,
        cur.required_qualified,
        cur.people_gap,
        base_date.base_date as pace_base_date,
        base.officers_in_post as base_officers_in_post,
        base.qualified_officers as base_qualified_officers,
        cast({{ dbt.datediff('base_date.base_date', 'cur.as_of_date', 'month') }} as bigint) as pace_months,
        cur.qualified_officers - base.qualified_officers as qualified_change_12m,
        cur.qualified_ratio - base.qualified_ratio as ratio_change_12m,
        params.target_path_deadline
    from current_rows as cur
    cross join base_date
    cross join params
    left join {{ ref('kpi_professional_ratio') }} as base
        on base.as_of_date = base_date.base_date
        and base.unit_code = cur.unit_code
),

projected as (
    select
        paced.*,
        case
            when people_gap > 0 and qualified_change_12m > 0
                then cast(ceil(cast(people_gap * pace_months as double) / qualified_change_12m) as bigint)
        end as months_to_target,
        cast({{ dbt.datediff(
            dbt.date_trunc('month', 'as_of_date'),
            dbt.date_trunc('month', 'target_path_deadline'),
            'month') }} as bigint) as months_to_deadline
    from paced
),

final as (
    select
        as_of_date,
        unit_code,
        unit_name,
        row_type,
        officers_in_post,
        qualified_officers,
        qualified_ratio,
        target_ratio,
        required_qualified,
        people_gap,
        pace_base_date,
        base_officers_in_post,
        base_qualified_officers,
        pace_months,
        qualified_change_12m,
        ratio_change_12m,
        case
            when pace_months > 0 then cast(qualified_change_12m as double) / pace_months
        end as qualified_per_month_pace,
        months_to_target,
        case
            when months_to_target is not null
                then cast({{ dbt.dateadd('month', 'months_to_target', dbt.date_trunc('month', 'as_of_date')) }} as date)
        end as projected_target_month,
        case
            when officers_in_post = 0 then 'no_officers'
            when people_gap = 0 then 'met'
            when base_qualified_officers is null then 'no_baseline'
            when qualified_change_12m <= 0 then 'never_at_pace'
            when months_to_target <= months_to_deadline then 'on_track'
            else 'behind'
        end as path_status,
        target_path_deadline,
        months_to_deadline,
        case
            when people_gap = 0 then cast(0 as bigint)
            when months_to_deadline > 0
                then cast(ceil(cast(people_gap as double) / months_to_deadline) as bigint)
        end as hires_per_month_to_deadline
    from projected
)

select * from final
