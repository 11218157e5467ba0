-- Validity of each discretion_standards snapshot (rules.md "snapshot in force at T"): every row of
-- stg_discretion_standards with snapshot_date, valid_from, valid_to. The state of a key (violation_code, circumstance) at T is
-- its row with valid_from <= T < valid_to; no such row = it does not exist at T.

{{ snapshot_state(ref('stg_discretion_standards')) }}
