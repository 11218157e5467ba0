-- Event source: the current version of each key, i.e. the row with the greatest
-- (_extract_date, _load_seq, _row_number) for the key (docs/architecture.md).
-- Incremental: a run ranks again only the keys named by rows loaded since the last build
-- (macros/incremental_rows.sql); load_seq is the load of the current version.
{{ config(materialized=incremental_where_supported(), unique_key='task_id') }}

with source as (
    select
        *,
        {{ version_rank(['task_id']) }} as _version_rank
    from ({{ event_rows_to_rank(source('raw', 'random_tasks'), 'task_id') }}) as rows_to_rank
),

renamed as (
    select
        cast(task_id as {{ dbt.type_string() }}) as task_id,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(subject as {{ dbt.type_string() }}) as subject,
        cast(draw_date as date) as draw_date,
        cast(entity_pool_size as bigint) as entity_pool_size,
        cast(entities_drawn as bigint) as entities_drawn,
        cast(inspector_pool_size as bigint) as inspector_pool_size,
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
