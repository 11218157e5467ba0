-- What this build would add to the KPI history (history.kpi_published): every key of
-- marts.kpi_values whose value differs from the latest value the history holds for it (a new key
-- included), and every key the history holds a value for that kpi_values no longer has (value
-- NULL: withdrawn). Publishing appends exactly these rows (dagster_project/kpi_history.py), so a
-- build that changes no figure appends nothing and appending again after a crash adds nothing.
-- computed_at is the build's time; it becomes the rows' published_at.

with history as (
    select kpi, period, unit_code, value, published_at,
           row_number() over (partition by kpi, period, unit_code order by published_at desc) as newest_first
    from {{ source('history', 'kpi_published') }}
),

latest as (
    select kpi, period, unit_code, value
    from history
    where newest_first = 1
),

current_values as (
    select kpi, period, unit_code, value
    from {{ ref('kpi_values') }}
),

changed as (
    select
        coalesce(current_values.kpi, latest.kpi) as kpi,
        coalesce(current_values.period, latest.period) as period,
        coalesce(current_values.unit_code, latest.unit_code) as unit_code,
        current_values.value
    from current_values
    full outer join latest
        on current_values.kpi = latest.kpi
        and current_values.period = latest.period
        and current_values.unit_code = latest.unit_code
    -- a key withdrawn earlier (latest NULL) and still absent compares NULL with NULL: not distinct
    where current_values.value is distinct from latest.value
),

loads as (
    select coalesce(max(load_seq), 0) as last_load_seq
    from {{ source('audit', 'load_manifest') }}
)

select
    changed.kpi,
    changed.period,
    changed.unit_code,
    changed.value,
    cast({{ dbt.current_timestamp() }} as timestamp) as computed_at,
    loads.last_load_seq
from changed
cross join loads
