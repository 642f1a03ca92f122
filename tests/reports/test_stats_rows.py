"""``GET /api/v1/stats`` with suppression off equals counts computed in Python from the rows.

Stronger than ``test_stats.py``'s check: every cell of every table (by_status, by_category,
by_region by name, by_month) and the median are compared, for demo data made by the real
``flask demo-data`` command, on two seeds and sizes and under several filters.

The median is recomputed exactly as ``services.stats.median_days_to_resolve`` defines it
(docs/REPORTS.md: "median days from filing to resolution"): over the slice's complaints with
status ``resolved`` and a ``closed_at``, the elapsed time ``closed_at - created_at`` in
fractional days (not WITA calendar dates), the middle value (mean of the two middle ones for
an even count), rounded to one decimal. The slice's year is the year filed in WITA.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from grievance.extensions import db
from grievance.models import Category, Complaint, Region
from grievance.rules.workflow import STATUSES

from ..factories import make_complaint, make_employer
from .helpers import python_counts

# Filed on either side of midnight WITA at the turn of a year (and of a month): the UTC date
# says the other year. Resolved ones carry a closed_at so the median sees them too.
BOUNDARY = (
    (datetime(2024, 12, 31, 16, 30, tzinfo=timezone.utc), "64.72"),  # 2025-01-01 00:30 WITA
    (datetime(2024, 12, 31, 15, 59, tzinfo=timezone.utc), "64.72"),  # 2024-12-31 23:59 WITA
    (datetime(2025, 5, 31, 17, 0, tzinfo=timezone.utc), "64.11"),    # 2025-06-01 01:00 WITA
)

FILTERS = (
    {},
    {"year": 2024},
    {"year": 2025},
    {"year": 2026},
    {"region": "64.72"},
    {"region": "64.11"},  # the smallest region: a thin slice
    {"category": "wage_below_minimum"},
    {"category": "other"},
    {"year": 2025, "region": "64.71"},
    {"year": 2024, "category": "pkwt_misuse"},
    {"year": 2026, "region": "64.03", "category": "wage_below_minimum"},
)


def _expected(all_rows, year=None, region=None, category=None) -> dict:
    return python_counts(year, region, category, all_rows=all_rows)


def _check_median(published, days: list[float]) -> None:
    if not days:
        assert published is None
        return
    true = statistics.median(days)
    assert published is not None
    # One decimal of the true median; only a value within float noise of a rounding
    # boundary (x.x5) may round either way.
    assert abs(published - true) <= 0.05 + 1e-6, (published, true)
    if abs(abs(true * 10 - int(true * 10)) - 0.5) > 1e-6:
        assert published == round(true, 1), (published, true)


@pytest.mark.parametrize("seed,size", [(7, 500), (31, 1800), (2, 5000)])
def test_every_published_cell_and_the_median_equal_the_rows(make_app, seed, size):
    app = make_app(STATS_SUPPRESS_BELOW=1)
    with app.app_context():
        result = app.test_cli_runner().invoke(
            args=["demo-data", "--complaints", str(size), "--seed", str(seed)])
        assert result.exit_code == 0, result.output
        for i, (created, region) in enumerate(BOUNDARY):
            make_complaint(employer=make_employer(f"PT Batas {i}", region),
                           category="wage_below_minimum", status="resolved",
                           created_at=created, closed_at=created + timedelta(days=3 + i))
        all_rows = db.session.execute(select(
            Complaint.status, Complaint.category, Complaint.region_code,
            Complaint.created_at, Complaint.closed_at)).all()
        assert len(all_rows) == size + len(BOUNDARY)
        region_names = {r.code: r.name for r in db.session.scalars(select(Region))}
        category_codes = set(db.session.scalars(select(Category.code)))
    assert _expected(all_rows)["resolve_days"]  # the median is really compared
    client = app.test_client()
    for filters in FILTERS:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        response = client.get("/api/v1/stats" + (f"?{query}" if query else ""))
        assert response.status_code == 200, filters
        body = response.get_json()
        expected = _expected(all_rows, **filters)
        where = (filters, seed)
        assert body["suppressed_below"] == 1 and body["slice_suppressed"] is False, where
        assert body["total"] == expected["total"], where
        assert body["by_status"] == {s: expected["status"][s] for s in STATUSES}, where
        assert body["by_category"] == {c: expected["category"][c] for c in category_codes}, where
        # By name, and the names are the regions' own.
        assert body["region_codes"] == {name: code for code, name in region_names.items()}
        assert body["by_region"] == {name: expected["region"][code]
                                     for code, name in region_names.items()}, where
        # Every month listed is exact, and no month with complaints is left out.
        assert set(expected["month"]) <= set(body["by_month"]), where
        assert body["by_month"] == {m: expected["month"][m] for m in body["by_month"]}, where
        if "year" in filters:
            assert all(m.startswith(f"{filters['year']}-") for m in body["by_month"]), where
        _check_median(body["median_days_to_resolve"], expected["resolve_days"])
