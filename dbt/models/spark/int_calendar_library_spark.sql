-- The Spark target's int_calendar_library (docs/scale-out.md): dbt-spark's session method runs
-- no Python models, so the holiday library comes as the DuckDB build computed it, exported by
-- `regwh export-raw` (reference/calendar_library/). Same table, schema and columns as
-- models/intermediate/shared/int_calendar_library.py, which is the one enabled on DuckDB: a model
-- of its own name (two models of one name, one disabled, confuse dbt's partial parsing, which
-- then drops the enabled one), refs pick it by target.
{{ config(schema='intermediate', alias='int_calendar_library', materialized='table') }}

select
    calendar_date,
    is_workday,
    holiday_name,
    library_version
from {{ source('reference', 'calendar_library') }}
