-- R8: required_inspections is the parameter for the risk level, and under_inspected follows it.
select *
from {{ ref('supervision_frequency') }}
where
    required_inspections <> case risk_level
        when 'red' then min_inspections_red
        when 'orange' then min_inspections_orange
        when 'yellow' then min_inspections_yellow
        when 'blue' then min_inspections_blue
    end
    or under_inspected <> (inspections < required_inspections)
