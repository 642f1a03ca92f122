"""Possible duplicate complaints, and employer names normalised for matching."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules.duplicates import (
    DuplicateKey,
    is_possible_duplicate,
    normalize_employer_name,
)

BASE = DuplicateKey(
    employer_id=5, category="wage_below_minimum", created=date(2025, 3, 1)
)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (BASE, True),
        (BASE._replace(created=date(2025, 3, 31)), True),  # 30 days: inside
        (BASE._replace(created=date(2025, 1, 30)), True),  # 30 days before
        (BASE._replace(created=date(2025, 4, 1)), False),  # 31 days
        (BASE._replace(employer_id=6), False),
        (BASE._replace(category="thr_unpaid"), False),
        (BASE._replace(created=datetime(2025, 3, 31, 23, 59)), True),
    ],
)
def test_same_employer_and_category_within_the_window(other, expected):
    assert is_possible_duplicate(BASE, other) is expected
    assert is_possible_duplicate(other, BASE) is expected


def test_the_window_is_configurable_and_plain_tuples_work():
    a = (5, "pkwt_misuse", date(2025, 1, 1))
    b = (5, "pkwt_misuse", date(2025, 1, 8))
    assert is_possible_duplicate(a, b, window_days=7) is True
    assert is_possible_duplicate(a, b, window_days=6) is False
    with pytest.raises(ValueError):
        is_possible_duplicate(a, b, window_days=-1)


def test_cases_without_an_employer_are_never_duplicates():
    unknown = BASE._replace(employer_id=None)
    assert is_possible_duplicate(unknown, unknown) is False


@given(
    st.integers(1, 3),
    st.sampled_from(["thr_unpaid", "other"]),
    st.dates(),
    st.integers(-60, 60),
    st.integers(0, 60),
)
def test_duplicate_is_symmetric_and_follows_the_gap(emp, cat, day, shift, window):
    a = (emp, cat, day)
    try:
        b = (emp, cat, date.fromordinal(day.toordinal() + shift))
    except ValueError:
        return
    assert is_possible_duplicate(a, b, window) is (abs(shift) <= window)
    assert is_possible_duplicate(a, b, window) == is_possible_duplicate(b, a, window)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("PT Maju Jaya", "maju jaya"),
        ("PT. Maju Jaya Tbk.", "maju jaya"),
        ("  maju   JAYA ", "maju jaya"),
        ("P.T. Kaltim Prima Coal", "kaltim prima coal"),
        ("PT.Kaltim Prima Coal", "kaltim prima coal"),
        ("CV. Sinar-Abadi", "sinar abadi"),
        ("C.V. Sinar Abadi", "sinar abadi"),
        ("UD Berkah", "berkah"),
        ("PT Pertamina (Persero)", "pertamina"),
        ("Koperasi Sawit Makmur", "koperasi sawit makmur"),
        ("PTP Nusantara", "ptp nusantara"),  # PTP is not "PT"
        ("Kopi Kenangan, UD", "kopi kenangan"),
        ("PT", ""),
        ("", ""),
    ],
)
def test_employer_names_lose_legal_forms_case_and_punctuation(raw, normal):
    assert normalize_employer_name(raw) == normal


@given(st.text())
def test_normalising_twice_changes_nothing(name):
    once = normalize_employer_name(name)
    assert normalize_employer_name(once) == once
    assert once == once.strip() and "  " not in once


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Zs", "Po"])))
def test_legal_forms_and_case_never_distinguish_two_names(name):
    base = normalize_employer_name(name)
    assert normalize_employer_name(
        f"PT. {name.upper()} Tbk"
    ) == normalize_employer_name(f"pt {name} tbk".upper())
    assert normalize_employer_name(f"CV {name}") == base
