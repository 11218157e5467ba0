{#-
  Every listed column of the model is filled in, in one pass over the model (one test per model
  instead of one per column: each test is a query and a dbt node of its own). Fails with one row
  holding the number of nulls of each column.
-#}
{% test not_null_columns(model, columns) %}

select *
from (
    select
        {%- for column in columns %}
        sum(case when {{ column }} is null then 1 else 0 end) as {{ column }}_nulls
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
) as null_counts
where
    {%- for column in columns %}
    {{ column }}_nulls > 0{{ " or" if not loop.last }}
    {%- endfor %}

{% endtest %}
