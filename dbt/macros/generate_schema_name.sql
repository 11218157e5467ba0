{#-
  Use a folder's custom schema (+schema in dbt_project.yml) as the schema name as-is:
  models/staging -> staging, models/intermediate -> intermediate, models/marts -> marts
  (dbt's default would prefix the target schema: main_staging ...).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
