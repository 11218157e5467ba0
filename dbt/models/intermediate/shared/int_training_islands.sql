-- Passed training records merged into non-overlapping ranges per person and training_type
-- (gaps and islands). Records that overlap OR touch (next start = previous end + 1 day) are
-- merged, so islands are separated by at least one uncovered day; either choice gives the same
-- distinct-day counts. Covered days of a person's records of a type in a window = the sum of
-- the covered_days macro over their islands (rules.md "covered days").
-- Both windows order by record_id after the dates: records with the same dates must come in the
-- same order in both, or an island can be split into two overlapping ones (days counted twice).

with passed as (
    select
        record_id,
        person_id,
        training_type,
        start_date,
        end_date
    from {{ ref('stg_training') }}
    where result = 'pass'
      and person_id is not null
      and start_date is not null
      and end_date >= start_date
),

with_previous_reach as (
    select
        *,
        -- the furthest day covered by the earlier records of this person and type
        max(end_date) over (
            partition by person_id, training_type
            order by start_date, end_date, record_id
            rows between unbounded preceding and 1 preceding
        ) as previous_reach
    from passed
),

flagged as (
    select
        *,
        case
            when previous_reach is null then 1
            when start_date > cast({{ dbt.dateadd('day', 1, 'previous_reach') }} as date) then 1
            else 0
        end as starts_island
    from with_previous_reach
),

numbered as (
    select
        *,
        sum(starts_island) over (
            partition by person_id, training_type
            order by start_date, end_date, record_id
            rows between unbounded preceding and current row
        ) as island_no
    from flagged
),

final as (
    select
        person_id,
        training_type,
        min(start_date) as island_start,
        max(end_date) as island_end,
        count(*) as records
    from numbered
    group by person_id, training_type, island_no
)

select * from final
