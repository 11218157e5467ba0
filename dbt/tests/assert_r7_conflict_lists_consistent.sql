-- R7: the lists fit the conflict type - two or more bodies for multiple_bodies, two or more
-- inspections for duplicate_inspection, cases (and no inspections) exactly for
-- non_designated_penalty, and no designated body for no_designated_body.
select *
from {{ ref('enforcement_body_conflicts') }}
where
    (conflict_type = 'multiple_bodies' and body_count < 2)
    or (conflict_type = 'duplicate_inspection' and (inspection_count < 2 or body_count < 2))
    or (conflict_type = 'non_designated_penalty' and (case_count = 0 or inspection_ids <> ''))
    or (conflict_type <> 'non_designated_penalty' and case_nos <> '')
    or (conflict_type = 'no_designated_body' and designated_body is not null)
    or bodies like '% %'
    or inspection_ids like '% %'
