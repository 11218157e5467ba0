-- The Spark target's int_calendar_library (docs/scale-out.md): dbt-spark's session method runs
-- no Python models, so the holiday library comes as the DuckDB build computed it, exported by
-- `regwh export-raw` (reference/calendar_library.parquet). Same name, schema and columns as
-- models/intermediate/shared/int_calendar_library.py, which is the one enabled on DuckDB.
{{ config(schema='intermediate', materialized='table') }}

select
    calendar_date,
    is_workday,
    holiday_name,
    library_version
from {{ source('reference', 'calendar_library') }}
