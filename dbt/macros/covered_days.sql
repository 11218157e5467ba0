{#-
  Days of one training island [island_start, island_end] (both inclusive) that fall inside
  the window [window_start, window_end] (both inclusive); 0 when they do not meet, and 0 when
  the island is NULL (e.g. the right side of a LEFT JOIN that found nothing).
  Sum it over int_training_islands rows to get rules.md "covered days" in a window
  (islands never overlap, so the sum counts distinct days).
  window_start = none means "no lower bound" (covered days up to window_end).
  Note: DuckDB's greatest()/least() skip NULL arguments, hence the explicit NULL branch.
-#}
{% macro covered_days(island_start, island_end, window_start, window_end) -%}
    {%- if window_start is none -%}
        {%- set lower = island_start -%}
    {%- else -%}
        {%- set lower = "greatest(" ~ island_start ~ ", " ~ window_start ~ ")" -%}
    {%- endif -%}
    {%- set upper = "least(" ~ island_end ~ ", " ~ window_end ~ ")" -%}
    case
        when {{ island_start }} is null or {{ island_end }} is null then 0
        else greatest(0, {{ dbt.datediff(lower, upper, 'day') }} + 1)
    end
{%- endmacro %}
