-- Enterprises with their names, as of the latest registry snapshot that lists each of them: an
-- enterprise that left the registry keeps its last known row (flagged), and one that facts name
-- but no registry ever listed (an orphan) is kept with empty attributes, so that every fact's
-- uscc joins to exactly one row here. Enterprise data only, no personal data.

with states as (
    select
        *,
        max(snapshot_date) over () as latest_registry_date,
        max(snapshot_date) over (partition by uscc) as latest_date_of_uscc
    from {{ ref('int_enterprise_state') }}
),

registered as (
    select
        uscc,
        enterprise_name,
        unit_code,
        park_name,
        enterprise_type,
        risk_level,
        major_hazard_level,
        standardization_grade,
        designated_body,
        status,
        snapshot_date as registry_date,
        snapshot_date = latest_registry_date as in_latest_registry
    from states
    where snapshot_date = latest_date_of_uscc
),

fact_usccs as (
    select uscc from {{ ref('stg_inspections') }}
    union
    select uscc from {{ ref('stg_penalties') }}
),

unregistered as (
    select distinct fact_usccs.uscc
    from fact_usccs
    left join registered
        on fact_usccs.uscc = registered.uscc
    where registered.uscc is null
),

all_enterprises as (
    select * from registered
    union all
    select
        uscc,
        cast(null as {{ dbt.type_string() }}) as enterprise_name,
        cast(null as {{ dbt.type_string() }}) as unit_code,
        cast(null as {{ dbt.type_string() }}) as park_name,
        cast(null as {{ dbt.type_string() }}) as enterprise_type,
        cast(null as {{ dbt.type_string() }}) as risk_level,
        cast(null as {{ dbt.type_string() }}) as major_hazard_level,
        cast(null as {{ dbt.type_string() }}) as standardization_grade,
        cast(null as {{ dbt.type_string() }}) as designated_body,
        cast(null as {{ dbt.type_string() }}) as status,
        cast(null as date) as registry_date,
        false as in_latest_registry
    from unregistered
),

final as (
    select
        all_enterprises.uscc,
        all_enterprises.enterprise_name,
        all_enterprises.unit_code,
        units.unit_name,
        all_enterprises.designated_body,
        bodies.unit_name as designated_body_name,
        all_enterprises.park_name,
        all_enterprises.enterprise_type,
        all_enterprises.risk_level,
        all_enterprises.major_hazard_level,
        all_enterprises.standardization_grade,
        all_enterprises.status,
        all_enterprises.registry_date,
        all_enterprises.in_latest_registry,
        all_enterprises.registry_date is not null as in_registry
    from all_enterprises
    left join {{ ref('dim_units') }} as units
        on all_enterprises.unit_code = units.unit_code
    left join {{ ref('dim_units') }} as bodies
        on all_enterprises.designated_body = bodies.unit_code
)

select * from final
