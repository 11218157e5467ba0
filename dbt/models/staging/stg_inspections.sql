-- Event source: the current version of each key, i.e. the row with the greatest
-- (_extract_date, _load_seq, _row_number) for the key (docs/architecture.md).
-- Incremental: a run ranks again only the keys named by rows loaded since the last build
-- (macros/incremental_rows.sql); load_seq is the load of the current version.
{{ config(materialized=incremental_where_supported(), unique_key='inspection_id') }}

with source as (
    select
        *,
        {{ version_rank(['inspection_id']) }} as _version_rank
    from ({{ event_rows_to_rank(source('raw', 'inspections'), 'inspection_id') }}) as rows_to_rank
),

renamed as (
    select
        cast(inspection_id as {{ dbt.type_string() }}) as inspection_id,
        cast(inspection_mode as {{ dbt.type_string() }}) as inspection_mode,
        cast(task_id as {{ dbt.type_string() }}) as task_id,
        cast(uscc as {{ dbt.type_string() }}) as uscc,
        cast(body_code as {{ dbt.type_string() }}) as body_code,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(expert_involved as boolean) as expert_involved,
        cast(hazards_found as bigint) as hazards_found,
        cast(major_hazards_found as bigint) as major_hazards_found,
        cast(outcome as {{ dbt.type_string() }}) as outcome,
        cast(publicity_date as date) as publicity_date,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number,
        cast(_load_seq as bigint) as load_seq
    from source
    where _version_rank = 1
),

final as (
    select * from renamed
)

select * from final
