-- Who each person_id is: the name, ID number and unit of the person's latest roster row.
--
-- Personal data, so this model is the only one that reads full_name and id_number: staging
-- (stg_roster) deliberately leaves them out so that no mart can carry them by accident. Hence the
-- raw source here, not ref('stg_roster'). The schema `restricted` is never published to the
-- serving copy the analysts query; it goes to its own restricted copy (dagster_project/publish.py),
-- which only the personnel pages of the dashboards open (docs/access.md).
--
-- The roster is a snapshot source: the same choice of rows as stg_roster (the latest load of each
-- extract date, macros/incremental_rows.sql), then each person's row from the latest snapshot
-- that lists them, so people who have left keep the name they last had.

with loads as (
    {{ snapshot_rows_to_keep(source('raw', 'roster')) }}
),

snapshot_rows as (
    select
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(full_name as {{ dbt.type_string() }}) as full_name,
        cast(id_number as {{ dbt.type_string() }}) as id_number,
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(_extract_date as date) as snapshot_date,
        row_number() over (
            partition by person_id
            order by _extract_date desc, _row_number desc
        ) as recency
    from loads
    where _load_seq = _latest_load_of_date
),

final as (
    select person_id, full_name, id_number, unit_code, snapshot_date
    from snapshot_rows
    where recency = 1
)

select * from final
