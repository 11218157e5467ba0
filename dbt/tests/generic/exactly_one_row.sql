{#- Fails unless the model has exactly one row (single-row models such as int_policy_parameters). -#}
{% test exactly_one_row(model) %}
    select count(*) as row_count
    from {{ model }}
    having count(*) <> 1
{% endtest %}
