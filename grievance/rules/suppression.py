"""Small-cell suppression for public statistics: which counts may not be published.

Pure functions over plain counts, no database. Two rules, applied together:

- **primary**: a count below the threshold ``k`` (default 5) is never published (``< 5`` on
  the page, ``null`` in JSON and CSV). Zero is below the threshold too, so a hidden cell
  never says whether it is empty or holds one complaint.
- **complementary**: a hidden count must not be recoverable by subtraction. In every
  *line* (cells that add up to a published or hidden total) there are either no hidden
  non-zero cells, or at least two, and when the total is published the hidden cells add up
  to at least ``k``. The smallest visible cells are hidden next until that holds.

``protect_line`` does this for one table (a slice's breakdown by status, by month).
``protect_cube`` does it for the year × region × category cube *with its totals*, so that
every slice a filter can select (``year=2025&region=64.11``) is hidden or shown the same
way in every table it appears in: as a row of a breakdown, as a sibling of another slice,
and as a slice of its own. That consistency is what stops "sum the other slices and
subtract" attacks across requests.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import product

ALL = "*"  # the total over an axis in ``protect_cube`` coordinates


def is_small(count: int, k: int) -> bool:
    """A count that may not be published on its own (a threshold of 1 hides nothing)."""
    return k > 1 and count < k


def _line_ok(members: Mapping, hidden: set, k: int, total_hidden: bool) -> bool:
    hidden_counts = [n for key, n in members.items() if key in hidden and n > 0]
    if not hidden_counts:
        # Only zeros hidden (nothing to protect), unless the total alone is hidden while
        # every member is shown: then the total is their sum.
        return not total_hidden or sum(members.values()) == 0
    unknowns = len(hidden_counts) + (1 if total_hidden else 0)
    if unknowns < 2:
        return False
    return total_hidden or sum(hidden_counts) >= k


def _complete_line(members: Mapping, hidden: set, k: int, total_hidden: bool,
                   keep: set | frozenset = frozenset()) -> set:
    """Hide the smallest visible members of one line until no hidden count can be derived.

    ``keep``: members that may not be hidden (already published elsewhere).
    """
    added: set = set()
    order = sorted(
        (key for key in members if key not in hidden and key not in keep),
        key=lambda key: (members[key] == 0, members[key], str(key)),
    )
    for key in order:
        if _line_ok(members, hidden | added, k, total_hidden):
            break
        if members[key] == 0:
            continue  # hiding a zero adds no uncertainty about the sum
        added.add(key)
    return added


def protect_line(counts: Mapping[Hashable, int], k: int) -> frozenset:
    """The keys of a one-way table (its total published) whose counts must be hidden."""
    if k <= 1:
        return frozenset()
    hidden = {key for key, n in counts.items() if is_small(n, k)}
    hidden |= _complete_line(counts, hidden, k, total_hidden=False)
    return frozenset(hidden)


def _lines(axes: Sequence[Sequence[Hashable]]) -> Iterable[tuple[list[tuple], tuple]]:
    """Every line of the cube with totals: (member coordinates, total coordinate)."""
    extended = [list(axis) + [ALL] for axis in axes]
    for axis_index, axis in enumerate(axes):
        others = [values if i != axis_index else [None] for i, values in enumerate(extended)]
        for fixed in product(*others):
            members = []
            for value in axis:
                coord = list(fixed)
                coord[axis_index] = value
                members.append(tuple(coord))
            total = list(fixed)
            total[axis_index] = ALL
            yield members, tuple(total)


def cube_totals(cells: Mapping[tuple, int], axes: Sequence[Sequence[Hashable]]) -> dict:
    """Every cell of the cube with ``ALL`` totals, from the base cells (missing = 0)."""
    out: dict[tuple, int] = {}
    for coord in product(*[list(axis) + [ALL] for axis in axes]):
        out[coord] = 0
    for base, n in cells.items():
        for mask in product((False, True), repeat=len(axes)):
            coord = tuple(ALL if m else v for v, m in zip(base, mask, strict=True))
            out[coord] = out.get(coord, 0) + n
    return out


def protect_cube(
    cells: Mapping[tuple, int],
    axes: Sequence[Sequence[Hashable]],
    k: int,
    *,
    hidden_seed: Iterable[tuple] = (),
    known: Iterable[tuple] = (),
) -> tuple[dict, frozenset]:
    """(counts with totals, hidden coordinates) for a cube such as year × region × category.

    ``cells`` maps base coordinates (one value per axis) to counts. Coordinates in the
    answer use ``ALL`` for "every value of this axis": ``(2025, ALL, ALL)`` is the 2025
    total. The grand total ``(ALL, ALL, ALL)`` is hidden only if it is itself small.
    Heuristic in the usual statistical-office way (hide, re-check every line, repeat until
    nothing changes): it always terminates because the hidden set only grows.

    ``hidden_seed`` and ``known`` tie a cube to figures published elsewhere: cells already hidden
    there, and cells already shown there (never hidden here; a line that cannot be
    protected hides its members instead).
    """
    counts = cube_totals(cells, axes)
    if k <= 1:
        return counts, frozenset()
    known = set(known)
    hidden = {coord for coord, n in counts.items() if is_small(n, k) and coord not in known}
    hidden |= set(hidden_seed)
    lines = list(_lines(axes))
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            line = {coord: counts[coord] for coord in members}
            total_hidden = total in hidden
            if not _line_ok(line, hidden, k, total_hidden):
                added = _complete_line(line, hidden, k, total_hidden, known)
                if not added or not _line_ok(line, hidden | added, k, total_hidden):
                    # Cannot be protected inside the line: hide the line and its total.
                    added = set(members) | ({total} - known)
                added -= hidden | known
                if added:
                    hidden |= added
                    changed = True
    return counts, frozenset(hidden)


def publish(count: int | None, hidden: bool) -> int | None:
    """The number to publish: ``None`` when hidden."""
    return None if hidden or count is None else count
