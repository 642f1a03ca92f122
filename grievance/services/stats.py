"""Public statistics: aggregates only, with small-cell and small-slice suppression.

``public_stats(filters, k)`` answers ``/stats``, ``/stats.csv`` and ``GET /api/v1/stats``
from grouped queries over the whole table (never a row per complaint), whatever the filter:

1. counts per year × region × category × status, and 2. per year × region × category ×
   month filed. From them, once per change of the data (``protected_cubes``, memoised):
   the year × region × category cube is protected (``rules.suppression.protect_cube``),
   which decides the slices and the region/category cells; then the status cube and each
   year's month cube are protected around it (``protect_breakdown``). Every filter reads
   its cells off these three, so a cell is hidden or shown the same way in every answer
   it appears in, and no line of any of them (the "all" totals included) gives a hidden
   count away by subtraction.
3. the median days from filing to resolution within the slice (when shown).

No personal data is read: not even the employer, only codes, dates and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select

from ..errors import ValidationFailed
from ..extensions import db
from ..models import Category, Complaint, Region
from ..rules import N_
from ..rules.ids import is_digits
from ..rules.suppression import ALL, is_small, protect_breakdown, protect_cube
from ..rules.workflow import STATUS_LABELS, STATUSES
from ..rules.years import FIRST_YEAR, LAST_YEAR
from .sqltime import days_between, month_key, today_wita, year_key, year_range


@dataclass(frozen=True)
class StatsFilters:
    year: int | None = None
    region: str | None = None  # Kemendagri code, "64.72"
    category: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> StatsFilters:
        """Parse ``year``, ``region``, ``category``; empty means "all". 422 on nonsense."""
        errors: dict[str, str] = {}
        year = region = category = None
        raw_year = (args.get("year") or "").strip()
        if raw_year:
            if is_digits(raw_year) and FIRST_YEAR <= int(raw_year) <= LAST_YEAR:
                year = int(raw_year)
            else:
                errors["year"] = N_("Tahun tidak valid.")
        raw_region = (args.get("region") or "").strip()
        if raw_region:
            if db.session.get(Region, raw_region) is None:
                errors["region"] = N_("Kabupaten/kota tidak dikenal.")
            else:
                region = raw_region
        raw_category = (args.get("category") or "").strip()
        if raw_category:
            if db.session.get(Category, raw_category) is None:
                errors["category"] = N_("Kategori tidak dikenal.")
            else:
                category = raw_category
        if errors:
            raise ValidationFailed(N_("Filter statistik tidak valid."), fields=errors)
        return cls(year=year, region=region, category=category)

    def as_args(self) -> dict[str, str]:
        out = {"year": self.year, "region": self.region, "category": self.category}
        return {k: str(v) for k, v in out.items() if v is not None}

    @property
    def coord(self) -> tuple:
        """This slice in ``protect_cube`` coordinates."""
        return (
            self.year if self.year is not None else ALL,
            self.region or ALL,
            self.category or ALL,
        )


@dataclass(frozen=True)
class Cell:
    """One published number: ``count`` is None when hidden; ``small`` says why."""

    key: str
    label: str
    count: int | None
    small: bool = False  # hidden because the count itself is below the threshold

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class StatsReport:
    filters: StatsFilters
    threshold: int
    slice_hidden: bool
    total: Cell
    by_status: list[Cell] = field(default_factory=list)
    by_category: list[Cell] = field(default_factory=list)
    by_region: list[Cell] = field(default_factory=list)
    by_month: list[Cell] = field(default_factory=list)
    median_days_to_resolve: float | None = None
    region_codes: dict[str, str] = field(default_factory=dict)

    def cell(self, table: str, key: str) -> Cell:
        return next(c for c in getattr(self, table) if c.key == key)

    def as_json(self) -> dict:
        """The CONTRACT.md shape; regions keyed by name, hidden cells ``null``."""
        return {
            "filters": self.filters.as_args(),
            "total": self.total.count,
            "by_status": {c.key: c.count for c in self.by_status},
            "by_category": {c.key: c.count for c in self.by_category},
            "by_region": {c.label: c.count for c in self.by_region},
            "region_codes": dict(self.region_codes),
            "by_month": {c.key: c.count for c in self.by_month},
            "median_days_to_resolve": self.median_days_to_resolve,
            "suppressed_below": self.threshold,
            "slice_suppressed": self.slice_hidden,
        }

    def tables(self) -> list[tuple[str, list[Cell]]]:
        """Every aggregate table shown, in page order (for the CSV)."""
        return [
            ("total", [self.total]),
            ("status", self.by_status),
            ("category", self.by_category),
            ("region", self.by_region),
            ("month", self.by_month),
        ]


def _where(stmt, filters: StatsFilters, *, year: bool = True):
    if year and filters.year is not None:
        start, end = year_range(filters.year)
        stmt = stmt.where(Complaint.created_at >= start, Complaint.created_at < end)
    if filters.region:
        stmt = stmt.where(Complaint.region_code == filters.region)
    if filters.category:
        stmt = stmt.where(Complaint.category == filters.category)
    return stmt


def reference_lists(locale: str = "id") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(regions as (code, name), categories as (code, label)) in display order."""
    regions = [(r.code, r.name) for r in db.session.scalars(select(Region).order_by(Region.code))]
    categories = [
        (c.code, c.label(locale))
        for c in db.session.scalars(select(Category).order_by(Category.sort_order, Category.code))
    ]
    return regions, categories


