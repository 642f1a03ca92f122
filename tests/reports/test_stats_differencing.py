"""Regression for the security review's differencing attack on the status and month tables.

Samarinda has one resolved complaint. Its own answer hides it, but before the fix the
whole-table "resolved" (11) minus Balikpapan's (10) gave it back, because the region table
showed every other region empty. Now every answer is read off one protected cube: the
proof's subtraction is impossible, and more strongly, two tables that differ in Samarinda's
hidden count publish exactly the same numbers in every answer a filter can ask for.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from grievance.extensions import db
from grievance.models import Complaint

from ..factories import make_complaint, make_employer
from .test_stats import REGION_NAMES

QUERIES = [
    "&".join(part for part in parts if part)
    for parts in (
        (year, region, category)
        for year in ("", "year=2026")
        for region in ("", *(f"region={code}" for code in REGION_NAMES))
        for category in ("", "category=thr_unpaid", "category=other")
    )
]


def _review_case() -> None:
    samarinda = make_employer("PT Satu", region_code="64.72")
    balikpapan = make_employer("PT Dua", region_code="64.71")
    when = datetime(2026, 3, 10, 3, tzinfo=timezone.utc)
    for _ in range(10):
        make_complaint(employer=samarinda, category="thr_unpaid", created_at=when)
    make_complaint(employer=samarinda, category="thr_unpaid", status="resolved",
                   created_at=when)
    for status in ("received", "resolved"):
        for _ in range(10):
            make_complaint(employer=balikpapan, category="thr_unpaid", status=status,
                           created_at=when)
    db.session.commit()


def _every_answer(client) -> dict[str, dict]:
    client.application.config["RATELIMIT_STATS"] = "10000 per minute"
    out = {}
    for query in QUERIES:
        response = client.get("/api/v1/stats?" + query)
        assert response.status_code == 200, query
        body = response.get_json()
        body.pop("median_days_to_resolve")  # not a count (and the same rule as before)
        out[query] = body
    return out


def _move(region: str, old: str, new: str) -> None:
    complaint = db.session.scalars(select(Complaint).where(
        Complaint.region_code == region, Complaint.status == old).limit(1)).first()
    complaint.status = new
    db.session.commit()


def test_the_reviewed_subtraction_no_longer_works(client):
    _review_case()
    whole = client.get("/api/v1/stats").get_json()
    smd = client.get("/api/v1/stats?region=64.72").get_json()
    bpp = client.get("/api/v1/stats?region=64.71").get_json()
    assert smd["by_status"]["resolved"] is None
    # Balikpapan's "resolved" is hidden with it: whole - Balikpapan is no longer a number.
    assert whole["by_status"]["resolved"] is None or bpp["by_status"]["resolved"] is None


def test_a_different_hidden_count_publishes_the_same_answers_everywhere(client):
    """Samarinda resolved = 1, 2 or 3: every answer (66 filters) is identical."""
    _review_case()
    before = _every_answer(client)
    for _ in range(2):
        # One more resolved in Samarinda, one fewer in Balikpapan: every published
        # figure (region totals, status totals, month totals) may stay the same, and does.
        _move("64.72", "received", "resolved")
        _move("64.71", "resolved", "received")
        assert _every_answer(client) == before


def test_a_hidden_month_cannot_be_taken_from_the_all_regions_series(client):
    """The same attack on months: Samarinda files 1 complaint in April, Balikpapan 10."""
    samarinda = make_employer("PT Satu", region_code="64.72")
    balikpapan = make_employer("PT Dua", region_code="64.71")
    march = datetime(2026, 3, 10, 3, tzinfo=timezone.utc)
    april = march + timedelta(days=30)
    for _ in range(10):
        make_complaint(employer=samarinda, category="thr_unpaid", created_at=march)
        make_complaint(employer=balikpapan, category="thr_unpaid", created_at=march)
        make_complaint(employer=balikpapan, category="thr_unpaid", created_at=april)
    make_complaint(employer=samarinda, category="thr_unpaid", created_at=april)
    db.session.commit()
    before = _every_answer(client)
    assert before["region=64.72"]["by_month"]["2026-04"] is None
    whole, bpp = before[""]["by_month"]["2026-04"], before["region=64.71"]["by_month"]["2026-04"]
    assert whole is None or bpp is None
    # Move one of Samarinda's March complaints to April and one of Balikpapan's April ones
    # to March (Samarinda April 2, Balikpapan April 9): nothing published changes.
    moved = db.session.scalars(select(Complaint).where(
        Complaint.region_code == "64.72", Complaint.created_at < april).limit(1)).first()
    moved.created_at = april
    other = db.session.scalars(select(Complaint).where(
        Complaint.region_code == "64.71", Complaint.created_at >= april).limit(1)).first()
    other.created_at = march
    db.session.commit()
    assert _every_answer(client) == before
