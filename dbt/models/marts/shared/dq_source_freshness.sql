-- When each source's next file is due (docs/operations.md, 数据时效): the latest extract date of
-- a loaded file plus the longest gap its contract's cadence allows (audit.source_contracts).
-- Whether that date has passed depends on the day someone looks, not on the day of the build (a
-- run that finds nothing new builds nothing), so the readers compare next_due_date with today.
-- as_needed sources (delivered when they change) are never due.

with contracts as (
    select source, title, kind, cadence, expected_every_days
    from {{ source('audit', 'source_contracts') }}
),

loaded_files as (
    select source, file_name, extract_date, load_seq, loaded_at
    from {{ source('audit', 'load_manifest') }}
    where status = 'loaded'
),

latest as (
    select
        source,
        count(*) as files_loaded,
        max(extract_date) as last_extract_date,
        max(loaded_at) as last_loaded_at
    from loaded_files
    group by source
),

latest_file as (
    -- the file of the latest extract date (re-delivered: the one loaded last)
    select source, file_name as last_file_name
    from (
        select
            source,
            file_name,
            row_number() over (partition by source order by extract_date desc, load_seq desc) as recency
        from loaded_files
    ) as ranked
    where recency = 1
),

final as (
    select
        contracts.source,
        contracts.title,
        contracts.kind,
        contracts.cadence,
        contracts.expected_every_days,
        cast(coalesce(latest.files_loaded, 0) as {{ dbt.type_bigint() }}) as files_loaded,
        latest.last_extract_date,
        latest_file.last_file_name,
        latest.last_loaded_at,
        case
            when contracts.expected_every_days is not null and latest.last_extract_date is not null
                then cast({{ dbt.dateadd('day', 'contracts.expected_every_days', 'latest.last_extract_date') }} as date)
        end as next_due_date,
        case
            when contracts.expected_every_days is null then 'as_needed'
            when latest.last_extract_date is null then 'never_loaded'
            else 'scheduled'
        end as schedule_status
    from contracts
    left join latest on contracts.source = latest.source
    left join latest_file on contracts.source = latest_file.source
)

select * from final
