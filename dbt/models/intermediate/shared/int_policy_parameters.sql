-- The policy parameters as one typed row (rules.md "Policy parameters").
-- Source: the seed policy_parameters (dbt/seeds/policy_parameters.csv), the one place where
-- the bureau changes them. A missing parameter shows up as NULL and fails the not_null tests.

with source as (
    select
        trim(parameter) as parameter,
        trim(value) as value
    from {{ ref('policy_parameters') }}
),

pivoted as (
    select
        {% set columns = [
            ('policy_effective_date', 'date'),
            ('professional_target_ratio', 'double'),
            ('professional_target_deadline', 'date'),
            ('target_path_deadline', 'date'),
            ('min_education_level', dbt.type_string()),
            ('min_practical_years', 'double'),
            ('induction_min_days', 'integer'),
            ('induction_grace_days', 'integer'),
            ('refresher_min_days', 'integer'),
            ('practical_window_years', 'integer'),
            ('min_officers_per_inspection', 'integer'),
            ('random_publicity_workdays', 'integer'),
            ('penalty_publicity_workdays', 'integer'),
            ('duplicate_window_days', 'integer'),
            ('conflict_exempt_modes', dbt.type_string()),
            ('min_inspections_red', 'integer'),
            ('min_inspections_orange', 'integer'),
            ('min_inspections_yellow', 'integer'),
            ('min_inspections_blue', 'integer'),
        ] %}
        {%- for name, type in columns %}
        cast(max(case when parameter = '{{ name }}' then value end) as {{ type }}) as {{ name }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from source
),

final as (
    select
        policy_effective_date,
        professional_target_ratio,
        professional_target_deadline,
        target_path_deadline,
        lower(min_education_level) as min_education_level,
        min_practical_years,
        induction_min_days,
        induction_grace_days,
        refresher_min_days,
        practical_window_years,
        min_officers_per_inspection,
        random_publicity_workdays,
        penalty_publicity_workdays,
        duplicate_window_days,
        -- normalised: lower-case codes, no spaces, sorted is not needed (membership tests)
        replace(lower(conflict_exempt_modes), ' ', '') as conflict_exempt_modes,
        min_inspections_red,
        min_inspections_orange,
        min_inspections_yellow,
        min_inspections_blue
    from pivoted
)

select * from final
