-- rules.md "now" and "latest D".
-- now_date: the latest extract date of any file the warehouse holds, whichever run loaded it:
--   the latest extract_date of a `loaded` file in audit.load_manifest, or of any row in a raw
--   table if that is later (so a warehouse filled without a manifest, e.g. in tests, still has
--   a now).
-- latest_roster_date: the latest roster snapshot date.

with manifest as (
    select max(extract_date) as latest_extract_date
    from {{ source('audit', 'load_manifest') }}
    where status = 'loaded'
),

raw_extracts as (
    {%- set raw_tables = ['units', 'enterprises', 'roster', 'majors', 'discretion_standards', 'calendar',
                          'training', 'random_tasks', 'inspections', 'inspection_staff', 'penalties'] %}
    {%- for t in raw_tables %}
    select max(_extract_date) as latest_extract_date from {{ source('raw', t) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

roster as (
    select max(extract_date) as latest_roster_date
    from {{ ref('stg_roster') }}
),

final as (
    select
        (
            select max(latest_extract_date)
            from (
                select latest_extract_date from manifest
                union all
                select latest_extract_date from raw_extracts
            ) as all_extracts
        ) as now_date,
        roster.latest_roster_date
    from roster
)

select * from final
