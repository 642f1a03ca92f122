"""Reference data as the rules need it: wage floors from the (admin-editable) table."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Category, Region, WageFloorRow
from ..rules.wages import WageFloor, applicable_floor


def floors(year: int | None = None) -> list[WageFloor]:
    stmt = select(WageFloorRow)
    if year is not None:
        stmt = stmt.where(WageFloorRow.year == year)
    return [
        WageFloor(kind=row.kind, region_code=row.region_code, year=row.year, sector=row.sector,
                  amount=row.amount, legal_basis=row.legal_basis, source=row.source,
                  note=row.note, confirmed=row.confirmed)
        for row in db.session.scalars(stmt)
    ]


def floor_for(region_code: str, year: int, sector: str | None = None) -> WageFloor | None:
    """The wage floor that applies to a worker in ``region_code`` in ``year`` (and sector)."""
    return applicable_floor(floors(year), region_code, year, sector)


def regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.sort_order, Category.code)))
