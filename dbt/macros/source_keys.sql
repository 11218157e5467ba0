{#- The key columns and kind of every source, as in data_contracts/*.yml (tests/test_return_sheets.py
    asserts they are the same): the rejected-row closure matches keys across files. -#}
{% macro source_keys() %}
    {{ return({
        'calendar': ('snapshot', ['calendar_date']),
        'discretion_standards': ('snapshot', ['violation_code', 'circumstance']),
        'enterprises': ('snapshot', ['uscc']),
        'inspection_staff': ('event', ['inspection_id', 'person_id']),
        'inspections': ('event', ['inspection_id']),
        'majors': ('snapshot', ['major']),
        'penalties': ('event', ['case_no']),
        'random_tasks': ('event', ['task_id']),
        'roster': ('snapshot', ['person_id']),
        'training': ('event', ['record_id']),
        'units': ('snapshot', ['unit_code']),
    }) }}
{% endmacro %}