def _status_cells() -> dict[tuple[int, str, str, str], int]:
    """Complaints per (year filed in WITA, region, category, status): a few thousand rows."""
    year = year_key(Complaint.created_at)
    stmt = select(year, Complaint.region_code, Complaint.category, Complaint.status,
                  func.count()).group_by(year, Complaint.region_code, Complaint.category,
                                         Complaint.status)
    return {(int(y), r, c, s): n for y, r, c, s, n in db.session.execute(stmt)}


def _month_cells() -> dict[tuple[int, str, str, int], int]:
    """Complaints per (year, region, category, month filed in WITA)."""
    month = month_key(Complaint.created_at)
    stmt = select(month, Complaint.region_code, Complaint.category, func.count()).group_by(
        month, Complaint.region_code, Complaint.category)
    return {(int(m[:4]), r, c, int(m[5:7])): n for m, r, c, n in db.session.execute(stmt)}


def _margin(cells: Mapping[tuple, int]) -> dict[tuple, int]:
    out: dict[tuple, int] = {}
    for coord, n in cells.items():
        out[coord[:3]] = out.get(coord[:3], 0) + n
    return out


MONTHS = tuple(range(1, 13))


@dataclass(frozen=True)
class ProtectedCubes:
    """One protected picture of the whole table, from which every answer is read.

    ``cube``/``hidden``: year × region × category with totals (``protect_cube``).
    ``status``/``status_hidden``: the same × status (``protect_breakdown``).
    ``months[year]``/``months_hidden[year]``: region × category × month of one year, with
    the year's region × category cells of ``cube`` as its margin (months nest in years, so
    no line crosses years: the all-years series is the per-year ones side by side).
    """

    k: int
    years: tuple[int, ...]
    cube: dict
    hidden: frozenset
    status: dict
    status_hidden: frozenset
    months: dict
    months_hidden: dict

    # A coordinate outside the cubes (a year without complaints) is an empty cell.

    def cube_hidden(self, coord: tuple) -> bool:
        return coord in self.hidden if coord in self.cube else is_small(0, self.k)

    def status_cell(self, coord: tuple) -> tuple[int, bool]:
        if coord not in self.status:
            return 0, is_small(0, self.k)
        return self.status[coord], coord in self.status_hidden

    def month_cell(self, year: int, coord: tuple) -> tuple[int, bool]:
        if year not in self.months:
            return 0, is_small(0, self.k)
        return self.months[year].get(coord, 0), coord in self.months_hidden[year]


@lru_cache(maxsize=8)
def _protect(status_items: tuple, month_items: tuple, regions: tuple, categories: tuple,
             k: int) -> ProtectedCubes:
    """Memoised on the grouped counts: the heuristic runs once per change of the data."""
    status_cells, month_cells = dict(status_items), dict(month_items)
    years = tuple(sorted({y for y, _, _, _ in status_cells}))
    axes = [list(years), list(regions), list(categories)]
    cube, hidden = protect_cube(_margin(status_cells), axes, k)
    status, status_hidden = protect_breakdown(status_cells, axes, STATUSES, k, hidden)
    months, months_hidden = {}, {}
    for year in years:
        cells = {(r, c, m): n for (y, r, c, m), n in month_cells.items() if y == year}
        margin_hidden = {coord[1:] for coord in hidden if coord[0] == year}
        months[year], months_hidden[year] = protect_breakdown(
            cells, axes[1:], MONTHS, k, margin_hidden)
    return ProtectedCubes(k, years, cube, hidden, status, status_hidden, months, months_hidden)


