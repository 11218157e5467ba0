-- R5: only double-random inspections have a publicity deadline (after end_date) and a status
-- other than not_required.
select
    inspection_id,
    inspection_mode,
    end_date,
    publicity_deadline,
    publicity_status
from {{ ref('inspection_checks') }}
where
    (inspection_mode = 'double_random') = (publicity_status = 'not_required')
    or (
        inspection_mode = 'double_random'
        and (publicity_deadline is null or publicity_deadline <= end_date)
    )
    or (inspection_mode <> 'double_random' and publicity_deadline is not null)
