{#-
  on-run-start of the Spark target (docs/scale-out.md): every source a model or test reads is
  registered as an external Parquet table over the folder `regwh export-raw` wrote,
  <spark_sources_dir>/<schema>/<table>/. On Spark a schema is a database (there is no
  catalog level in the session method), so `raw.units` is database `raw`, table `units`, which
  is what source('raw', 'units') renders. Dropping an external table leaves its file alone, so
  every build re-points the tables at the files of this export. No-op on DuckDB, where the
  sources are the warehouse's own tables.
-#}
{% macro register_spark_sources() %}
    {%- if execute and target.type == 'spark' -%}
        {%- set folder = var('spark_sources_dir', none) -%}
        {%- if folder is none -%}
            {{ exceptions.raise_compiler_error(
                "Spark 目标需要 --vars spark_sources_dir（regwh spark-build 会传入）"
                ~ " / the Spark target needs --vars spark_sources_dir (regwh spark-build passes it)") }}
        {%- endif -%}
        {%- set seen = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- for pair in node.sources -%}
                {%- set source = graph.sources['source.' ~ project_name ~ '.' ~ pair[0] ~ '.' ~ pair[1]] -%}
                {%- set name = source.schema ~ '.' ~ source.identifier -%}
                {%- if name not in seen -%}
                    {%- do seen.append(name) -%}
                    {%- do run_query('create database if not exists ' ~ source.schema) -%}
                    {%- do run_query('drop table if exists ' ~ name) -%}
                    {%- do run_query('create table ' ~ name ~ " using parquet location '"
                        ~ folder ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ "'") -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {{ log('spark: ' ~ seen | length ~ ' source tables registered from ' ~ folder, info=true) }}
    {%- endif -%}
{% endmacro %}
