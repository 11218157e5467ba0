-- The current team of each inspection: the rows of the latest batch (_extract_date, _load_seq)
-- that names the inspection; within that batch the later row wins for a repeated person.
-- Incremental: a run decides again only the teams of inspections named by rows loaded since the
-- last build (macros/incremental_rows.sql); load_seq is the load of the current batch.
{{ config(materialized=incremental_where_supported(), unique_key='inspection_id') }}

with source as (
    select
        *,
        rank() over (
            partition by inspection_id
            order by _extract_date desc, _load_seq desc
        ) as _batch_rank,
        row_number() over (
            partition by inspection_id, person_id, _extract_date, _load_seq
            order by _row_number desc
        ) as _row_rank
    from ({{ event_rows_to_rank(source('raw', 'inspection_staff'), 'inspection_id') }}) as rows_to_rank
),

renamed as (
    select
        cast(inspection_id as {{ dbt.type_string() }}) as inspection_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(role as {{ dbt.type_string() }}) as role,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number,
        cast(_load_seq as bigint) as load_seq
    from source
    where _batch_rank = 1 and _row_rank = 1
),

final as (
    select * from renamed
)

select * from final
