"""Wage floors and the money a worker is owed (UMP/UMK/UMSP/UMSK, overtime, THR, PKWT, severance).

Wage floors are data (``grievance/data/wage_floors.csv``, editable by an admin), never
constants: the figures change every year and several are uncertain (see the data README).
This module only knows how to read them and how to pick the one that binds a worker.

Money is ``Decimal`` throughout. Intermediate results keep full precision; amounts are rounded
to sen (2 decimals, ROUND_HALF_UP) once, at the end, so that chained sums never drift.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from . import N_, RuleError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

FLOOR_KINDS = ("UMP", "UMK", "UMSP", "UMSK")
# A tie on amount goes to the most specific decree: it names the worker's situation best.
_SPECIFICITY = {"UMP": 0, "UMK": 1, "UMSP": 2, "UMSK": 3}
_REGIONAL_KINDS = {"UMK", "UMSK"}
_SECTORAL_KINDS = {"UMSP", "UMSK"}

SEN = Decimal("0.01")
HOURS_PER_MONTH = Decimal(173)  # PP 35/2021 Pasal 32(2): upah sejam = 1/173 x upah sebulan
MONTHS_PER_YEAR = Decimal(12)


def round_money(amount: Decimal) -> Decimal:
    """Round to sen with ROUND_HALF_UP; call once, on a final amount."""
    return amount.quantize(SEN, rounding=ROUND_HALF_UP)


def _months(value: Decimal | int) -> Decimal:
    """Months of service as a Decimal; negative service is a data error, not zero."""
    months = Decimal(value)
    if months < 0:
        raise RuleError("negative_months", N_("Masa kerja tidak boleh negatif."))
    return months


# --- reference data -------------------------------------------------------------------------


@dataclass(frozen=True)
class WageFloor:
    """One minimum-wage decree figure: what it is, where and when it applies, and why we believe it."""

    kind: str
    region_code: str | None
    year: int
    sector: str | None
    amount: Decimal
    legal_basis: str = ""
    source: str = ""
    note: str = ""
    confirmed: bool = True

    def __post_init__(self) -> None:
        """Refuse rows that could never apply, so a bad admin edit fails loudly instead of silently."""
        if self.kind not in FLOOR_KINDS:
            raise RuleError("floor_kind", N_("Jenis upah minimum %(kind)s tidak dikenal."), kind=self.kind)
        if (self.region_code is not None) != (self.kind in _REGIONAL_KINDS):
            raise RuleError(
                "floor_region",
                N_("%(kind)s harus punya kode wilayah, UMP dan UMSP tidak boleh punya."),
                kind=self.kind,
            )
        if (self.sector is not None) != (self.kind in _SECTORAL_KINDS):
            raise RuleError(
                "floor_sector",
                N_("%(kind)s harus punya sektor, UMP dan UMK tidak boleh punya."),
                kind=self.kind,
            )
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite() or self.amount <= 0:
            raise RuleError("floor_amount", N_("Besaran upah minimum harus angka positif."))

    def applies_to(self, region_code: str | None, year: int, sector: str | None) -> bool:
        """Whether a worker in this region, year and sector is owed at least this floor."""
        if self.year != year:
            return False
        if self.kind in _REGIONAL_KINDS and self.region_code != region_code:
            return False
        return self.kind not in _SECTORAL_KINDS or (sector is not None and self.sector == sector)


@dataclass(frozen=True)
class Region:
    """A regency or city of Kalimantan Timur (Kemendagri code, dotted)."""

    code: str
    name: str
    short_name: str
    kind: str
    workforce: int | None
    source: str


@dataclass(frozen=True)
class Sector:
    """A business sector; only some have a sectoral minimum wage."""

    code: str
    label_id: str
    label_en: str
    kbli: str | None
    source: str


@dataclass(frozen=True)
class Category:
    """A complaint category as the public form shows it, and where the case is routed."""

    code: str
    label_id: str
    label_en: str
    hint_id: str
    hint_en: str
    route: str
    vulnerable: bool
    sort_order: int


def _read(path: Path | str, build: Callable[[dict[str, str]], object]) -> list:
    """Build one object per row; a bad row raises ValueError naming the file and line."""
    result = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            clean = {key: (value or "").strip() for key, value in row.items()}
            try:
                result.append(build(clean))
            except (KeyError, ValueError, InvalidOperation) as exc:
                raise ValueError(f"{path}:{reader.line_num}: {exc!r}") from exc
    return result


def _amount(text: str) -> Decimal:
    """A CSV amount: plain digits, a dot, exactly two decimals, so no locale can misread it."""
    integer, dot, cents = text.partition(".")
    if not (text.isascii() and integer.isdigit() and dot and len(cents) == 2
            and cents.isdigit()):
        raise ValueError(f"amount {text!r} must look like 3724437.20")
    return Decimal(text)


def _flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(f"flag {text!r} must be 0 or 1")
    return text == "1"


def _floor_from_row(row: dict[str, str]) -> WageFloor:
    return WageFloor(
        kind=row["kind"],
        region_code=row["region_code"] or None,
        year=int(row["year"]),
        sector=row["sector"] or None,
        amount=_amount(row["amount"]),
        legal_basis=row["legal_basis"],
        source=row["source"],
        note=row["note"],
        confirmed=_flag(row["confirmed"]),
    )


def read_csv(path: Path | str = DATA_DIR / "wage_floors.csv") -> list[WageFloor]:
    """Wage floors from the shipped CSV (used by ``flask seed`` and by the tests)."""
    return _read(path, _floor_from_row)


def read_regions(path: Path | str = DATA_DIR / "regions.csv") -> list[Region]:
    """Regencies and cities from the shipped CSV."""

    def build(row: dict[str, str]) -> Region:
        if row["kind"] not in ("kota", "kabupaten"):
            raise ValueError(f"kind {row['kind']!r} must be kota or kabupaten")
        return Region(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            workforce=int(row["workforce"]) if row["workforce"] else None,
            source=row["source"],
        )

    return _read(path, build)


def read_sectors(path: Path | str = DATA_DIR / "sectors.csv") -> list[Sector]:
    """Sectors from the shipped CSV."""

    def build(row: dict[str, str]) -> Sector:
        return Sector(row["code"], row["label_id"], row["label_en"], row["kbli"] or None, row["source"])

    return _read(path, build)


def read_categories(path: Path | str = DATA_DIR / "categories.csv") -> list[Category]:
    """Complaint categories from the shipped CSV."""

    def build(row: dict[str, str]) -> Category:
        if row["route"] not in ("pengawasan", "mediasi"):
            raise ValueError(f"route {row['route']!r} must be pengawasan or mediasi")
        return Category(
            code=row["code"],
            label_id=row["label_id"],
            label_en=row["label_en"],
            hint_id=row["hint_id"],
            hint_en=row["hint_en"],
            route=row["route"],
            vulnerable=_flag(row["vulnerable"]),
            sort_order=int(row["sort_order"]),
        )

    return _read(path, build)


# --- which floor binds ----------------------------------------------------------------------


def applicable_floor(
    floors: Iterable[WageFloor], region_code: str | None, year: int, sector: str | None = None
) -> WageFloor | None:
    """The floor a worker is owed: the highest of all that apply, the most specific on a tie.

    Every decree that covers the worker is a minimum they are owed, so the binding one is the
    highest (Disnakertrans: "acuan yang digunakan adalah UMK apabila nilainya lebih tinggi dari
    UMP"). Without a UMP for the year we know nothing reliable about that year, hence ``None``:
    a missing UMK row (e.g. Mahakam Ulu 2026) then falls back to the UMP by construction.
    """
    candidates = [floor for floor in floors if floor.applies_to(region_code, year, sector)]
    if not any(floor.kind == "UMP" for floor in candidates):
        return None
    return max(candidates, key=lambda floor: (floor.amount, _SPECIFICITY[floor.kind]))


def shortfall(floor_amount: Decimal, reported: Decimal) -> Decimal:
    """How much a monthly wage falls short of the floor; zero when it does not."""
    return round_money(max(floor_amount - reported, Decimal(0)))


# --- entitlements ---------------------------------------------------------------------------


def hourly_wage(monthly: Decimal) -> Decimal:
    """Upah sejam = monthly / 173 (PP 35/2021 Pasal 32(2)), unrounded so sums stay exact."""
    return Decimal(monthly) / HOURS_PER_MONTH


# (hours up to and including, multiplier). The last tier continues for any further hour:
# PP 35 stops its table at the daily maximum, but hours beyond it are still owed.
_WORKDAY_TIERS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(1), Decimal("1.5")),
    (Decimal("Infinity"), Decimal(2)),
)
_REST_DAY_5_DAY_WEEK = ((Decimal(8), Decimal(2)), (Decimal(9), Decimal(3)), (Decimal("Infinity"), Decimal(4)))
_REST_DAY_6_DAY_WEEK = ((Decimal(7), Decimal(2)), (Decimal(8), Decimal(3)), (Decimal("Infinity"), Decimal(4)))
_SHORT_DAY_6_DAY_WEEK = (
    (Decimal(5), Decimal(2)),
    (Decimal(6), Decimal(3)),
    (Decimal("Infinity"), Decimal(4)),
)


def _overtime_tiers(
    rest_day: bool, six_day_week: bool, shortest_day: bool
) -> Sequence[tuple[Decimal, Decimal]]:
    if not rest_day:
        return _WORKDAY_TIERS
    if not six_day_week:
        return _REST_DAY_5_DAY_WEEK
    return _SHORT_DAY_6_DAY_WEEK if shortest_day else _REST_DAY_6_DAY_WEEK


def overtime_multiplier_hours(
    hours: Decimal | int, rest_day: bool = False, *, six_day_week: bool = False, shortest_day: bool = False
) -> Decimal:
    """Hours of one overtime day weighted by PP 35/2021 Pasal 31 (fractions of an hour pro rata)."""
    remaining = Decimal(hours)
    if remaining < 0:
        raise RuleError("negative_hours", N_("Jam lembur tidak boleh negatif."))
    weighted, done = Decimal(0), Decimal(0)
    for upto, multiplier in _overtime_tiers(rest_day, six_day_week, shortest_day):
        in_tier = min(remaining, upto - done)
        weighted += in_tier * multiplier
        remaining -= in_tier
        done += in_tier
        if remaining == 0:
            break
    return weighted


def overtime_pay(
    monthly_wage: Decimal,
    hours_by_day: Sequence[Decimal | int],
    rest_day: bool = False,
    *,
    six_day_week: bool = False,
    shortest_day: bool = False,
) -> Decimal:
    """Overtime owed for a list of overtime days (one entry of hours per day).

    Workday: first hour 1,5x and every further hour 2x the hourly wage. Rest days and public
    holidays follow PP 35's tables; the 5-day-week table is the default because it is the
    lower of the two, so an estimate made without knowing the schedule never overstates.
    """
    weighted = sum(
        (
            overtime_multiplier_hours(hours, rest_day, six_day_week=six_day_week, shortest_day=shortest_day)
            for hours in hours_by_day
        ),
        Decimal(0),
    )
    return round_money(weighted * hourly_wage(monthly_wage))


def pkwt_compensation(monthly_wage: Decimal, months_worked: Decimal | int) -> Decimal:
    """Uang kompensasi PKWT (PP 35/2021 Pasal 16): months/12 x wage, nothing under one month.

    Linear with no cap: 24 months give two months' wages, as in DOMAIN §2.
    """
    months = _months(months_worked)
    if months < 1:
        return round_money(Decimal(0))
    return round_money(Decimal(monthly_wage) * months / MONTHS_PER_YEAR)


def thr_entitlement(monthly_wage: Decimal, months_of_service: Decimal | int) -> Decimal:
    """THR (Permenaker 6/2016): one month's wage from 12 months, months/12 from 1 month, else nothing."""
    months = _months(months_of_service)
    if months < 1:
        return round_money(Decimal(0))
    if months >= MONTHS_PER_YEAR:
        return round_money(Decimal(monthly_wage))
    return round_money(Decimal(monthly_wage) * months / MONTHS_PER_YEAR)


# PP 35/2021 Pasal 40: (years of service below which, months of wage).
_PESANGON = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 8))
_UPMK = ((3, 0), (6, 2), (9, 3), (12, 4), (15, 5), (18, 6), (21, 7), (24, 8))


def severance_months(months_of_service: Decimal | int) -> tuple[int, int]:
    """(uang pesangon, uang penghargaan masa kerja) in months of wage, from PP 35/2021 Pasal 40."""
    years = _months(months_of_service) / MONTHS_PER_YEAR
    pesangon = next((months for below, months in _PESANGON if years < below), 9)
    upmk = next((months for below, months in _UPMK if years < below), 10)
    return pesangon, upmk


def severance_pay(
    monthly_wage: Decimal, months_of_service: Decimal | int, pesangon_factor: Decimal = Decimal(1)
) -> Decimal:
    """Pesangon x factor + UPMK: a floor (MK 168: "paling sedikit"); the factor depends on the PHK reason."""
    pesangon, upmk = severance_months(months_of_service)
    return round_money(Decimal(monthly_wage) * (pesangon * Decimal(pesangon_factor) + upmk))
