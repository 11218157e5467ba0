-- Validity of each roster snapshot (rules.md "snapshot in force at T"): every row of
-- stg_roster with snapshot_date, valid_from, valid_to. The state of a key (person_id) at T is
-- its row with valid_from <= T < valid_to; no such row = it does not exist at T.

-- A view: stg_roster is an incremental table, and the validity is a join with a few rows, so a
-- table would copy every snapshot on every run for nothing (docs/performance.md).
{{ config(materialized='view') }}

{{ snapshot_state(ref('stg_roster')) }}
