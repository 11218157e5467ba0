-- 修正记录: one row per change of a KPI value that had already been published. The publications
-- of a key are its rows of kpi_history (one per change, this build's own change included, so the
-- dashboards show a restatement in the very run that makes it). Every publication after a key's
-- first is a change by construction; the first is not a restatement.
-- caused_by_files: the files loaded after the earlier publication's last load up to the later
-- one's (audit.load_manifest load_seq range); empty when the change came from code or policy
-- parameters alone.

with publications as (
    select kpi, period, unit_code, value, published_at, last_load_seq
    from {{ ref('kpi_history') }}
),

paired as (
    select
        kpi,
        period,
        unit_code,
        lag(value) over by_key as value_before,
        value as value_after,
        lag(published_at) over by_key as published_before_at,
        published_at as restated_at,
        lag(last_load_seq) over by_key as load_seq_before,
        last_load_seq as load_seq_after,
        row_number() over by_key as publication
    from publications
    window by_key as (partition by kpi, period, unit_code order by published_at)
),

restated as (
    select * from paired where publication > 1
),

files as (
    select distinct restated.kpi, restated.period, restated.unit_code, restated.restated_at,
           manifest.file_name
    from restated
    inner join {{ source('audit', 'load_manifest') }} as manifest
        on manifest.status = 'loaded'
        and manifest.load_seq > restated.load_seq_before
        and manifest.load_seq <= restated.load_seq_after
),

file_lists as (
    select kpi, period, unit_code, restated_at,
           {{ sorted_listagg('file_name', "','") }} as caused_by_files
    from files
    group by kpi, period, unit_code, restated_at
)

select
    restated.kpi,
    restated.period,
    restated.unit_code,
    restated.value_before,
    restated.value_after,
    restated.published_before_at,
    restated.restated_at,
    coalesce(file_lists.caused_by_files, '') as caused_by_files,
    restated.load_seq_before,
    restated.load_seq_after
from restated
left join file_lists
    on restated.kpi = file_lists.kpi
    and restated.period = file_lists.period
    and restated.unit_code = file_lists.unit_code
    and restated.restated_at = file_lists.restated_at
