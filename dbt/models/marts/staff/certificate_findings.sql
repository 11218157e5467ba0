-- R4 Enforcement certificate, rules.md R4: officers in post at each roster snapshot date D
-- whose certificate is
--   missing       no cert_no, or no cert_expiry (no certificate that is valid at D);
--   expired       cert_expiry < D (expired before D);
--   expiring_90d  D <= cert_expiry <= D + 90 days (still valid at D, a warning).
-- Officers with a certificate valid beyond D + 90 days are not listed.

{% set warning_days = 90 %}

with officers as (
    select as_of_date, person_id, unit_code, cert_no, cert_expiry
    from {{ ref('int_staff_in_post') }}
    where staff_category = 'officer'
),

classified as (
    select
        as_of_date,
        person_id,
        unit_code,
        cert_no is not null as has_cert_no,
        cert_expiry,
        case
            when cert_no is null or cert_expiry is null then 'missing'
            when cert_expiry < as_of_date then 'expired'
            when cert_expiry <= cast({{ dbt.dateadd('day', warning_days, 'as_of_date') }} as date)
                then 'expiring_90d'
        end as finding
    from officers
),

final as (
    select
        as_of_date,
        person_id,
        unit_code,
        finding,
        has_cert_no,
        cert_expiry,
        case
            when cert_expiry is not null
                then cast({{ dbt.datediff('as_of_date', 'cert_expiry', 'day') }} as integer)
        end as days_to_expiry,
        {{ warning_days }} as expiry_warning_days
    from classified
    where finding is not null
)

select * from final
