"""Public statistics: aggregates only, with small-cell and small-slice suppression.

``public_stats(filters, k)`` answers ``/stats``, ``/stats.csv`` and ``GET /api/v1/stats``
from four grouped queries (never a row per complaint):

1. the year × region × category cube of the whole table, which decides, consistently for
   every filter combination, which slices and which region/category cells are hidden
   (``rules.suppression.protect_cube``);
2. counts by status within the slice; 3. counts by month within the slice;
4. the median days from filing to resolution within the slice.

No personal data is read: not even the employer, only codes, dates and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext
from sqlalchemy import func, select

from ..errors import ValidationFailed
from ..extensions import db
from ..models import Category, Complaint, Region
from ..rules import N_
from ..rules.suppression import ALL, is_small, protect_cube, protect_line
from ..rules.workflow import STATUS_LABELS, STATUSES
from .sqltime import days_between, month_key, today_wita, year_key, year_range

MIN_YEAR = 2000
MAX_YEAR = 2100


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
            if raw_year.isdigit() and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
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


def year_cube() -> dict[tuple[int, str, str], int]:
    """Complaints per (year filed in WITA, region, category): at most a few hundred rows."""
    year = year_key(Complaint.created_at)
    stmt = select(year, Complaint.region_code, Complaint.category, func.count()).group_by(
        year, Complaint.region_code, Complaint.category
    )
    return {(int(y), r, c): n for y, r, c, n in db.session.execute(stmt)}


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
    filters: StatsFilters, threshold: int, *, locale: str = "id", today: date | None = None
) -> StatsReport:
    today = today or today_wita()
    regions, categories = reference_lists(locale)
    cells = year_cube()
    data_years = {y for y, _, _ in cells}
    first_year = min(data_years | {today.year})
    years = sorted(data_years | ({filters.year} if filters.year is not None else set()))
    region_codes = [code for code, _ in regions]
    category_codes = [code for code, _ in categories]
    cube, hidden = protect_cube(cells, [years, region_codes, category_codes], threshold)

    y, r, c = filters.coord
    slice_hidden = (y, r, c) in hidden
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
        report.by_region.append(cell(code, name, n, coord in hidden if included
                                     else is_small(n, threshold)))
    for code, label in categories:
        coord = (y, r, code)
        included = filters.category in (None, code)
        n = cube.get(coord, 0) if included else 0
        report.by_category.append(cell(code, label, n, coord in hidden if included
                                       else is_small(n, threshold)))

    by_status = dict.fromkeys(STATUSES, 0)
    if not slice_hidden:
        stmt = _where(select(Complaint.status, func.count()).group_by(Complaint.status), filters)
        by_status.update(dict(db.session.execute(stmt).all()))
    status_hidden = protect_line(by_status, threshold)
    for status in STATUSES:
        report.by_status.append(
            cell(status, gettext(STATUS_LABELS[status]), by_status[status],
                 status in status_hidden)
        )

    month_keys = _months(filters, first_year, today)
    by_month = dict.fromkeys(month_keys, 0)
    if not slice_hidden:
        month = month_key(Complaint.created_at)
        stmt = _where(select(month, func.count()).group_by(month), filters)
        for key, n in db.session.execute(stmt):
            if key in by_month:
                by_month[key] = n
    month_hidden = _protect_months(by_month, filters, cube, hidden, threshold)
    for key in month_keys:
        report.by_month.append(cell(key, key, by_month[key], key in month_hidden))

    resolved = by_status["resolved"]
    if not slice_hidden and resolved >= threshold:
        report.median_days_to_resolve = median_days_to_resolve(filters, resolved)
    return report


def _protect_months(by_month: dict[str, int], filters: StatsFilters, cube: dict,
                    hidden: frozenset, threshold: int) -> set[str]:
    """Months are protected within each year, against that year's total in the slice.

    Protecting per year (not over the whole series) makes the unfiltered series and the
    year-filtered one hide the same months, so neither can be subtracted from the other.
    A year whose slice total is hidden hides all its months.
    """
    out: set[str] = set()
    _, r, c = filters.coord
    for year in sorted({int(key[:4]) for key in by_month}):
        months = {k: n for k, n in by_month.items() if int(k[:4]) == year}
        if (year, r, c) in hidden:
            out |= set(months)
        else:
            # Months of the current year not yet reached are not keys: the year total
            # still equals their sum, because nothing is filed in the future.
            out |= protect_line(months, threshold)
    return out


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


def _month_cube(year: int, column, keys: list[str]) -> dict[tuple[int, str], int]:
    start, end = year_range(year)
    month = month_key(Complaint.created_at)
    stmt = (select(month, column, func.count())
            .where(Complaint.created_at >= start, Complaint.created_at < end)
            .group_by(month, column))
    return {(int(m[5:7]), key): n for m, key, n in db.session.execute(stmt) if key in keys}


def _month_breakdown(year: int, month: int, axis: str, codes: list[tuple[str, str]],
                     year_report: StatsReport, threshold: int) -> list[Cell]:
    """Month × region (or category) cells, protected consistently with ``/stats?year=``.

    The month totals and the year's region (category) totals are already published on
    ``/stats``: what is hidden there is hidden here, what is shown there stays shown, and
    every line of the month × region table is then protected like the cube.
    """
    column = Complaint.region_code if axis == "region" else Complaint.category
    keys = [code for code, _ in codes]
    cells = _month_cube(year, column, keys)
    months = list(range(1, 13))
    seed, known = set(), set()
    for c in year_report.by_month:
        coord = (int(c.key[5:7]), ALL)
        (seed if c.hidden else known).add(coord)
    table = year_report.by_region if axis == "region" else year_report.by_category
    for c in table:
        (seed if c.hidden else known).add((ALL, c.key))
    for m in months:  # months not reached yet: empty and not published
        if (m, ALL) not in seed and (m, ALL) not in known:
            seed.add((m, ALL))
    counts, hidden = protect_cube(cells, [months, keys], threshold,
                                  hidden_seed=seed, known=known)
    out = []
    for code, label in codes:
        n = counts.get((month, code), 0)
        out.append(Cell(code, label, None, small=n < threshold) if (month, code) in hidden
                   else Cell(code, label, n))
    return out


def month_figures(year: int, month: int, threshold: int, *, locale: str = "id",
                  today: date | None = None) -> MonthFigures:
    """Headline figures for one month (filed in it, closed in it), suppressed like /stats."""
    from .sqltime import month_range

    today = today or today_wita()
    year_report = public_stats(StatsFilters(year=year), threshold, locale=locale, today=today)
    key = f"{year:04d}-{month:02d}"
    filed = next((c for c in year_report.by_month if c.key == key),
                 Cell(key, key, None, small=True))
    start, end = month_range(year, month)
    closed_counts = dict.fromkeys(OUTCOMES, 0)
    stmt = (select(Complaint.status, func.count())
            .where(Complaint.closed_at >= start, Complaint.closed_at < end,
                   Complaint.status.in_(OUTCOMES))
            .group_by(Complaint.status))
    closed_counts.update(dict(db.session.execute(stmt).all()))
    closed_hidden = protect_line(closed_counts, threshold)
    total_closed = sum(closed_counts.values())
    closed = [Cell(s, gettext(STATUS_LABELS[s]), None, small=closed_counts[s] < threshold)
              if (s in closed_hidden or total_closed < threshold)
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
    regions, categories = reference_lists(locale)
    figures = MonthFigures(year, month, filed, closed, median)
    if year_report.slice_hidden or filed.hidden:
        figures.by_region = [Cell(c, label, None, small=filed.small) for c, label in regions]
        figures.by_category = [Cell(c, label, None, small=filed.small)
                               for c, label in categories]
    else:
        figures.by_region = _month_breakdown(year, month, "region", regions, year_report,
                                             threshold)
        figures.by_category = _month_breakdown(year, month, "category", categories,
                                               year_report, threshold)
    return figures
