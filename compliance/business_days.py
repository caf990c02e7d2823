"""Business days for the NYC Local Law 144 notice period: weekdays that are not New York
public holidays (the federal holidays and the State's own, as observed).

`holidays` knows the calendar and counts the days (`get_working_days_count`,
`get_nth_working_day`); this module only fixes which calendar and what "between" means.
"""

from datetime import date, timedelta

import holidays

# NYC Local Law 144 applies in New York City: the State's calendar of public holidays.
COUNTRY, SUBDIVISION = "US", "NY"


def _calendar(*years: int) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=years)


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end`."""
    if end <= start:
        return 0
    first = start + timedelta(days=1)
    return _calendar(first.year, end.year).get_working_days_count(first, end)


def add_business_days(start: date, days: int) -> date:
    """The first day on which `days` business days have passed since `start`."""
    if days <= 0:
        return start
    return _calendar(start.year).get_nth_working_day(start, days)
