-- Snapshot source: every snapshot is kept (one extract date = one complete snapshot).
-- Defensive: if a date was ever loaded twice, only the latest load of that date is kept
-- (the ingest replaces a re-delivered snapshot in place, so this normally changes nothing).
-- Incremental: a run replaces only the snapshot dates of rows loaded since the last build, and
-- drops dates no longer in raw (macros/incremental_rows.sql).
{{ config(
    materialized=incremental_where_supported(),
    unique_key='extract_date',
    post_hook="{{ drop_vanished_snapshots(source('raw', 'enterprises')) }}",
) }}

with source as (
    {{ snapshot_rows_to_keep(source('raw', 'enterprises')) }}
),

renamed as (
    select
        cast(uscc as {{ dbt.type_string() }}) as uscc,
        cast(enterprise_name as {{ dbt.type_string() }}) as enterprise_name,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(park_name as {{ dbt.type_string() }}) as park_name,
        cast(enterprise_type as {{ dbt.type_string() }}) as enterprise_type,
        cast(risk_level as {{ dbt.type_string() }}) as risk_level,
        cast(major_hazard_level as {{ dbt.type_string() }}) as major_hazard_level,
        cast(standardization_grade as {{ dbt.type_string() }}) as standardization_grade,
        cast(designated_body as {{ dbt.type_string() }}) as designated_body,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number,
        cast(_load_seq as bigint) as load_seq
    from source
    where _load_seq = _latest_load_of_date
),

final as (
    select * from renamed
)

select * from final
