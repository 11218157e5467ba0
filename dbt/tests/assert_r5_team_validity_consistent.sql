-- R5: team_valid is exactly "qualified_officers >= min_officers_per_inspection", and nobody is
-- counted who is not on the team.
select
    inspection_id,
    qualified_officers,
    staff_count,
    min_officers_per_inspection,
    team_valid
from {{ ref('inspection_checks') }}
where
    team_valid <> (qualified_officers >= min_officers_per_inspection)
    or qualified_officers > staff_count
    or qualified_officers < 0
