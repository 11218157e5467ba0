-- The KPI history as this build publishes it: every recorded publication
-- (history.kpi_published) and the changes this build makes (int_kpi_unpublished), which
-- publishing appends to the history once the serving copy is in place. Answers "what was the
-- figure as known at T" (docs/restatements.md).

select kpi, period, unit_code, value, published_at, last_load_seq
from {{ source('history', 'kpi_published') }}
union all
select kpi, period, unit_code, value, computed_at, last_load_seq
from {{ ref('int_kpi_unpublished') }}
