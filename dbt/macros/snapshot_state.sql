{#-
  Validity intervals of a snapshot source (rules.md "snapshot in force at T").

  `relation` holds every snapshot with an `extract_date` column (a stg_<snapshot source> model).
  Returns every row of it with:
    snapshot_date  = extract_date of the snapshot the row belongs to,
    valid_from     = snapshot_date, except 1900-01-01 for the earliest snapshot
                     (the earliest snapshot is in force before it was taken),
    valid_to       = the next snapshot's date, 9999-12-31 for the latest (exclusive).
  The snapshot in force at T is the one with valid_from <= T < valid_to; a key absent from it
  does not exist at T.
-#}
{% macro snapshot_state(relation) %}
    with snapshot_dates as (
        select distinct extract_date as snapshot_date
        from {{ relation }}
    ),

    validity as (
        select
            snapshot_date,
            case
                when snapshot_date = min(snapshot_date) over () then cast('1900-01-01' as date)
                else snapshot_date
            end as valid_from,
            coalesce(
                lead(snapshot_date) over (order by snapshot_date),
                cast('9999-12-31' as date)
            ) as valid_to
        from snapshot_dates
    )

    select
        validity.snapshot_date,
        validity.valid_from,
        validity.valid_to,
        snapshot_rows.*
    from {{ relation }} as snapshot_rows
    inner join validity
        on snapshot_rows.extract_date = validity.snapshot_date
{% endmacro %}

{#-
  The snapshot in force at each distinct date of a column (rules.md "snapshot in force at T"):
  one row per (date, snapshot_date). Join it on the date, then the state model on
  (key, snapshot_date): an equality join, where a join of the state model on
  valid_from <= T < valid_to compares every row with every snapshot of the same key.

  state_relation: an int_*_state model; dates: a relation or CTE name; date_column: its column.
-#}
{% macro snapshot_in_force(state_relation, dates, date_column) %}
    select
        dates.{{ date_column }},
        validity.snapshot_date
    from (select distinct {{ date_column }} from {{ dates }}) as dates
    inner join (
        select distinct snapshot_date, valid_from, valid_to
        from {{ state_relation }}
    ) as validity
        on
            validity.valid_from <= dates.{{ date_column }}
            and dates.{{ date_column }} < validity.valid_to
{% endmacro %}
