-- Snapshot source: every snapshot is kept (one extract date = one complete snapshot).
-- Defensive: if a date was ever loaded twice, only the latest load of that date is kept
-- (the ingest replaces a re-delivered snapshot in place, so this normally changes nothing).
-- Incremental: a run replaces only the snapshot dates of rows loaded since the last build, and
-- drops dates no longer in raw (macros/incremental_rows.sql).
{{ config(
    materialized=incremental_where_supported(),
    unique_key='extract_date',
    post_hook="{{ drop_vanished_snapshots(source('raw', 'roster')) }}",
) }}

with source as (
    {{ snapshot_rows_to_keep(source('raw', 'roster')) }}
),

renamed as (
    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(gender as {{ dbt.type_string() }}) as gender,
        cast(birth_date as date) as birth_date,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(staff_category as {{ dbt.type_string() }}) as staff_category,
        cast(employment_type as {{ dbt.type_string() }}) as employment_type,
        cast(hire_date as date) as hire_date,
        cast(separation_date as date) as separation_date,
        cast(education_level as {{ dbt.type_string() }}) as education_level,
        cast(major as {{ dbt.type_string() }}) as major,
        cast(prior_experience_years as double) as prior_experience_years,
        cast(professional_title as {{ dbt.type_string() }}) as professional_title,
        cast(registered_safety_engineer as boolean) as registered_safety_engineer,
        cast(cert_no as {{ dbt.type_string() }}) as cert_no,
        cast(cert_expiry as date) as cert_expiry,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number,
        cast(_load_seq as bigint) as load_seq
    from source
    where _load_seq = _latest_load_of_date
),

final as (
    select * from renamed
)

select * from final
