"""``flask seed``: reference data from ``grievance/data/*.csv``, idempotent.

Rows are matched on their natural key (region code, sector code, category code, and a wage
floor's kind + region + year + sector). Missing rows are inserted; existing rows are left
alone, because an admin may have corrected them in the app, and counted as ``kept``.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Category, Region, Sector, WageFloorRow

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _none(value: str) -> str | None:
    return value or None


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "ya"}


def seed_reference_data() -> dict[str, dict[str, int]]:
    report: dict[str, dict[str, int]] = {}

    def tally(table: str, inserted: bool) -> None:
        counts = report.setdefault(table, {"inserted": 0, "kept": 0})
        counts["inserted" if inserted else "kept"] += 1

    existing = {r.code for r in db.session.scalars(select(Region))}
    for row in _rows("regions.csv"):
        new = row["code"] not in existing
        if new:
            db.session.add(Region(code=row["code"], name=row["name"], short_name=row["short_name"],
                                  kind=row["kind"],
                                  workforce=int(row["workforce"]) if row.get("workforce") else None,
                                  source=row.get("source", "")))
        tally("regions", new)

    existing = {s.code for s in db.session.scalars(select(Sector))}
    for row in _rows("sectors.csv"):
        new = row["code"] not in existing
        if new:
            db.session.add(Sector(code=row["code"], label_id=row["label_id"], label_en=row["label_en"],
                                  kbli=_none(row.get("kbli", "")), source=row.get("source", "")))
        tally("sectors", new)

    existing = {c.code for c in db.session.scalars(select(Category))}
    for row in _rows("categories.csv"):
        new = row["code"] not in existing
        if new:
            db.session.add(Category(
                code=row["code"], label_id=row["label_id"], label_en=row["label_en"],
                hint_id=row.get("hint_id", ""), hint_en=row.get("hint_en", ""),
                route=row.get("route") or "pengawasan", vulnerable=_flag(row.get("vulnerable", "")),
                sort_order=int(row.get("sort_order") or 0)))
        tally("categories", new)
    db.session.flush()

    existing = {f.scope() for f in db.session.scalars(select(WageFloorRow))}
    for row in _rows("wage_floors.csv"):
        floor = WageFloorRow(
            kind=row["kind"], region_code=_none(row["region_code"]), year=int(row["year"]),
            sector=_none(row["sector"]), amount=Decimal(row["amount"]),
            legal_basis=row.get("legal_basis", ""), source=row.get("source", ""),
            note=row.get("note", ""), confirmed=_flag(row.get("confirmed", "1")))
        new = floor.scope() not in existing
        if new:
            db.session.add(floor)
            existing.add(floor.scope())
        tally("wage_floors", new)
    db.session.commit()
    return report
