{#-
  Incremental staging (docs/performance.md "What was tuned").

  The raw tables only grow, and `_load_seq` grows with every file loaded. A staging table keeps
  the `load_seq` of each row it holds, so `max(load_seq)` of the table is a load the last build
  had already seen: every raw row at or below it was there then. Rows above it are new (or were
  seen and lost, which only costs reprocessing them). An incremental run re-decides only what
  those rows touch, from *all* raw rows of it, so the result is the same as a full build's.

  Used with materialized='incremental', incremental_strategy='delete+insert' and the key below
  as unique_key: dbt deletes the table's rows of every key in the result and inserts the result.
-#}

{#- The newest load the incremental model `this` has seen (0 when it is empty). -#}
{% macro seen_load_seq() -%}
    (select coalesce(max(load_seq), 0) from {{ this }})
{%- endmacro %}

{#-
  Raw rows of an event source to rank for the current version (or current team): all of them on
  a full build; on an incremental run, all rows of the keys that new rows name.
-#}
{% macro event_rows_to_rank(relation, key_column) %}
    select *
    from {{ relation }}
    {%- if is_incremental() %}
    where {{ key_column }} in (
        select {{ key_column }}
        from {{ relation }}
        where _load_seq > {{ seen_load_seq() }}
    )
    {%- endif %}
{% endmacro %}

{#-
  Raw rows of a snapshot source, with the latest load of their extract date (a re-delivered
  snapshot replaces the date): all of them on a full build; on an incremental run, the dates that
  new rows belong to. Pair it with unique_key='extract_date' and the post-hook
  `drop_vanished_snapshots`.
-#}
{% macro snapshot_rows_to_keep(relation) %}
    select
        *,
        max(_load_seq) over (partition by _extract_date) as _latest_load_of_date
    from {{ relation }}
    {%- if is_incremental() %}
    where _extract_date in (
        select _extract_date
        from {{ relation }}
        where _load_seq > {{ seen_load_seq() }}
    )
    {%- endif %}
{% endmacro %}

{#-
  Post-hook of an incremental snapshot staging model: a snapshot date no longer in raw (a
  re-delivery of that date whose every row was rejected) leaves the table too. delete+insert
  cannot do it: no result row names that date.
-#}
{% macro drop_vanished_snapshots(relation) -%}
    {#- A full build (always, on Spark) reads every date in raw: nothing to drop. -#}
    {%- if is_incremental() %}
    delete from {{ this }}
    where extract_date not in (select _extract_date from {{ relation }})
    {%- endif %}
{%- endmacro %}
