-- Snapshot source: every snapshot is kept (one extract date = one complete snapshot).
-- Defensive: if a date was ever loaded twice, only the latest load of that date is kept
-- (the ingest replaces a re-delivered snapshot in place, so this normally changes nothing).

with source as (
    select
        *,
        max(_load_seq) over (partition by _extract_date) as _latest_load_of_date
    from {{ source('raw', 'units') }}
),

renamed as (
    select
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(unit_name as {{ dbt.type_string() }}) as unit_name,
        cast(level as {{ dbt.type_string() }}) as level,
        cast(parent_code as {{ dbt.type_string() }}) as parent_code,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number
    from source
    where _load_seq = _latest_load_of_date
),

final as (
    select * from renamed
)

select * from final
