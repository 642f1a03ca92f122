"""Working days in Indonesia and due dates.

Expected dates are typed out from the calendar as the installed ``holidays`` package
lists it (checked with version 0.109): Idul Fitri 2025 on Mon 31 March and Tue 1
April, Nyepi on Sat 29 March, Christmas on Thu 25 December 2025, New Year on Thu 1
January 2026.
The 2025 cuti bersama (28 March; 2, 3, 4 and 7 April around Idul Fitri) are NOT in the
package, which is why ``extra_days_off`` exists.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules.deadlines import (
    add_working_days,
    due_date_for,
    holidays_for,
    is_overdue,
    is_working_day,
    working_days_between,
)

CUTI_BERSAMA_IDUL_FITRI_2025 = frozenset(
    {
        date(2025, 3, 28),
        date(2025, 4, 2),
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
    }
)


def test_the_package_lists_the_holidays_these_tests_rely_on():
    days = holidays_for([2025, 2026])
    for day in (
        date(2025, 3, 29),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 12, 25),
        date(2026, 1, 1),
    ):
        assert day in days
    assert date(2025, 3, 28) not in days, "cuti bersama is not a national holiday"
    assert date(2026, 1, 1) not in holidays_for([2025])


def test_holidays_for_no_years_is_empty():
    assert holidays_for([]) == set()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 3, 27), True),  # Thursday
        (date(2025, 3, 28), True),  # Friday, cuti bersama unknown to the package
        (date(2025, 3, 29), False),  # Saturday and Nyepi
        (date(2025, 3, 30), False),  # Sunday
        (date(2025, 3, 31), False),  # Idul Fitri
        (date(2025, 4, 1), False),  # Idul Fitri, second day
        (date(2025, 4, 2), True),
        (date(2025, 12, 25), False),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
    ],
)
def test_is_working_day_knows_weekends_and_national_holidays(day, working):
    assert is_working_day(day) is working


def test_a_configured_day_off_is_not_a_working_day():
    assert is_working_day(date(2025, 3, 28), CUTI_BERSAMA_IDUL_FITRI_2025) is False


def test_counting_starts_the_day_after_and_skips_the_weekend():
    friday = date(2025, 6, 13)
    assert add_working_days(friday, 1) == date(2025, 6, 16)
    assert add_working_days(friday, 5) == date(2025, 6, 20)


def test_zero_working_days_is_the_start_day_itself_even_on_a_holiday():
    assert add_working_days(date(2025, 3, 31), 0) == date(2025, 3, 31)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 31), -1)


def test_counting_skips_idul_fitri_2025():
    thursday = date(2025, 3, 27)
    assert add_working_days(thursday, 1) == date(2025, 3, 28)
    assert add_working_days(thursday, 2) == date(2025, 4, 2)
    assert add_working_days(thursday, 3) == date(2025, 4, 3)


def test_counting_skips_configured_cuti_bersama():
    thursday = date(2025, 3, 27)
    assert add_working_days(thursday, 1, CUTI_BERSAMA_IDUL_FITRI_2025) == date(
        2025, 4, 8
    )
    assert add_working_days(thursday, 3, CUTI_BERSAMA_IDUL_FITRI_2025) == date(
        2025, 4, 10
    )


def test_counting_skips_christmas_and_new_year_across_the_year_end():
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 26)
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert add_working_days(date(2025, 12, 24), 5) == date(2026, 1, 2)


def test_working_days_between_counts_the_interval_after_the_first_day():
    assert working_days_between(date(2025, 3, 27), date(2025, 4, 3)) == 3
    assert working_days_between(date(2025, 4, 3), date(2025, 3, 27)) == -3
    assert working_days_between(date(2025, 3, 27), date(2025, 3, 27)) == 0
    assert (
        working_days_between(
            date(2025, 3, 27), date(2025, 4, 8), CUTI_BERSAMA_IDUL_FITRI_2025
        )
        == 1
    )


def test_a_new_complaint_is_due_three_working_days_later():
    assert due_date_for("received", date(2025, 3, 27)) == date(2025, 4, 3)
    assert due_date_for(
        "received", date(2025, 3, 27), extra_days_off=CUTI_BERSAMA_IDUL_FITRI_2025
    ) == date(2025, 4, 10)


@pytest.mark.parametrize(
    ("status", "days"), [("triaged", 5), ("inspection", 30), ("investigation", 60)]
)
def test_working_stages_are_due_after_their_working_days(status, days):
    entered = date(2025, 12, 1)
    due = due_date_for(status, entered)
    assert due == add_working_days(entered, days)
    assert working_days_between(entered, due) == days


@pytest.mark.parametrize("status", ["note_1", "note_2"])
def test_a_nota_is_due_on_its_compliance_deadline(status):
    deadline = date(2025, 12, 27)  # a Saturday: the nota's date stands as written
    assert due_date_for(status, date(2025, 11, 27), deadline) == deadline
    assert due_date_for(status, date(2025, 11, 27)) is None


@pytest.mark.parametrize("status", ["resolved", "referred", "rejected", "merged"])
def test_closed_cases_are_never_due(status):
    assert due_date_for(status, date(2025, 1, 2), date(2025, 2, 1)) is None


def test_an_unknown_status_has_no_due_date_policy():
    from grievance.rules.workflow import UnknownStatus

    with pytest.raises(UnknownStatus):
        due_date_for("closed", date(2025, 1, 2))


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2025, 4, 2), False), (date(2025, 4, 3), False), (date(2025, 4, 4), True)],
)
def test_a_case_due_today_is_not_yet_overdue(today, overdue):
    assert is_overdue(date(2025, 4, 3), today) is overdue


def test_a_case_without_a_due_date_is_never_overdue():
    assert is_overdue(None, date(2099, 1, 1)) is False


days_2024_2027 = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
some_days_off = st.frozensets(days_2024_2027, max_size=10)


@given(start=days_2024_2027, n=st.integers(min_value=1, max_value=70))
def test_adding_working_days_lands_on_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@given(
    start=days_2024_2027,
    n=st.integers(min_value=0, max_value=70),
    m=st.integers(min_value=0, max_value=70),
)
def test_adding_more_working_days_never_lands_earlier(start, n, m):
    low, high = sorted((n, m))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


@given(
    start=days_2024_2027, n=st.integers(min_value=0, max_value=70), off=some_days_off
)
def test_counting_back_gives_the_days_added(start, n, off):
    end = add_working_days(start, n, off)
    assert working_days_between(start, end, off) == n
    assert working_days_between(end, start, off) == -n


@given(
    start=days_2024_2027, n=st.integers(min_value=1, max_value=70), off=some_days_off
)
def test_days_off_only_ever_push_a_due_date_later(start, n, off):
    with_off = add_working_days(start, n, off)
    assert with_off >= add_working_days(start, n)
    assert with_off not in off


@given(start=days_2024_2027, n=st.integers(min_value=1, max_value=70))
def test_n_working_days_take_at_least_n_calendar_days(start, n):
    assert add_working_days(start, n) - start >= timedelta(days=n)
