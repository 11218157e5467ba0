-- R9: band_status agrees with the fine and the limits it was judged against.
select
    case_no,
    fine_amount,
    fine_min,
    fine_max,
    band_status
from {{ ref('penalty_checks') }}
where
    (band_status = 'within' and not (fine_amount >= fine_min and fine_amount <= fine_max))
    or (band_status = 'below' and not (fine_amount < fine_min))
    or (band_status = 'above' and not (fine_amount > fine_max))
    or (band_status = 'no_standard' and (fine_min is not null or fine_max is not null))
