"""Time axis of the generated world: month ends, quarter ends, the official working-day calendar.

Dates are handled as int64 day numbers (days since 1970-01-01); NA_DAY marks a blank date.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

NA_DAY = np.int64(-(2**40))
FIRST_YEAR, LAST_YEAR = 2020, 2024
N_MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12


def day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


def _month_ends() -> np.ndarray:
    starts = np.arange(np.datetime64(f"{FIRST_YEAR}-02"), np.datetime64(f"{LAST_YEAR + 1}-02"), dtype="datetime64[M]")
    return (starts.astype("datetime64[D]") - 1).astype(np.int64)


MONTH_ENDS = _month_ends()                      # 60: 2020-01-31 … 2024-12-31
QUARTER_ENDS = MONTH_ENDS[2::3]                  # 20: 2020-03-31 … 2024-12-31
HORIZON = int(MONTH_ENDS[-1])                    # the latest extract date
POLICY_DAY = day("2020-11-23")


def month_index(days: np.ndarray) -> np.ndarray:
    """Index of the calendar month containing each day (0 = 2020-01); may be out of range."""
    m = np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return m - (FIRST_YEAR - 1970) * 12


def month_in_force(days: np.ndarray) -> np.ndarray:
    """Index of the monthly snapshot in force at each day (latest on or before; else the first)."""
    return np.clip(np.searchsorted(MONTH_ENDS, days, side="right") - 1, 0, N_MONTHS - 1)


def quarter_in_force(days: np.ndarray) -> np.ndarray:
    return np.clip(np.searchsorted(QUARTER_ENDS, days, side="right") - 1, 0, len(QUARTER_ENDS) - 1)


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d64 = np.asarray(days).astype("datetime64[D]")
    months = d64.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    d = (d64 - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday."""
    return (np.asarray(days) + 3) % 7


class WorkCalendar:
    """Official working days (chinesecalendar), Monday–Friday where the library has no data."""

    def __init__(self, start: str = "2019-01-01", end: str = "2027-12-31"):
        import chinese_calendar

        self.start = day(start)
        days = np.arange(self.start, day(end) + 1)
        work = np.empty(len(days), dtype=bool)
        for i, d in enumerate(days):
            date = dt.date(1970, 1, 1) + dt.timedelta(days=int(d))
            try:
                work[i] = chinese_calendar.is_workday(date)
            except NotImplementedError:
                work[i] = date.weekday() < 5
        self.is_work = work
        self.cum = np.cumsum(work)

    def is_workday(self, days: np.ndarray) -> np.ndarray:
        return self.is_work[np.asarray(days) - self.start]

    def add_workdays(self, days: np.ndarray, n) -> np.ndarray:
        """The n-th working day strictly after each day."""
        target = self.cum[np.asarray(days) - self.start] + n
        return np.searchsorted(self.cum, target, side="left") + self.start

    def next_workday(self, days: np.ndarray) -> np.ndarray:
        """The day itself when a working day, else the next working day."""
        return self.add_workdays(np.asarray(days) - 1, 1)
