-- Calendar files accumulate: each date takes its value from the latest file covering it
-- (greatest _extract_date, _load_seq, _row_number).

with source as (
    select
        *,
        {{ version_rank(['calendar_date']) }} as _version_rank
    from {{ source('raw', 'calendar') }}
),

renamed as (
    select
        cast(calendar_date as date) as calendar_date,
        cast(is_workday as boolean) as is_workday,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number
    from source
    where _version_rank = 1
),

final as (
    select * from renamed
)

select * from final
