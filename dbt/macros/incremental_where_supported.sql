{#-
  Materialisation of the incremental staging models: incremental on DuckDB (delete+insert,
  macros/incremental_rows.sql); a plain table on Spark, where dbt-spark has no delete+insert
  strategy and the build is always a full one (docs/scale-out.md).
-#}
{% macro incremental_where_supported() -%}
    {{ return('table' if target.type == 'spark' else 'incremental') }}
{%- endmacro %}
