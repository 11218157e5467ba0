{#-
  Current version of each key of an event source (architecture.md): the row with the greatest
  (_extract_date, _load_seq, _row_number) per key. Emits a select over `relation` with a
  `_version_rank` column; keep rows with _version_rank = 1.
-#}
{% macro version_rank(key_columns) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _extract_date desc, _load_seq desc, _row_number desc
    )
{%- endmacro %}
