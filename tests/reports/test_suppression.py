"""rules.suppression: no hidden count can be read off a table or derived by subtraction."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from grievance.rules.suppression import ALL, cube_totals, protect_cube, protect_line

K = 5
counts_st = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 30), min_size=1)


def _line_is_safe(members: dict, hidden: set, k: int, total_hidden: bool) -> bool:
    nonzero_hidden = [n for key, n in members.items() if key in hidden and n > 0]
    if not nonzero_hidden:
        return not total_hidden or sum(members.values()) == 0
    if len(nonzero_hidden) + total_hidden < 2:
        return False
    return total_hidden or sum(nonzero_hidden) >= k


def test_a_table_without_small_cells_hides_nothing():
    assert protect_line({"a": 5, "b": 9, "c": 100}, K) == frozenset()


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    hidden = protect_line({"a": 2, "b": 7, "c": 6, "d": 50}, K)
    assert hidden == {"a", "c"}


def test_zero_cells_are_hidden_but_need_no_partner():
    assert protect_line({"a": 0, "b": 9, "c": 12}, K) == {"a"}


def test_two_small_cells_adding_up_to_less_than_the_threshold_take_a_third():
    hidden = protect_line({"a": 1, "b": 2, "c": 8, "d": 9}, K)
    assert hidden == {"a", "b", "c"}


def test_threshold_one_hides_nothing():
    assert protect_line({"a": 0, "b": 1}, 1) == frozenset()


@given(counts_st, st.integers(2, 10))
def test_every_small_cell_is_hidden_and_no_hidden_cell_can_be_derived(counts, k):
    hidden = protect_line(counts, k)
    assert {key for key, n in counts.items() if n < k} <= hidden
    total = sum(counts.values())
    if total >= k:  # the table would be published with its total
        assert _line_is_safe(counts, set(hidden), k, total_hidden=False)


cube_st = st.dictionaries(
    st.tuples(st.sampled_from([2024, 2025]), st.sampled_from("rst"), st.sampled_from("xyz")),
    st.integers(0, 12),
)


@settings(max_examples=150, deadline=None)
@given(cube_st, st.integers(2, 6))
def test_every_line_of_a_protected_cube_is_safe(cells, k):
    axes = [[2024, 2025], list("rst"), list("xyz")]
    counts, hidden = protect_cube(cells, axes, k)
    for coord, n in counts.items():
        if n < k:
            assert coord in hidden
    extended = [list(a) + [ALL] for a in axes]
    for axis in range(3):
        others = [v if i != axis else [None] for i, v in enumerate(extended)]
        for fixed in product(*others):
            members = {}
            for value in axes[axis]:
                coord = list(fixed)
                coord[axis] = value
                members[tuple(coord)] = counts[tuple(coord)]
            total = list(fixed)
            total[axis] = ALL
            assert _line_is_safe(members, set(hidden), k, tuple(total) in hidden), (axis, fixed)


def test_cube_totals_add_up():
    counts = cube_totals({(1, "a"): 3, (2, "a"): 4, (2, "b"): 5}, [[1, 2], ["a", "b"]])
    assert counts[(ALL, ALL)] == 12
    assert counts[(2, ALL)] == 9
    assert counts[(ALL, "a")] == 7
    assert counts[(1, "b")] == 0


def test_known_cells_are_never_hidden_and_seeded_ones_stay_hidden():
    cells = {(1, "a"): 2, (1, "b"): 10, (2, "a"): 10, (2, "b"): 10}
    counts, hidden = protect_cube(cells, [[1, 2], ["a", "b"]], 5,
                                  hidden_seed={(2, "b")}, known={(ALL, "a")})
    assert (2, "b") in hidden and (1, "a") in hidden
    assert (ALL, "a") not in hidden
