-- R1 detail for the personnel pages: every officer in post at each roster snapshot date D and
-- which of the three qualification conditions they meet (no names or ID numbers).

select * from {{ ref('int_officer_qualification') }}
