-- Snapshot source: every snapshot is kept (one extract date = one complete snapshot).
-- Defensive: if a date was ever loaded twice, only the latest load of that date is kept
-- (the ingest replaces a re-delivered snapshot in place, so this normally changes nothing).

with source as (
    select
        *,
        max(_load_seq) over (partition by _extract_date) as _latest_load_of_date
    from {{ source('raw', 'majors') }}
),

renamed as (
    select
        cast(major as {{ dbt.type_string() }}) as major,
        cast(safety_related as boolean) as safety_related,
        cast(major_group as {{ dbt.type_string() }}) as major_group,
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
