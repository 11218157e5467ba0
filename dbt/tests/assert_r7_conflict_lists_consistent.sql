-- R7: the lists fit the conflict type - two or more bodies for multiple_bodies, two or more
-- inspections for duplicate_inspection, cases (and no inspections) exactly for
-- non_designated_penalty, and no designated body for no_designated_body.
-- Lists are joined with ',' alone: no item starts or ends with a space (sources.md strips
-- leading and trailing spaces from every value). Spaces *inside* an item are data, not a
-- separator - codes and numbers are free text (e.g. 'JC20240079387  -20250131').
select *
from {{ ref('enforcement_body_conflicts') }}
where
    (conflict_type = 'multiple_bodies' and body_count < 2)
    or (conflict_type = 'duplicate_inspection' and (inspection_count < 2 or body_count < 2))
    or (conflict_type = 'non_designated_penalty' and (case_count = 0 or inspection_ids <> ''))
    or (conflict_type <> 'non_designated_penalty' and case_nos <> '')
    or (conflict_type = 'no_designated_body' and designated_body is not null)
    {%- for column in ['bodies', 'inspection_ids', 'case_nos'] %}
    or {{ column }} like ' %'
    or {{ column }} like '% '
    or {{ column }} like '%, %'
    or {{ column }} like '% ,%'
    {%- endfor %}
