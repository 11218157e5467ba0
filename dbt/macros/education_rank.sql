{#-
  Rank of an education level code in the order of sources.md (最高学历):
  high_school < secondary < associate < bachelor < master < doctor. Unknown codes give NULL
  (which compares as "not at least" anything).
-#}
{% macro education_rank(column) -%}
    case {{ column }}
        when 'high_school' then 1
        when 'secondary' then 2
        when 'associate' then 3
        when 'bachelor' then 4
        when 'master' then 5
        when 'doctor' then 6
    end
{%- endmacro %}
