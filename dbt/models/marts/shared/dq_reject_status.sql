-- Whether each rejected row has been put right by a later delivery (docs/ingest.md, 退回修改表).
-- closed:     a later load of the same source loaded a row with the same key;
-- superseded: not closed, and a later file of a snapshot source for the same or a later date has
--             been loaded (that snapshot, not this file, is the state now; its own rejects stand);
-- open:       neither (also every row whose key could not be read: nothing can match it).
-- Reads only the quarantine's non-personal columns.

with rejected as (
    select load_seq, file_name, source, extract_date, row_number, record_key, unit_code
    from {{ source('quarantine', 'rejected_rows') }}
),

loaded_files as (
    select load_seq, file_name, source, extract_date, loaded_at
    from {{ source('audit', 'load_manifest') }}
    where status = 'loaded'
),

-- Only the keys of rejected rows can close one: filtering on them first keeps the distinct to a
-- few rows instead of every loaded row (30 M at N = 100).
loaded_keys as (
    {%- for name, spec in source_keys().items() %}
    {%- set record_key -%}
        {% for column in spec[1] -%}
        cast({{ column }} as {{ dbt.type_string() }}){% if not loop.last %} || '|' || {% endif %}
        {%- endfor %}
    {%- endset %}
    select distinct
        '{{ name }}' as source,
        {{ record_key }} as record_key,
        _load_seq as load_seq
    from {{ source('raw', name) }}
    where {{ record_key }} in (select record_key from rejected where source = '{{ name }}')
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

closing as (
    select
        rejected.load_seq,
        rejected.row_number,
        min(loaded_keys.load_seq) as closed_by_seq
    from rejected
    inner join loaded_keys
        on rejected.source = loaded_keys.source
        and rejected.record_key = loaded_keys.record_key
        and loaded_keys.load_seq > rejected.load_seq
    group by rejected.load_seq, rejected.row_number
),

superseding as (
    select
        rejected.load_seq,
        rejected.row_number,
        min(loaded_files.load_seq) as superseded_by_seq
    from rejected
    inner join loaded_files
        on rejected.source = loaded_files.source
        and loaded_files.load_seq > rejected.load_seq
        and loaded_files.extract_date >= rejected.extract_date
    where rejected.source in (
        {%- for name, spec in source_keys().items() if spec[0] == 'snapshot' -%}
        '{{ name }}'{% if not loop.last %}, {% endif %}
        {%- endfor -%}
    )
    group by rejected.load_seq, rejected.row_number
),

final as (
    select
        rejected.file_name,
        rejected.row_number,
        rejected.source,
        rejected.extract_date,
        rejected.load_seq,
        rejected.record_key,
        rejected.unit_code,
        case
            when closing.closed_by_seq is not null then 'closed'
            when superseding.superseded_by_seq is not null then 'superseded'
            else 'open'
        end as status,
        by_file.file_name as closed_by_file,
        by_file.loaded_at as closed_at
    from rejected
    left join closing
        on rejected.load_seq = closing.load_seq and rejected.row_number = closing.row_number
    left join superseding
        on rejected.load_seq = superseding.load_seq and rejected.row_number = superseding.row_number
    left join loaded_files as by_file
        on by_file.load_seq = coalesce(closing.closed_by_seq, superseding.superseded_by_seq)
)

select * from final
