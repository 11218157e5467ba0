-- The current team of each inspection: the rows of the latest batch (_extract_date, _load_seq)
-- that names the inspection; within that batch the later row wins for a repeated person.

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
    from {{ source('raw', 'inspection_staff') }}
),

renamed as (
    select
        cast(inspection_id as varchar) as inspection_id,
        cast(person_id as varchar) as person_id,
        cast(role as varchar) as role,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as varchar) as file_name
    from source
    where _batch_rank = 1 and _row_rank = 1
),

final as (
    select * from renamed
)

select * from final
