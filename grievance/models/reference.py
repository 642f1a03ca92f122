"""Reference data loaded by ``flask seed`` and editable by admins: regions, sectors,
categories, wage floors. Each row says where it came from."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .types import Money, UTCDateTime, utcnow


class Region(db.Model):
    """A regency (kabupaten) or city (kota) of Kalimantan Timur, keyed by Kemendagri code."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)  # "64.72"
    name: Mapped[str] = mapped_column(String(100))  # "Kota Samarinda"
    short_name: Mapped[str] = mapped_column(String(60))  # "Samarinda"
    kind: Mapped[str] = mapped_column(String(10))  # "kota" | "kabupaten"
    workforce: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")


class Sector(db.Model):
    __tablename__ = "sectors"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # "sawit"
    label_id: Mapped[str] = mapped_column(String(150))
    label_en: Mapped[str] = mapped_column(String(150))
    kbli: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(Text, default="")


class Category(db.Model):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # "wage_below_minimum"
    label_id: Mapped[str] = mapped_column(String(150))
    label_en: Mapped[str] = mapped_column(String(150))
    hint_id: Mapped[str] = mapped_column(Text, default="")
    hint_en: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(String(20), default="pengawasan")  # or "mediasi"
    vulnerable: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_id


class WageFloorRow(db.Model):
    """One minimum wage (UMP, UMK, UMSP or UMSK) for a year, with its legal basis and source.

    ``rules.wages.applicable_floor`` decides which applies; this table only stores them.
    """

    __tablename__ = "wage_floors"
    __table_args__ = (Index("ix_wage_floors_year_region", "year", "region_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(5))  # UMP | UMK | UMSP | UMSK
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    year: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"))
    amount: Mapped[Decimal] = mapped_column(Money)
    legal_basis: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def scope(self) -> tuple:
        """What makes a floor the same floor: seeding and admin edits match on this."""
        return (self.kind, self.region_code, self.year, self.sector)
