-- The quarterly bulletin (通报): the divisions ranked on the policy's measures, from the marts the
-- leadership page reads, so that the bulletin and the dashboards show the same numbers.
--
-- A quarter is any calendar quarter holding a roster snapshot; its figure is taken
--   * for the staff measures at as_of_date = the quarter's latest roster snapshot date
--     (professional ratio: kpi_professional_ratio; induction: training_induction_status);
--   * for the refresher and the conflicts, per calendar year in their marts, for the year of the
--     quarter (year-to-date while that year is not finished);
--   * for the inspection measures over the inspections started from the year's 1 January to the
--     quarter's last day (year-to-date, so the fourth quarter is the whole year, as the
--     dashboards' year figures).
-- Ranked: the divisions of the units snapshot in force at as_of_date (the corps bureau is in the
-- corps-wide figure but not ranked). A higher ratio ranks first; for conflicts (per 100
-- enterprises a division is the designated body of) fewer ranks first. Equal values share a rank
-- (rank(): 1, 1, 3); a division without a figure (nobody the rule applies to) gets no rank.

with kpi as (
    select * from {{ ref('kpi_professional_ratio') }}
),

quarters as (
    select
        cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date) as quarter_start,
        max(as_of_date) as as_of_date
    from kpi
    group by 1
),

periods as (
    select
        cast(extract(year from quarter_start) as integer) as year,
        cast(extract(quarter from quarter_start) as integer) as quarter_number,
        quarter_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_start')) }} as date) as quarter_end,
        cast({{ dbt.date_trunc('year', 'quarter_start') }} as date) as period_start,
        as_of_date
    from quarters
),

divisions as (
    select periods.*, kpi.unit_code, kpi.unit_name
    from periods
    inner join kpi
        on kpi.as_of_date = periods.as_of_date
    where kpi.row_type = 'unit' and kpi.unit_level = 'division'
),

-- numerator / denominator per quarter and unit; unit_code 'ALL' is the corps-wide figure
professional as (
    select
        periods.as_of_date,
        kpi.unit_code,
        kpi.qualified_officers as numerator,
        kpi.officers_in_post as denominator,
        kpi.target_ratio as target,
        kpi.meets_target
    from periods
    inner join kpi
        on kpi.as_of_date = periods.as_of_date
),

induction_units as (
    select
        as_of_date,
        unit_code,
        count(case when status = 'compliant' then 1 end) as numerator,
        count(case when status <> 'not_required' then 1 end) as denominator
    from {{ ref('training_induction_status') }}
    where as_of_date in (select as_of_date from periods)
    group by as_of_date, unit_code
),

induction as (
    select as_of_date, unit_code, numerator, denominator from induction_units
    union all
    select as_of_date, 'ALL', sum(numerator), sum(denominator)
    from induction_units
    group by as_of_date
),

refresher_units as (
    select
        year,
        unit_code,
        count(case when status = 'compliant' then 1 end) as numerator,
        count(*) as denominator
    from {{ ref('training_refresher_status') }}
    group by year, unit_code
),

refresher as (
    select year, unit_code, numerator, denominator from refresher_units
    union all
    select year, 'ALL', sum(numerator), sum(denominator)
    from refresher_units
    group by year
),

inspections_in_period as (
    select
        periods.quarter_start,
        checks.body_code,
        checks.team_valid,
        checks.inspection_mode,
        checks.publicity_status
    from periods
    inner join {{ ref('inspection_checks') }} as checks
        on checks.start_date >= periods.period_start
        and checks.start_date <= periods.quarter_end
),

inspection_units as (
    select
        quarter_start,
        body_code as unit_code,
        count(case when team_valid then 1 end) as team_numerator,
        count(*) as team_denominator,
        -- publicity is judged once its deadline has passed or it was published: pending is not
        -- yet on time or late
        count(case when inspection_mode = 'double_random' and publicity_status = 'on_time'
                   then 1 end) as publicity_numerator,
        count(case when inspection_mode = 'double_random'
                    and publicity_status in ('on_time', 'late', 'overdue') then 1 end)
            as publicity_denominator
    from inspections_in_period
    group by quarter_start, body_code
),

inspections as (
    select * from inspection_units
    union all
    select quarter_start, 'ALL', sum(team_numerator), sum(team_denominator),
           sum(publicity_numerator), sum(publicity_denominator)
    from inspection_units
    group by quarter_start
),

