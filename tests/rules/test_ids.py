"""Row ids as typed: digits within PostgreSQL's ``integer``, or nothing."""

from __future__ import annotations

import pytest

from grievance.rules.ids import MAX_ID, is_digits, parse_id


@pytest.mark.parametrize("value,expected", [
    ("1", 1), ("42", 42), (42, 42), (str(MAX_ID), MAX_ID), (MAX_ID, MAX_ID),
    ("0042", 42),
])
def test_ids_a_row_can_have_are_read(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize("value", [
    "0", 0, -1, "-1", str(MAX_ID + 1), MAX_ID + 1, "99999999999999999999", 10**30,
    "²", "٣", "１", " 1", "1 ", "1.0", 1.0, "", None, True, False, "abc", "12345678901",
    [1], {"id": 1},
])
def test_anything_else_is_no_id(value):
    # "²".isdigit() is true and int("²") raises; "٣" and "１" are digits to int() but not
    # to anyone typing an id; past MAX_ID PostgreSQL answers "integer out of range".
    assert parse_id(value) is None


@pytest.mark.parametrize("text,expected", [
    ("2025", True), ("0", True), ("²", False), ("٣", False), ("１", False), ("", False),
    ("-1", False), ("1.0", False),
])
def test_digits_are_ascii_digits_only(text, expected):
    assert is_digits(text) is expected
