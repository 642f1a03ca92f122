"""Working days in Indonesia, and the due date of a case in each status.

Service levels are counted in working days (hari kerja), as UU 2/2004 counts its
deadlines: Monday to Friday, minus national holidays. The ``holidays`` package lists the
national holidays; the yearly "cuti bersama" days decreed by joint ministerial decree
(SKB) are often missing from it, so every function takes ``extra_days_off`` for the
days the operator configures.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from functools import lru_cache

import holidays

from . import workflow

_NO_DAYS_OFF: frozenset[date] = frozenset()
_SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> frozenset[date]:
    # Building the calendar computes lunar dates; cache it per year.
    return frozenset(holidays.country_holidays("ID", years=year).keys())


def holidays_for(years: Iterable[int]) -> set[date]:
    """National public holidays in Indonesia for the given years."""
    days: set[date] = set()
    for year in set(years):
        days |= _holidays_in(year)
    return days


def is_working_day(d: date, extra_days_off: AbstractSet[date] = _NO_DAYS_OFF) -> bool:
    """Monday to Friday, not a national holiday, not a configured day off."""
    return (
        d.weekday() < _SATURDAY
        and d not in _holidays_in(d.year)
        and d not in extra_days_off
    )


def add_working_days(
    start: date, n: int, extra_days_off: AbstractSet[date] = _NO_DAYS_OFF
) -> date:
    """The ``n``-th working day after ``start`` (the start day itself never counts).

    ``n == 0`` returns ``start`` unchanged, even on a holiday: nothing has elapsed.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, extra_days_off):
            remaining -= 1
    return day


def working_days_between(
    a: date, b: date, extra_days_off: AbstractSet[date] = _NO_DAYS_OFF
) -> int:
    """Working days in the interval (a, b]; negative when ``b`` is before ``a``.

    Counted like ``add_working_days`` so that
    ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a, extra_days_off)
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day, extra_days_off):
            count += 1
    return count


def due_date_for(
    status: str,
    entered_on: date,
    compliance_deadline: date | None = None,
    extra_days_off: AbstractSet[date] = _NO_DAYS_OFF,
) -> date | None:
    """When a case that entered ``status`` on ``entered_on`` should have moved on.

    Closed statuses have no due date. A nota's due date is its compliance deadline as
    written on the nota (None if it has none), taken as is: it is a legal date the
    employer was given, not a service level of ours.
    """
    workflow.require_status(status)
    if status in workflow.CLOSED_STATUSES:
        return None
    days = workflow.DUE_WORKING_DAYS[status]
    if days is None:
        return compliance_deadline
    return add_working_days(entered_on, days, extra_days_off)


def is_overdue(due: date | None, today: date) -> bool:
    """True only once the due day has passed; a case due today is not yet late."""
    return due is not None and today > due