-- conflicts per 100 enterprises supervised, as the leadership page's normalised chart: a
-- division's findings are those of the enterprises it is the designated body of; the corps
-- counts every finding (also of enterprises with no designated body) over every enterprise
-- operating at the year end
conflict_counts as (
    select year, designated_body as unit_code, count(*) as findings
    from {{ ref('enforcement_body_conflicts') }}
    where designated_body is not null
    group by year, designated_body
    union all
    select year, 'ALL', count(*)
    from {{ ref('enforcement_body_conflicts') }}
    group by year
),

supervised as (
    select year, designated_body as unit_code, count(*) as enterprises
    from {{ ref('supervision_frequency') }}
    where designated_body is not null
    group by year, designated_body
    union all
    select year, 'ALL', count(*)
    from {{ ref('supervision_frequency') }}
    group by year
),

conflicts as (
    select
        coalesce(supervised.year, conflict_counts.year) as year,
        coalesce(supervised.unit_code, conflict_counts.unit_code) as unit_code,
        coalesce(conflict_counts.findings, 0) as numerator,
        coalesce(supervised.enterprises, 0) as denominator
    from supervised
    full outer join conflict_counts
        on supervised.year = conflict_counts.year
        and supervised.unit_code = conflict_counts.unit_code
),

figures as (
    select
        periods.quarter_start,
        'professional_ratio' as measure,
        professional.unit_code,
        professional.numerator,
        professional.denominator,
        professional.target,
        professional.meets_target
    from periods
    inner join professional on professional.as_of_date = periods.as_of_date
    union all
    select periods.quarter_start, 'induction_rate', induction.unit_code, induction.numerator,
           induction.denominator, null, null
    from periods
    inner join induction on induction.as_of_date = periods.as_of_date
    union all
    select periods.quarter_start, 'refresher_rate', refresher.unit_code, refresher.numerator,
           refresher.denominator, null, null
    from periods
    inner join refresher on refresher.year = periods.year
    union all
    select quarter_start, 'team_validity', unit_code, team_numerator, team_denominator, null, null
    from inspections
    union all
    select quarter_start, 'publicity_timeliness', unit_code, publicity_numerator,
           publicity_denominator, null, null
    from inspections
    union all
    select periods.quarter_start, 'conflicts_per_100', conflicts.unit_code, conflicts.numerator,
           conflicts.denominator, null, null
    from periods
    inner join conflicts on conflicts.year = periods.year
),

measures as (
    select *
    from (
        values
            (1, 'professional_ratio', true),
            (2, 'induction_rate', true),
            (3, 'refresher_rate', true),
            (4, 'team_validity', true),
            (5, 'publicity_timeliness', true),
            (6, 'conflicts_per_100', false)
    ) as m (measure_order, measure, higher_is_better)
),

valued as (
    select
        quarter_start,
        measure,
        unit_code,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        case
            when denominator > 0 and measure = 'conflicts_per_100'
                then cast(numerator as double) * 100 / denominator
            when denominator > 0 then cast(numerator as double) / denominator
        end as value,
        target,
        meets_target
    from figures
),

ranked as (
    select
        divisions.*,
        measures.measure_order,
        measures.measure,
        measures.higher_is_better,
        coalesce(unit_figure.numerator, 0) as numerator,
        coalesce(unit_figure.denominator, 0) as denominator,
        unit_figure.value,
        coalesce(corps.numerator, 0) as corps_numerator,
        coalesce(corps.denominator, 0) as corps_denominator,
        corps.value as corps_value,
        corps.target,
        unit_figure.meets_target
    from divisions
    cross join measures
    left join valued as unit_figure
        on unit_figure.quarter_start = divisions.quarter_start
        and unit_figure.measure = measures.measure
        and unit_figure.unit_code = divisions.unit_code
    left join valued as corps
        on corps.quarter_start = divisions.quarter_start
        and corps.measure = measures.measure
        and corps.unit_code = 'ALL'
),

final as (
    select
        cast(year as {{ dbt.type_string() }}) || 'Q' || cast(quarter_number as {{ dbt.type_string() }}) as quarter,
        year,
        quarter_number,
        quarter_start,
        quarter_end,
        as_of_date,
        period_start,
        measure_order,
        measure,
        higher_is_better,
        unit_code,
        unit_name,
        numerator,
        denominator,
        value,
        case
            when value is null then null
            when higher_is_better then rank() over (
                partition by quarter_start, measure, value is null order by value desc)
            else rank() over (partition by quarter_start, measure, value is null order by value)
        end as rank,
        count(value) over (partition by quarter_start, measure) as units_ranked,
        corps_numerator,
        corps_denominator,
        corps_value,
        target,
        meets_target
    from ranked
)

select * from final
