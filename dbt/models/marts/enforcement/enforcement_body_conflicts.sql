-- R7: one row per year, enterprise and conflict type, with the enterprise's designated body at
-- Y-12-31 and the bodies, inspections and cases involved as sorted comma-separated lists.

with items as (
    select
        year,
        uscc,
        conflict_type,
        body_code,
        inspection_id,
        case_no
    from {{ ref('int_r7_conflict_items') }}
),

years as (
    select
        year,
        year_end,
        is_year_to_date
    from {{ ref('int_r7_years') }}
),

params as (
    select
        duplicate_window_days,
        conflict_exempt_modes
    from {{ ref('int_policy_parameters') }}
),

enterprise_state as (
    select
        uscc,
        valid_from,
        valid_to,
        designated_body
    from {{ ref('int_enterprise_state') }}
),

findings as (
    select distinct
        year,
        uscc,
        conflict_type
    from items
),

distinct_bodies as (
    select distinct year, uscc, conflict_type, body_code
    from items
    where body_code is not null
),

distinct_inspections as (
    select distinct year, uscc, conflict_type, inspection_id
    from items
    where inspection_id is not null
),

distinct_cases as (
    select distinct year, uscc, conflict_type, case_no
    from items
    where case_no is not null
),

body_lists as (
    select
        year,
        uscc,
        conflict_type,
        count(*) as body_count,
        {{ sorted_listagg('body_code', "','") }} as bodies,
        {{ sorted_list('body_code') }} as body_list
    from distinct_bodies
    group by year, uscc, conflict_type
),

inspection_lists as (
    select
        year,
        uscc,
        conflict_type,
        count(*) as inspection_count,
        {{ sorted_listagg('inspection_id', "','") }} as inspection_ids,
        {{ sorted_list('inspection_id') }} as inspection_id_list
    from distinct_inspections
    group by year, uscc, conflict_type
),

case_lists as (
    select
        year,
        uscc,
        conflict_type,
        count(*) as case_count,
        {{ sorted_listagg('case_no', "','") }} as case_nos,
        {{ sorted_list('case_no') }} as case_no_list
    from distinct_cases
    group by year, uscc, conflict_type
)

select
    findings.year,
    findings.uscc,
    findings.conflict_type,
    enterprise_state.designated_body,
    coalesce(body_lists.bodies, '') as bodies,
    coalesce(inspection_lists.inspection_ids, '') as inspection_ids,
    coalesce(case_lists.case_nos, '') as case_nos,
    cast(coalesce(body_lists.body_count, 0) as integer) as body_count,
    cast(coalesce(inspection_lists.inspection_count, 0) as integer) as inspection_count,
    cast(coalesce(case_lists.case_count, 0) as integer) as case_count,
    -- The same lists as lists (DuckDB LIST, Spark ARRAY: macros/portable.sql): the contract
    -- fixes the comma strings above, and a list needs no splitting (docs/analyst.md).
    coalesce(body_lists.body_list, {{ empty_text_list() }}) as body_list,
    coalesce(inspection_lists.inspection_id_list, {{ empty_text_list() }}) as inspection_id_list,
    coalesce(case_lists.case_no_list, {{ empty_text_list() }}) as case_no_list,
    years.is_year_to_date,
    params.duplicate_window_days,
    params.conflict_exempt_modes
from findings
inner join years
    on findings.year = years.year
cross join params
left join enterprise_state
    on
        findings.uscc = enterprise_state.uscc
        and enterprise_state.valid_from <= years.year_end
        and years.year_end < enterprise_state.valid_to
left join body_lists
    on
        findings.year = body_lists.year
        and findings.uscc = body_lists.uscc
        and findings.conflict_type = body_lists.conflict_type
left join inspection_lists
    on
        findings.year = inspection_lists.year
        and findings.uscc = inspection_lists.uscc
        and findings.conflict_type = inspection_lists.conflict_type
left join case_lists
    on
        findings.year = case_lists.year
        and findings.uscc = case_lists.uscc
        and findings.conflict_type = case_lists.conflict_type
