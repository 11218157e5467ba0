-- Violation codes with their names. The sources name a violation only in the discretion
-- standards (违法行为, per code and circumstance); penalties carry the code alone. So the name of
-- a code is the one of the latest standards snapshot that lists it, and a code that appears only
-- in penalties is kept with an empty name, so that every fact's code joins to a row here.

with standards as (
    select
        violation_code,
        violation_name,
        legal_basis,
        fine_min,
        fine_max,
        extract_date,
        max(extract_date) over () as latest_standard_date,
        max(extract_date) over (partition by violation_code) as latest_date_of_code
    from {{ ref('stg_discretion_standards') }}
),

named as (
    -- One code has one band per circumstance; should the bands disagree on the name or the legal
    -- basis, the alphabetically first is taken, so the dimension stays one row per code.
    select
        violation_code,
        min(violation_name) as violation_name,
        min(legal_basis) as legal_basis,
        cast(count(*) as bigint) as band_count,
        cast(min(fine_min) as decimal(18, 2)) as fine_min,
        cast(max(fine_max) as decimal(18, 2)) as fine_max,
        max(extract_date) as standard_date,
        max(extract_date) = max(latest_standard_date) as in_latest_standard
    from standards
    where extract_date = latest_date_of_code
    group by violation_code
),

penalty_only as (
    select distinct penalties.violation_code
    from {{ ref('stg_penalties') }} as penalties
    left join named
        on penalties.violation_code = named.violation_code
    where named.violation_code is null
),

final as (
    select * from named
    union all
    select
        violation_code,
        cast(null as {{ dbt.type_string() }}) as violation_name,
        cast(null as {{ dbt.type_string() }}) as legal_basis,
        cast(0 as bigint) as band_count,
        cast(null as decimal(18, 2)) as fine_min,
        cast(null as decimal(18, 2)) as fine_max,
        cast(null as date) as standard_date,
        false as in_latest_standard
    from penalty_only
)

select * from final
