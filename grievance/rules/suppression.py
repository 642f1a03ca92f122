"""Small-cell suppression for public statistics: which counts may not be published.

Pure functions over plain counts, no database. Two rules, applied together:

- **primary**: a count below the threshold ``k`` (default 5) is never published (``< 5`` on
  the page, ``null`` in JSON and CSV). Zero is below the threshold too, so a hidden cell
  never says whether it is empty or holds one complaint.
- **complementary**: a hidden count must not be recoverable by subtraction. In every
  *line* (cells that add up to a published or hidden total) there are either no hidden
  non-zero cells, or at least two, and when the total is published the hidden cells add up
  to at least ``k``. The smallest visible cells are hidden next until that holds.

``protect_line`` does this for one table on its own (the monthly report's closings).
``protect_cube`` does it for a cube *with its totals*, such as year × region × category, so
that every slice a filter can select (``year=2025&region=64.11``) is hidden or shown the
same way in every table it appears in: as a row of a breakdown, as a sibling of another
slice, and as a slice of its own. That consistency is what stops "sum the other slices and
subtract" attacks across requests.

``protect_breakdown`` extends an already protected cube by one more axis (status, month),
keeping the cube's decisions: its visible cells stay visible (they are published), its
hidden cells stay hidden together with their whole breakdown. Every line of the extended
cube, including those along the old axes with the new one fixed (Samarinda "resolved"
against the "resolved" of every region), is then protected like the cube.
``unsafe_lines`` is the audit: the lines of a cube where a hidden count could be derived.
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


def _fixed_by(line: Mapping, secret: set, total: tuple, total_hidden: bool,
              counts: Mapping) -> tuple | None:
    """The one hidden cell a line gives away, if it gives one away."""
    lone = [coord for coord, n in line.items() if coord in secret and n > 0]
    if total_hidden:
        return total if not lone and counts[total] > 0 else None
    return lone[0] if len(lone) == 1 else None


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
    # Hidden, yet fixed by published figures (a line whose total is published and which has
    # nothing left to hide but one non-zero member): it counts as published in every other
    # line. Only counts of at least ``k`` are ever treated so.
    exposed: set = set()
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            line = {coord: counts[coord] for coord in members}
            secret = hidden - exposed
            total_hidden = total in secret
            if _line_ok(line, secret, k, total_hidden):
                continue
            added = _complete_line(line, secret, k, total_hidden, known | exposed)
            if not added or not _line_ok(line, secret | added, k, total_hidden):
                # Cannot be protected inside the line: hide the line and its total.
                added = set(members) | ({total} - known)
            added -= hidden | known
            if added:
                hidden |= added
                changed = True
                continue
            fixed = _fixed_by(line, secret, total, total_hidden, counts)
            if fixed is not None and counts[fixed] >= k and fixed not in exposed:
                exposed.add(fixed)
                changed = True
    return counts, frozenset(hidden)


def margin_coords(axes: Sequence[Sequence[Hashable]]) -> Iterable[tuple]:
    """Every coordinate of a cube with ``ALL`` totals."""
    return product(*[list(axis) + [ALL] for axis in axes])


def protect_breakdown(
    cells: Mapping[tuple, int],
    axes: Sequence[Sequence[Hashable]],
    extra: Sequence[Hashable],
    k: int,
    margin_hidden: Iterable[tuple],
) -> tuple[dict, frozenset]:
    """Protect ``axes`` × ``extra`` (e.g. year × region × category × status) around a margin.

    ``cells`` maps base coordinates (one value per axis, then one of ``extra``) to counts.
    ``margin_hidden`` is the hidden set ``protect_cube`` gave for ``axes`` alone, whose
    counts must be the sums of ``cells`` over ``extra``. In the answer:

    - a margin cell ``(*coord, ALL)`` is hidden exactly when ``coord`` is in
      ``margin_hidden`` (published figures are never taken back, hidden ones never shown);
    - every breakdown cell of a hidden margin cell is hidden (a hidden slice shows nothing);
    - every line of the extended cube passes the line rule, so no hidden breakdown cell is
      the difference of a published total and the published cells beside it, along any
      axis, the "all" totals included.
    """
    margin_hidden = set(margin_hidden)
    seed: set[tuple] = set()
    known: set[tuple] = set()
    for coord in margin_coords(axes):
        if coord in margin_hidden:
            seed.add((*coord, ALL))
            seed.update((*coord, value) for value in extra)
        else:
            known.add((*coord, ALL))
    return protect_cube(cells, [*axes, extra], k, hidden_seed=seed, known=known)


def unsafe_lines(counts: Mapping[tuple, int], hidden: Iterable[tuple],
                 axes: Sequence[Sequence[Hashable]], k: int) -> list[tuple[list[tuple], tuple]]:
    """The lines of a cube with totals (``protect_cube`` coordinates) that break the rule.

    Empty for every answer of ``protect_cube`` and ``protect_breakdown``: in each line either
    no non-zero count is hidden, or at least two unknowns are (hidden members, a hidden
    total) and, against a published total, the hidden members add up to at least ``k``.
    A hidden count that some line gives away (the only unknown in it) counts as published,
    which is allowed for counts of at least ``k`` only: a smaller one leaves its line here.
    """
    if k <= 1:
        return []
    hidden = set(hidden)
    lines = [(members, total, {coord: counts.get(coord, 0) for coord in members})
             for members, total in _lines(axes)]
    # What an attacker can work out line by line; only counts of at least k may be.
    exposed: set = set()
    changed = True
    while changed:
        changed = False
        for _, total, line in lines:
            secret = hidden - exposed
            fixed = _fixed_by(line, secret, total, total in secret, counts)
            if fixed is not None and counts.get(fixed, 0) >= k:
                exposed.add(fixed)
                changed = True
    secret = hidden - exposed
    return [(members, total) for members, total, line in lines
            if not _line_ok(line, secret, k, total in secret)]


def publish(count: int | None, hidden: bool) -> int | None:
    """The number to publish: ``None`` when hidden."""
    return None if hidden or count is None else count
