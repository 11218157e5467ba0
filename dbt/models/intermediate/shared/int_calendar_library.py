"""China's official working-day calendar as published in the `chinese_calendar` library.

One row per date of every year the installed library knows (holidays and make-up workdays
included): calendar_date, is_workday, holiday_name, library_version. Dates outside those years
are simply absent; int_calendar_workdays then falls back to Monday-Friday and says so.

Python model (dbt-duckdb runs it in-process), so it is a table whatever the folder default.
"""
import datetime as dt


def _known_years(chinese_calendar):
    """Years for which the library has the State Council's schedule."""
    from chinese_calendar import constants

    dates = list(constants.holidays) + list(constants.workdays)
    first, last = min(dates).year, max(dates).year
    years = []
    for year in range(first, last + 1):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 30))
        except NotImplementedError:
            continue
        years.append(year)
    return years


def model(dbt, session):
    dbt.config(materialized="table")

    import chinese_calendar
    import pyarrow as pa

    dates, workday, holiday_name = [], [], []
    for year in _known_years(chinese_calendar):
        day = dt.date(year, 1, 1)
        while day.year == year:
            dates.append(day)
            workday.append(bool(chinese_calendar.is_workday(day)))
            is_holiday, name = chinese_calendar.get_holiday_detail(day)
            holiday_name.append(name if is_holiday and name else None)
            day += dt.timedelta(days=1)

    version = getattr(chinese_calendar, "__version__", None)
    return pa.table(
        {
            "calendar_date": pa.array(dates, pa.date32()),
            "is_workday": pa.array(workday, pa.bool_()),
            "holiday_name": pa.array(holiday_name, pa.string()),
            "library_version": pa.array([version] * len(dates), pa.string()),
        }
    )
