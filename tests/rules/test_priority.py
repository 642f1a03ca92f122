"""Priority levels and the suggestion made at intake."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules.priority import (
    DEFAULT_PRIORITY,
    PRIORITY_LABELS,
    PRIORITY_LEVELS,
    PRIORITY_NAMES,
    priority_level,
    priority_name,
    suggest_priority,
)


def test_names_levels_and_labels_agree():
    assert PRIORITY_NAMES == {1: "low", 2: "normal", 3: "high", 4: "urgent"}
    assert PRIORITY_LEVELS == {"low": 1, "normal": 2, "high": 3, "urgent": 4}
    assert PRIORITY_LABELS == {1: "Rendah", 2: "Normal", 3: "Tinggi", 4: "Mendesak"}
    assert DEFAULT_PRIORITY == 2


def test_unknown_names_and_levels_are_refused():
    assert priority_name(4) == "urgent" and priority_level("low") == 1
    with pytest.raises(ValueError):
        priority_name(5)
    with pytest.raises(ValueError):
        priority_level("critical")


@pytest.mark.parametrize(
    ("workers", "ratio", "priors", "vulnerable", "level"),
    [
        (1, None, 0, False, 2),  # nothing known: normal, not low
        (1, Decimal(0), 0, False, 1),  # paid at the floor: low
        (1, Decimal("0.10"), 0, False, 2),
        (1, Decimal("0.30"), 0, False, 2),
        (1, Decimal("0.50"), 0, False, 3),
        (20, Decimal("0.30"), 0, False, 3),
        (100, None, 0, False, 3),
        (100, Decimal("0.25"), 0, False, 4),
        (5, None, 3, False, 3),
        (1, None, 0, True, 3),
        (1, Decimal("0.30"), 0, True, 4),
        (20, Decimal("0.05"), 1, False, 3),
        (20, Decimal("0.05"), 3, False, 4),
        (120, Decimal("0.60"), 5, True, 4),
        (0, None, 0, False, 2),
    ],
)
def test_suggested_levels_follow_the_documented_scoring(
    workers, ratio, priors, vulnerable, level
):
    assert suggest_priority(workers, ratio, priors, vulnerable)[0] == level


def test_each_scoring_factor_gives_its_reason():
    level, reasons = suggest_priority(100, Decimal("0.5"), 3, True)
    assert level == 4
    assert len(reasons) == 4
    assert all(isinstance(r, str) and r for r in reasons)


def test_low_and_plain_normal_say_why():
    assert suggest_priority(1, Decimal(0), 0, False) == (
        1,
        ["Upah yang dilaporkan tidak di bawah upah minimum."],
    )
    level, reasons = suggest_priority(1, None, 0, False)
    assert level == 2 and reasons == ["Tidak ada faktor yang menaikkan prioritas."]


@pytest.mark.parametrize(
    "args",
    [(-1, None, 0, False), (1, None, -1, False), (1, Decimal("-0.1"), 0, False)],
)
def test_negative_figures_are_refused(args):
    with pytest.raises(ValueError):
        suggest_priority(*args)


workers = st.integers(0, 500)
ratios = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)
)
priors = st.integers(0, 10)


@given(workers, ratios, priors, st.booleans())
def test_suggestion_is_a_level_with_reasons(w, r, p, v):
    level, reasons = suggest_priority(w, r, p, v)
    assert level in PRIORITY_NAMES
    assert reasons


@given(workers, workers, ratios, priors, st.booleans())
def test_more_workers_never_lower_the_suggestion(w1, w2, r, p, v):
    low, high = sorted((w1, w2))
    assert suggest_priority(low, r, p, v)[0] <= suggest_priority(high, r, p, v)[0]


@given(workers, ratios, ratios, priors, st.booleans())
def test_a_deeper_shortfall_never_lowers_the_suggestion(w, r1, r2, p, v):
    if r1 is None or r2 is None:
        return
    low, high = sorted((r1, r2))
    assert suggest_priority(w, low, p, v)[0] <= suggest_priority(w, high, p, v)[0]


@given(workers, ratios, priors, priors)
def test_more_priors_or_vulnerability_never_lower_the_suggestion(w, r, p1, p2):
    low, high = sorted((p1, p2))
    assert (
        suggest_priority(w, r, low, False)[0] <= suggest_priority(w, r, high, False)[0]
    )
    assert suggest_priority(w, r, low, False)[0] <= suggest_priority(w, r, low, True)[0]
