{#-
  Fails for every combination of `columns` that occurs more than once in the model
  (dbt-core has no multi-column unique test and we use no hub packages).
  Usage in a model yml:
    data_tests:
      - unique_combination:
          arguments:
            columns: [as_of_date, unit_code]
-#}
{% test unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
