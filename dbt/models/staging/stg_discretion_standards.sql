-- Snapshot source: every snapshot is kept (one extract date = one complete snapshot).
-- Defensive: if a date was ever loaded twice, only the latest load of that date is kept
-- (the ingest replaces a re-delivered snapshot in place, so this normally changes nothing).

with source as (
    select
        *,
        max(_load_seq) over (partition by _extract_date) as _latest_load_of_date
    from {{ source('raw', 'discretion_standards') }}
),

renamed as (
    select
        cast(violation_code as {{ dbt.type_string() }}) as violation_code,
        cast(violation_name as {{ dbt.type_string() }}) as violation_name,
        cast(legal_basis as {{ dbt.type_string() }}) as legal_basis,
        cast(circumstance as {{ dbt.type_string() }}) as circumstance,
        cast(fine_min as double) as fine_min,
        cast(fine_max as double) as fine_max,
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
