"""``flask seed`` loads the reference data once; running it again changes nothing."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from grievance.extensions import db
from grievance.models import Category, Region, WageFloorRow
from grievance.services.reference import floor_for


def _counts():
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Region, Category, WageFloorRow)}


def test_seed_loads_ten_regions_all_categories_and_three_years_of_floors(app):
    counts = _counts()
    assert counts["regions"] == 10
    assert counts["categories"] == 9
    years = set(db.session.scalars(select(WageFloorRow.year).where(WageFloorRow.kind == "UMP")))
    assert {2024, 2025, 2026} <= years


def test_running_seed_twice_changes_nothing(app, runner):
    before = _counts()
    floors_before = sorted((f.kind, f.region_code or "", f.year, f.sector or "", f.amount)
                           for f in db.session.scalars(select(WageFloorRow)))
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "0 inserted" in result.output and "inserted," in result.output
    assert all(line.split(": ")[1].startswith("0 inserted") for line in result.output.splitlines())
    db.session.expire_all()
    assert _counts() == before
    assert sorted((f.kind, f.region_code or "", f.year, f.sector or "", f.amount)
                  for f in db.session.scalars(select(WageFloorRow))) == floors_before


def test_seed_keeps_a_floor_an_admin_corrected(app, runner):
    row = db.session.scalar(select(WageFloorRow).where(
        WageFloorRow.kind == "UMK", WageFloorRow.region_code == "64.74", WageFloorRow.year == 2026))
    row.amount = Decimal("3800000.00")
    db.session.commit()
    assert runner.invoke(args=["seed"]).exit_code == 0
    db.session.expire_all()
    assert floor_for("64.74", 2026).amount == Decimal("3800000.00")


def test_floor_read_from_the_database_matches_domain_for_samarinda_2025(app):
    floor = floor_for("64.72", 2025)
    assert (floor.kind, floor.amount) == ("UMK", Decimal("3724437.20"))


def test_mahakam_ulu_2026_has_no_own_umk_so_the_ump_applies(app):
    floor = floor_for("64.11", 2026)
    assert (floor.kind, floor.amount) == ("UMP", Decimal("3762431.00"))


def test_money_survives_the_database_exactly(app):
    total = db.session.scalar(select(func.sum(WageFloorRow.amount)).where(
        WageFloorRow.kind == "UMK", WageFloorRow.year == 2025,
        WageFloorRow.region_code.in_(["64.72", "64.71"])))
    # Stored as whole sen: SUM is exact in SQL on both databases.
    assert total == Decimal("7425945.88")


def test_every_region_and_year_gets_the_domain_floor_from_the_seeded_database(app):
    """The same 30 expectations as tests/rules/test_wages.py, through the database rows."""
    from tests.rules.test_wages import DOMAIN_FLOORS

    assert len(DOMAIN_FLOORS) == 30
    for region, year, kind, amount in DOMAIN_FLOORS:
        floor = floor_for(region, year)
        assert (floor.kind, floor.amount) == (kind, Decimal(amount)), (region, year)
