-- Event source: the current version of each key, i.e. the row with the greatest
-- (_extract_date, _load_seq, _row_number) for the key (docs/architecture.md).
-- Incremental: a run ranks again only the keys named by rows loaded since the last build
-- (macros/incremental_rows.sql); load_seq is the load of the current version.
{{ config(materialized=incremental_where_supported(), unique_key='record_id') }}

with source as (
    select
        *,
        {{ version_rank(['record_id']) }} as _version_rank
    from ({{ event_rows_to_rank(source('raw', 'training'), 'record_id') }}) as rows_to_rank
),

renamed as (
    select
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(training_type as {{ dbt.type_string() }}) as training_type,
        cast(course_name as {{ dbt.type_string() }}) as course_name,
        cast(provider as {{ dbt.type_string() }}) as provider,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(hours as double) as hours,
        cast(result as {{ dbt.type_string() }}) as result,
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
