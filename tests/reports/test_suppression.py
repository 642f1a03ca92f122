"""rules.suppression: no hidden count can be read off a table or derived by subtraction."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from grievance.rules.suppression import (
    ALL,
    cube_totals,
    protect_breakdown,
    protect_cube,
    protect_line,
    unsafe_lines,
)

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


# --- Breakdowns (status, month) around a protected cube -----------------------------------

AXES3 = [[2024, 2025], list("rs"), list("xy")]
EXTRA = ["open", "done", "gone"]
cube4_st = st.dictionaries(
    st.tuples(st.sampled_from(AXES3[0]), st.sampled_from(AXES3[1]),
              st.sampled_from(AXES3[2]), st.sampled_from(EXTRA)),
    st.integers(0, 12), max_size=24,
)


def _protect_both(cells4: dict, k: int):
    margin = {}
    for coord, n in cells4.items():
        margin[coord[:3]] = margin.get(coord[:3], 0) + n
    counts3, hidden3 = protect_cube(margin, AXES3, k)
    counts4, hidden4 = protect_breakdown(cells4, AXES3, EXTRA, k, hidden3)
    return counts3, hidden3, counts4, hidden4


def _two_way_margins(counts: dict, hidden: set, axes: list):
    """Every 2-D table of the cube (two axes free, every other one fixed, "all" included),
    as (row lines, column lines), each line its members plus its total."""
    extended = [list(a) + [ALL] for a in axes]
    n = len(axes)
    for i in range(n):
        for j in range(i + 1, n):
            others = [extended[d] if d not in (i, j) else [None] for d in range(n)]
            for fixed in product(*others):
                def coord(a, b, fixed=fixed, i=i, j=j):
                    c = list(fixed)
                    c[i], c[j] = a, b
                    return tuple(c)
                rows = [[coord(a, b) for b in extended[j]] for a in extended[i]]
                cols = [[coord(a, b) for a in extended[i]] for b in extended[j]]
                yield rows + cols


@settings(max_examples=200, deadline=None)
@given(cube4_st, st.integers(2, 6))
def test_a_breakdown_keeps_the_cube_and_protects_every_line(cells4, k):
    counts3, hidden3, counts4, hidden4 = _protect_both(cells4, k)
    axes4 = [*AXES3, EXTRA]
    # Every small count is hidden; every line of both cubes passes the rule.
    assert all(coord in hidden4 for coord, n in counts4.items() if n < k)
    assert unsafe_lines(counts3, hidden3, AXES3, k) == []
    assert unsafe_lines(counts4, hidden4, axes4, k) == []
    for coord in product(*[list(a) + [ALL] for a in AXES3]):
        # The margin is the cube, decision for decision (published figures stay published).
        assert counts4[(*coord, ALL)] == counts3[coord]
        assert ((*coord, ALL) in hidden4) == (coord in hidden3)
        # A hidden slice shows no breakdown at all.
        if coord in hidden3:
            assert all((*coord, v) in hidden4 for v in EXTRA)


@settings(max_examples=200, deadline=None)
@given(cube4_st, st.integers(2, 6))
def test_every_hidden_cell_has_a_hidden_partner_in_its_row_and_column(cells4, k):
    """In every 2-D table of the breakdown cube (its "all" margins included), the row and
    the column through a hidden small count hold another hidden non-zero cell or a hidden
    total; against a published total the hidden cells add up to at least k."""
    _, _, counts4, hidden4 = _protect_both(cells4, k)
    for lines in _two_way_margins(counts4, hidden4, [*AXES3, EXTRA]):
        for line in lines:
            *members, total = line
            secret = [c for c in members if c in hidden4 and counts4[c] > 0]
            if not any(counts4[c] < k for c in secret):
                continue
            if total in hidden4:
                assert len(secret) >= 1  # the total is the second unknown
            else:
                assert len(secret) >= 2 and sum(counts4[c] for c in secret) >= k, line


def _determined(counts: dict, hidden: set, axes: list) -> set:
    """The hidden cells that the published ones fix through the sums of the cube's lines
    (exact Gauss-Jordan elimination on sparse rows; non-negativity is not used)."""
    from fractions import Fraction

    rows = []
    for members, total in _lines_of(axes):
        row: dict = {}
        for m in members:
            if m in hidden:
                row[m] = row.get(m, 0) + 1
        if total in hidden:
            row[total] = row.get(total, 0) - 1
        row = {c: Fraction(v) for c, v in row.items() if v}
        if row:
            rows.append(row)
    basis: dict = {}  # pivot -> row with 1 at the pivot, reduced against the other pivots
    for row in rows:
        for pivot, b in basis.items():
            if pivot in row:
                factor = row[pivot]
                for c, v in b.items():
                    row[c] = row.get(c, 0) - factor * v
                row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        pivot = min(row, key=repr)
        scale = row[pivot]
        row = {c: v / scale for c, v in row.items()}
        for other, b in basis.items():
            if pivot in b:
                factor = b[pivot]
                for c, v in row.items():
                    b[c] = b.get(c, 0) - factor * v
                basis[other] = {c: v for c, v in b.items() if v}
        basis[pivot] = row
    # In reduced form a cell is fixed exactly when its pivot row holds nothing else.
    return {pivot for pivot, row in basis.items() if len(row) == 1}


def _lines_of(axes):
    from grievance.rules.suppression import _lines

    return _lines(axes)


def test_the_reviewed_case_cannot_be_solved_from_the_published_cells():
    """Samarinda (s) 10 received + 1 resolved, Balikpapan (b) 10 + 10, one year, one
    category: the hidden "resolved" of Samarinda is not a linear function of what is shown."""
    axes = [[2026], ["s", "b", "x"], ["thr"]]
    cells = {(2026, "s", "thr", "received"): 10, (2026, "s", "thr", "resolved"): 1,
             (2026, "b", "thr", "received"): 10, (2026, "b", "thr", "resolved"): 10}
    margin = {(2026, r, "thr"): n for r, n in (("s", 11), ("b", 20))}
    _, hidden3 = protect_cube(margin, axes, 5)
    counts, hidden = protect_breakdown(cells, axes, ["received", "resolved"], 5, hidden3)
    target = (2026, "s", "thr", "resolved")
    assert target in hidden
    assert (2026, "b", "thr", "resolved") in hidden  # the cell the review subtracted
    assert target not in _determined(counts, set(hidden), [*axes, ["received", "resolved"]])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("rst"), st.sampled_from("xyz")),
                       st.integers(0, 12)), st.integers(2, 6))
def test_in_a_two_way_table_no_hidden_count_is_a_linear_function_of_the_published(cells, k):
    """Exhaustive where the line rule is known to suffice (two axes with totals)."""
    axes = [list("rst"), list("xyz")]
    counts, hidden = protect_cube(cells, axes, k)
    fixed = _determined(counts, set(hidden), axes)
    assert not {coord for coord in fixed if counts[coord] > 0}


@settings(max_examples=150, deadline=None)
@given(cube4_st, st.integers(2, 6))
def test_no_small_hidden_count_of_a_breakdown_is_a_linear_function_of_the_published(cells4, k):
    """Not promised in general (the line rule is a heuristic), but true on small cubes."""
    _, _, counts4, hidden4 = _protect_both(cells4, k)
    fixed = _determined(counts4, set(hidden4), [*AXES3, EXTRA])
    assert not {coord for coord in fixed if 0 < counts4[coord] < k}


def test_the_audit_finds_the_reviewed_leak_when_only_small_cells_are_hidden():
    """Per-table suppression (the old behaviour): the audit must see the subtraction."""
    axes = [["s", "b"], ["received", "resolved"]]
    cells = {("s", "received"): 10, ("s", "resolved"): 1,
             ("b", "received"): 10, ("b", "resolved"): 10}
    counts = cube_totals(cells, axes)
    hidden = {("s", "resolved"), ("s", "received")}  # Samarinda's own table, protected alone
    assert ("s", "resolved") in _determined(counts, hidden, axes)
    assert unsafe_lines(counts, hidden, axes, 5)