def protected_cubes(regions: list[str], categories: list[str], k: int) -> ProtectedCubes:
    """Two grouped queries over the whole table, then the protection (cached in-process)."""
    for _attempt in range(3):
        status_cells, month_cells = _status_cells(), _month_cells()
        # The two queries must describe the same rows (a complaint filed between them
        # makes the margins disagree): read again in that case.
        if _margin(status_cells) == _margin(month_cells):
            break
    return _protect(tuple(sorted(status_cells.items())), tuple(sorted(month_cells.items())),
                    tuple(regions), tuple(categories), k)


def _months(filters: StatsFilters, first_year: int, today: date) -> list[str]:
    if filters.year is not None:
        years = [filters.year]
    else:
        years = list(range(first_year, today.year + 1))
    keys = []
    for y in years:
        for m in range(1, 13):
            if (y, m) > (today.year, today.month):
                break
            keys.append(f"{y:04d}-{m:02d}")
    return keys


def median_days_to_resolve(filters: StatsFilters, resolved: int) -> float | None:
    """Median of (closed_at - created_at) in days over resolved cases in the slice."""
    if resolved <= 0:
        return None
    days = days_between(Complaint.created_at, Complaint.closed_at).label("days")
    stmt = _where(
        select(days).where(Complaint.status == "resolved", Complaint.closed_at.is_not(None)),
        filters,
    )
    stmt = stmt.order_by(days).offset((resolved - 1) // 2).limit(2 - resolved % 2)
    values = [float(v) for v in db.session.scalars(stmt)]
    if not values:
        return None
    return round(sum(values) / len(values), 1)


def public_stats(
    filters: StatsFilters, threshold: int, *, locale: str = "id", today: date | None = None,
    protected: ProtectedCubes | None = None,
) -> StatsReport:
    today = today or today_wita()
    regions, categories = reference_lists(locale)
    if protected is None:
        protected = protected_cubes([code for code, _ in regions],
                                    [code for code, _ in categories], threshold)
    cube = protected.cube
    first_year = min((*protected.years, today.year))

    y, r, c = filters.coord
    slice_hidden = protected.cube_hidden((y, r, c))
    total_n = cube.get((y, r, c), 0)

    def cell(key: str, label: str, n: int, is_hidden: bool) -> Cell:
        if slice_hidden or is_hidden:
            return Cell(key, label, None, small=n < threshold)
        return Cell(key, label, n)

    report = StatsReport(
        filters=filters,
        threshold=threshold,
        slice_hidden=slice_hidden,
        total=cell("total", gettext("Jumlah pengaduan"), total_n, slice_hidden),
        region_codes={name: code for code, name in regions},
    )
    for code, name in regions:
        coord = (y, code, c)
        included = filters.region in (None, code)
        n = cube.get(coord, 0) if included else 0
        report.by_region.append(cell(code, name, n, protected.cube_hidden(coord) if included
                                     else is_small(n, threshold)))
    for code, label in categories:
        coord = (y, r, code)
        included = filters.category in (None, code)
        n = cube.get(coord, 0) if included else 0
        report.by_category.append(cell(code, label, n, protected.cube_hidden(coord)
                                       if included else is_small(n, threshold)))

    for status in STATUSES:
        n, is_hidden = protected.status_cell((y, r, c, status))
        report.by_status.append(cell(status, gettext(STATUS_LABELS[status]), n, is_hidden))

    for key in _months(filters, first_year, today):
        year, month = int(key[:4]), int(key[5:7])
        n, is_hidden = protected.month_cell(year, (r, c, month))
        report.by_month.append(cell(key, key, n, is_hidden))

    resolved, _ = protected.status_cell((y, r, c, "resolved"))
    if not slice_hidden and resolved >= threshold:
        report.median_days_to_resolve = median_days_to_resolve(filters, resolved)
    return report


# --- The monthly report ------------------------------------------------------------------

OUTCOMES = ("resolved", "referred", "rejected")


@dataclass
class MonthFigures:
    year: int
    month: int
    filed: Cell
    closed: list[Cell]  # by outcome, cases closed in the month
    median_days_to_resolve: float | None
    by_category: list[Cell] = field(default_factory=list)
    by_region: list[Cell] = field(default_factory=list)


def _closed_cells() -> dict[tuple[str, str], int]:
    """Cases closed per (month closed in WITA, outcome), over the whole table."""
    month = month_key(Complaint.closed_at)
    stmt = (select(month, Complaint.status, func.count())
            .where(Complaint.closed_at.is_not(None), Complaint.status.in_(OUTCOMES))
            .group_by(month, Complaint.status))
    return {(m, status): n for m, status, n in db.session.execute(stmt)}


def _protect_closings(protected: ProtectedCubes, threshold: int) -> tuple[dict, frozenset]:
    """Month closed × outcome, over every month, tied to the all-time status totals.

    Summed over every month, the closings of an outcome are the whole table's count of that
    status on ``/stats``: published there means never hidden here, hidden there stays hidden,
    and no month's hidden count is that total minus the other months.
    """
    cells = _closed_cells()
    seed, known = set(), set()
    for outcome in OUTCOMES:
        _, is_hidden = protected.status_cell((ALL, ALL, ALL, outcome))
        (seed if is_hidden else known).add((ALL, outcome))
    months = sorted({m for m, _ in cells})
    return protect_cube(cells, [months, list(OUTCOMES)], threshold,
                        hidden_seed=seed, known=known)


def _month_breakdown(protected: ProtectedCubes, year: int, month: int, axis: str,
                     codes: list[tuple[str, str]], threshold: int) -> list[Cell]:
    """Filed in the month by region (or category): cells of the year's month cube.

    Each such cell is also a month of ``/stats?year=&region=`` (``&category=``), and is
    hidden or shown exactly as there.
    """
    out = []
    for code, label in codes:
        coord = (code, ALL, month) if axis == "region" else (ALL, code, month)
        n, is_hidden = protected.month_cell(year, coord)
        out.append(Cell(code, label, None, small=n < threshold) if is_hidden
                   else Cell(code, label, n))
    return out


def month_figures(year: int, month: int, threshold: int, *, locale: str = "id",
                  today: date | None = None) -> MonthFigures:
    """Headline figures for one month (filed in it, closed in it), suppressed like /stats."""
    from .sqltime import month_range

    today = today or today_wita()
    regions, categories = reference_lists(locale)
    protected = protected_cubes([c for c, _ in regions], [c for c, _ in categories], threshold)
    year_report = public_stats(StatsFilters(year=year), threshold, locale=locale, today=today,
                               protected=protected)
    key = f"{year:04d}-{month:02d}"
    filed = next((c for c in year_report.by_month if c.key == key),
                 Cell(key, key, None, small=True))
    start, end = month_range(year, month)
    closed_all, closed_hidden = _protect_closings(protected, threshold)
    closed_counts = {s: closed_all.get((key, s), 0) for s in OUTCOMES}
    closed = [Cell(s, gettext(STATUS_LABELS[s]), None, small=closed_counts[s] < threshold)
              if (key, s) in closed_hidden
              or ((key, s) not in closed_all and is_small(0, threshold))
              else Cell(s, gettext(STATUS_LABELS[s]), closed_counts[s]) for s in OUTCOMES]
    median = None
    resolved = closed_counts["resolved"]
    if resolved >= threshold:
        days = days_between(Complaint.created_at, Complaint.closed_at).label("days")
        stmt = (select(days).where(Complaint.status == "resolved", Complaint.closed_at >= start,
                                   Complaint.closed_at < end)
                .order_by(days).offset((resolved - 1) // 2).limit(2 - resolved % 2))
        values = [float(v) for v in db.session.scalars(stmt)]
        median = round(sum(values) / len(values), 1) if values else None
    figures = MonthFigures(year, month, filed, closed, median)
    if year_report.slice_hidden or filed.hidden:
        figures.by_region = [Cell(c, label, None, small=filed.small) for c, label in regions]
        figures.by_category = [Cell(c, label, None, small=filed.small)
                               for c, label in categories]
    else:
        figures.by_region = _month_breakdown(protected, year, month, "region", regions,
                                             threshold)
        figures.by_category = _month_breakdown(protected, year, month, "category",
                                               categories, threshold)
    return figures
