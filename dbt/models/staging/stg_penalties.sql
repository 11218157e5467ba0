-- Event source: the current version of each key, i.e. the row with the greatest
-- (_extract_date, _load_seq, _row_number) for the key (docs/architecture.md).
-- Incremental: a run ranks again only the keys named by rows loaded since the last build
-- (macros/incremental_rows.sql); load_seq is the load of the current version.
{{ config(materialized=incremental_where_supported(), unique_key='case_no') }}

with source as (
    select
        *,
        {{ version_rank(['case_no']) }} as _version_rank
    from ({{ event_rows_to_rank(source('raw', 'penalties'), 'case_no') }}) as rows_to_rank
),

renamed as (
    select
        cast(case_no as {{ dbt.type_string() }}) as case_no,
        cast(uscc as {{ dbt.type_string() }}) as uscc,
        cast(body_code as {{ dbt.type_string() }}) as body_code,
        cast(inspection_id as {{ dbt.type_string() }}) as inspection_id,
        cast(filed_date as date) as filed_date,
        cast(decision_date as date) as decision_date,
        cast(violation_code as {{ dbt.type_string() }}) as violation_code,
        cast(circumstance as {{ dbt.type_string() }}) as circumstance,
        cast(fine_amount as double) as fine_amount,
        cast(confiscation_amount as double) as confiscation_amount,
        cast(other_measures as {{ dbt.type_string() }}) as other_measures,
        cast(is_major as boolean) as is_major,
        cast(legal_review_date as date) as legal_review_date,
        cast(publicity_date as date) as publicity_date,
        cast(paid_date as date) as paid_date,
        cast(referred_to_judiciary as boolean) as referred_to_judiciary,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(_extract_date as date) as extract_date,
        cast(_file_name as {{ dbt.type_string() }}) as file_name,
        cast(_row_number as bigint) as source_row_number,
        cast(_load_seq as bigint) as load_seq
    from source
    where _version_rank = 1
),

final as (
    select * from renamed
)

select * from final
