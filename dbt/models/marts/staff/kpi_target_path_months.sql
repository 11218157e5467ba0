-- Qualified hires per month needed to close R1's people gap by each of the next 36 months, so
-- the dashboard's "reach it by" picker only filters this table (no arithmetic on the page).
-- Reaching it "by month M" means by the end of M: months_left = whole months from the month of
-- D to M (1 for the month after D). hires_per_month_needed = ceil(people_gap / months_left).

with path as (
    select * from {{ ref('kpi_target_path') }}
),

horizons as (
    select cast(generated_number as bigint) as months_left
    from ({{ dbt.generate_series(36) }}) as series
),

final as (
    select
        path.as_of_date,
        path.unit_code,
        path.unit_name,
        path.row_type,
        cast({{ dbt.dateadd('month', 'horizons.months_left', dbt.date_trunc('month', 'path.as_of_date')) }} as date) as target_month,
        horizons.months_left,
        path.people_gap,
        cast(ceil(cast(path.people_gap as double) / horizons.months_left) as bigint) as hires_per_month_needed,
        horizons.months_left = path.months_to_deadline as is_policy_deadline_month
    from path
    cross join horizons
)

select * from final
