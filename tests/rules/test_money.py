"""Reading and writing rupiah: what is accepted, what is refused as ambiguous, and round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules import RuleError
from grievance.rules.money import MAX_AMOUNT, format_rupiah, parse_rupiah

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.500.000", "3500000"),
        ("3500000", "3500000"),
        ("Rp 3.500.000", "3500000"),
        ("Rp3.500.000", "3500000"),
        ("rp. 3.500.000", "3500000"),
        ("IDR 3500000", "3500000"),
        ("Rp3.500.000,50", "3500000.50"),
        ("3.500.000,5", "3500000.5"),
        ("3.500.000,-", "3500000"),
        ("Rp 3.500.000,00", "3500000.00"),
        ("  3.500.000  ", "3500000"),
        ("3 500 000", "3500000"),
        ("Rp\u00a03.500.000", "3500000"),
        ("3.500", "3500"),
        ("0", "0"),
        ("1.000.000.000", "1000000000"),
        ("1000,5", "1000.5"),
    ],
)
def test_an_amount_written_the_indonesian_way_is_accepted(text, expected):
    assert parse_rupiah(text) == D(expected)
    assert str(parse_rupiah(text)) == expected


def test_sen_keep_the_number_of_decimals_the_worker_wrote():
    assert str(parse_rupiah("Rp 3.500.000,50")) == "3500000.50"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "money_empty"),
        ("   ", "money_empty"),
        ("Rp", "money_empty"),
        ("-", "money_empty"),
        ("3,5 juta", "money_words"),
        ("3.5jt", "money_words"),
        ("3,5jt", "money_words"),
        ("3 juta", "money_words"),
        ("500rb", "money_words"),
        ("3,500,000", "money_comma_thousands"),
        ("3,500", "money_comma_thousands"),
        ("3.500.000,505", "money_comma_thousands"),
        ("3,5", "money_ambiguous_decimal"),
        ("3,50", "money_ambiguous_decimal"),
        ("999,99", "money_ambiguous_decimal"),
        ("3.5", "money_ambiguous"),
        ("3.50", "money_ambiguous"),
        ("3.5000", "money_ambiguous"),
        ("3500000.50", "money_ambiguous"),
        ("35 00000", "money_ambiguous"),
        ("3..500", "money_ambiguous"),
        ("-3.500.000", "money_negative"),
        ("Rp -3.500.000", "money_negative"),
        ("3.500.000,5055", "money_precision"),
        ("1.000.000.001", "money_too_large"),
        ("1.000.000.000,01", "money_too_large"),
    ],
)
def test_an_ambiguous_or_absurd_amount_is_refused_with_a_reason(text, code):
    with pytest.raises(RuleError) as caught:
        parse_rupiah(text)
    assert caught.value.code == code
    assert caught.value.message % caught.value.params  # interpolates with its own params


def test_a_refusal_hints_at_writing_the_full_number():
    with pytest.raises(RuleError) as caught:
        parse_rupiah("3,5")
    assert "3.500.000" in caught.value.params["hint"]
    assert caught.value.params["value"] == "3,5"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("3724437.20", "Rp 3.724.437,20"),
        ("3579313.77", "Rp 3.579.313,77"),
        ("3579313", "Rp 3.579.313"),
        ("3579313.00", "Rp 3.579.313"),
        ("0", "Rp 0"),
        ("0.05", "Rp 0,05"),
        ("999", "Rp 999"),
        ("1000", "Rp 1.000"),
        ("1000000000", "Rp 1.000.000.000"),
        ("-1000", "-Rp 1.000"),
        ("-1000.5", "-Rp 1.000,50"),
        ("1234.565", "Rp 1.234,57"),
        ("-0.001", "Rp 0"),
    ],
)
def test_format_rupiah_uses_dots_for_thousands_and_shows_sen_only_when_not_zero(amount, text):
    assert format_rupiah(D(amount)) == text


CENTS = st.integers(min_value=0, max_value=int(MAX_AMOUNT * 100)).map(lambda sen: D(sen) / 100)


@given(CENTS.filter(lambda amount: amount >= 1000 or amount == amount.to_integral_value()))
def test_formatting_then_parsing_gives_back_the_same_amount(amount):
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.integers(min_value=0, max_value=int(MAX_AMOUNT)))
def test_whole_rupiah_round_trip_with_and_without_separators(amount):
    assert parse_rupiah(format_rupiah(D(amount))) == amount
    assert parse_rupiah(str(amount)) == amount


@given(st.integers(min_value=1, max_value=99_999).filter(lambda sen: sen % 100).map(lambda sen: D(sen) / 100))
def test_small_amounts_with_sen_are_refused_because_they_look_like_millions(amount):
    # "Rp 3,50" is far more likely "3,5 juta" than three and a half rupiah; no wage is that small.
    with pytest.raises(RuleError):
        parse_rupiah(format_rupiah(amount))


@given(st.integers(min_value=int(MAX_AMOUNT) + 1, max_value=10**15))
def test_amounts_above_one_billion_are_refused(amount):
    with pytest.raises(RuleError):
        parse_rupiah(format_rupiah(D(amount)))
