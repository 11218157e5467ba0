-- R6 rotation: every pair is ordered and at most rotation_window_days apart.
select *
from {{ ref('inspection_rotation_findings') }}
where
    days_apart < 0
    or days_apart > rotation_window_days
    or first_start_date > second_start_date
    or first_inspection_id = second_inspection_id
