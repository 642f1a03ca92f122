"""Public statistics: the numbers equal the rows, and small cells and slices stay hidden."""

from __future__ import annotations

import csv
import io

import pytest

from grievance.rules.workflow import STATUSES

from ..factories import make_complaint, make_employer
from .helpers import demo, python_counts

REGION_NAMES = {
    "64.01": "Kabupaten Paser", "64.02": "Kabupaten Kutai Barat",
    "64.03": "Kabupaten Kutai Kartanegara", "64.04": "Kabupaten Kutai Timur",
    "64.05": "Kabupaten Berau", "64.09": "Kabupaten Penajam Paser Utara",
    "64.11": "Kabupaten Mahakam Ulu", "64.71": "Kota Balikpapan", "64.72": "Kota Samarinda",
    "64.74": "Kota Bontang",
}


def _check_against_rows(body: dict, expected: dict, k: int) -> None:
    """Every published number is the true count; every hidden one is allowed to be hidden."""
    assert body["suppressed_below"] == k
    if body["total"] is not None:
        assert body["total"] == expected["total"]
    tables = (("by_status", "status", lambda key: key),
              ("by_category", "category", lambda key: key),
              ("by_region", "region", lambda name: body["region_codes"][name]),
              ("by_month", "month", lambda key: key))
    for name, kind, to_key in tables:
        hidden_sum = 0
        for key, value in body[name].items():
            true = expected[kind].get(to_key(key), 0)
            if value is None:
                hidden_sum += true
            else:
                assert value == true, (name, key)
                assert value >= k
        if body["total"] is not None and hidden_sum:
            # Subtracting the visible cells from the total never isolates a small count.
            assert hidden_sum >= k or all(v is None for v in body[name].values())


@pytest.mark.parametrize("seed,size", [(11, 400), (23, 1500)])
def test_aggregates_equal_counts_computed_from_the_rows(app, client, seed, size):
    demo(size, seed)
    app.config["STATS_SUPPRESS_BELOW"] = 1  # nothing hidden: every number must be exact
    for query, filters in (("", {}), ("?year=2025", {"year": 2025}),
                           ("?region=64.72", {"region": "64.72"}),
                           ("?year=2024&category=wage_below_minimum",
                            {"year": 2024, "category": "wage_below_minimum"})):
        body = client.get("/api/v1/stats" + query).get_json()
        expected = python_counts(**filters)
        assert body["total"] == expected["total"]
        assert body["by_status"] == {s: expected["status"].get(s, 0) for s in STATUSES}
        assert sum(body["by_category"].values()) == expected["total"]
        assert {body["region_codes"][n]: v for n, v in body["by_region"].items()} == {
            code: expected["region"].get(code, 0) for code in REGION_NAMES}
        assert {m: v for m, v in body["by_month"].items() if v} == dict(expected["month"])


@pytest.mark.parametrize("seed", [5, 8])
def test_with_suppression_every_published_number_is_still_exact(app, client, seed):
    demo(600, seed)
    for query, filters in (("", {}), ("?year=2026", {"year": 2026}),
                           ("?region=64.02", {"region": "64.02"}),
                           ("?category=other&year=2025", {"category": "other", "year": 2025})):
        body = client.get("/api/v1/stats" + query).get_json()
        _check_against_rows(body, python_counts(**filters), 5)


def test_stats_answer_has_the_contract_shape_and_all_ten_regions_by_name(client):
    body = client.get("/api/v1/stats").get_json()
    for key in ("total", "by_status", "by_category", "by_region", "by_month",
                "median_days_to_resolve", "suppressed_below"):
        assert key in body
    assert set(body["by_region"]) == set(REGION_NAMES.values())
    assert set(body["by_status"]) == set(STATUSES)


def test_a_small_cell_is_null_in_json_never_its_count(app, client):
    big = make_employer("PT Besar", "64.72")
    middle = make_employer("PT Sedang", "64.71")
    small = make_employer("PT Kecil", "64.11")
    for _ in range(12):
        make_complaint(employer=big, category="wage_below_minimum")
    for _ in range(6):
        make_complaint(employer=middle, category="wage_below_minimum")
    make_complaint(employer=small, category="thr_unpaid", status="rejected")
    body = client.get("/api/v1/stats").get_json()
    assert body["total"] == 19
    assert body["by_region"]["Kabupaten Mahakam Ulu"] is None
    # The smallest other region goes with it: Mahakam Ulu is not "total minus the rest".
    assert body["by_region"]["Kota Balikpapan"] is None
    assert body["by_region"]["Kota Samarinda"] == 12
    assert body["by_category"]["thr_unpaid"] is None
    assert body["by_status"]["rejected"] is None
    # One status cell is hidden: the next-smallest non-zero one goes with it, so the
    # rejected complaint cannot be recovered as total minus the rest.
    assert body["by_status"]["received"] is None


def test_a_slice_below_the_threshold_hides_everything_and_says_so(client):
    employer = make_employer("PT Sedikit", "64.05")
    for _ in range(3):
        make_complaint(employer=employer, category="pkwt_misuse")
    for _ in range(10):
        make_complaint(employer=make_employer("PT Lain", "64.71"), category="pkwt_misuse")
    body = client.get("/api/v1/stats?region=64.05").get_json()
    assert body["slice_suppressed"] is True
    assert body["total"] is None
    assert all(v is None for table in ("by_status", "by_category", "by_region", "by_month")
               for v in body[table].values())
    assert body["median_days_to_resolve"] is None


def test_a_slice_is_hidden_when_showing_it_would_reveal_a_small_sibling(client):
    """Region A has 6, region B 2: showing A would give B as (total - A)."""
    for _ in range(6):
        make_complaint(employer=make_employer("PT A", "64.01"), category="other")
    for _ in range(2):
        make_complaint(employer=make_employer("PT B", "64.02"), category="other")
    for _ in range(20):
        make_complaint(employer=make_employer("PT C", "64.72"), category="thr_unpaid")
    everything = client.get("/api/v1/stats").get_json()
    in_other = client.get("/api/v1/stats?category=other").get_json()
    in_a = client.get("/api/v1/stats?category=other&region=64.01").get_json()
    assert everything["by_region"]["Kabupaten Kutai Barat"] is None
    assert in_other["total"] == 8
    assert in_other["by_region"]["Kabupaten Paser"] is None  # complementary
    assert in_a["slice_suppressed"] is True


def test_unknown_filters_are_refused_with_the_field_named(client):
    response = client.get("/api/v1/stats?region=99.99&year=abc&category=nope")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"region", "year", "category"}


def test_the_page_shows_small_cells_as_less_than_five(client):
    for _ in range(12):
        make_complaint(employer=make_employer("PT Besar", "64.72"))
    make_complaint(employer=make_employer("PT Kecil", "64.11"), status="rejected")
    html = client.get("/stats").get_data(as_text=True)
    assert "&lt; 5" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "<script" not in html
    # Mahakam Ulu's row in the region table shows "< 5", never "1".
    row = html.split("Kabupaten Mahakam Ulu</th>")[-1].split("</tr>")[0]
    assert "&lt; 5" in row and ">1<" not in row


def test_the_page_says_when_a_slice_is_hidden(client):
    make_complaint(employer=make_employer("PT Kecil", "64.11"))
    html = client.get("/stats?region=64.11").get_data(as_text=True)
    assert "terlalu sedikit pengaduan" in html


def test_the_csv_leaves_hidden_cells_empty(client):
    for _ in range(12):
        make_complaint(employer=make_employer("PT Besar", "64.72"))
    for _ in range(6):
        make_complaint(employer=make_employer("PT Sedang", "64.71"))
    make_complaint(employer=make_employer("PT Kecil", "64.11"), category="thr_unpaid")
    response = client.get("/stats.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    mahulu = next(r for r in table if r["table"] == "region" and r["key"] == "64.11")
    assert mahulu["count"] == "" and mahulu["hidden"] == "small"
    samarinda = next(r for r in table if r["table"] == "region" and r["key"] == "64.72")
    assert samarinda["count"] == "12"
    assert {r["table"] for r in table} >= {"total", "status", "category", "region", "month"}


def test_the_csv_of_a_small_slice_has_no_numbers(client):
    make_complaint(employer=make_employer("PT Kecil", "64.11"))
    table = list(csv.DictReader(io.StringIO(
        client.get("/stats.csv?region=64.11").get_data(as_text=True))))
    counts = [r["count"] for r in table if r["table"] in ("total", "status", "region", "month")]
    assert counts and all(c == "" for c in counts)


def test_the_threshold_is_configurable(make_app):
    app = make_app(STATS_SUPPRESS_BELOW=2)
    with app.app_context():
        for _ in range(3):
            make_complaint(employer=make_employer("PT X", "64.72"))
        for _ in range(2):
            make_complaint(employer=make_employer("PT Z", "64.71"))
        make_complaint(employer=make_employer("PT Y", "64.11"))
        body = app.test_client().get("/api/v1/stats").get_json()
    assert body["suppressed_below"] == 2
    assert body["by_region"]["Kota Samarinda"] == 3
    assert body["by_region"]["Kabupaten Mahakam Ulu"] is None


def test_the_public_stats_endpoint_is_rate_limited(make_app):
    app = make_app(RATELIMIT_STATS="2 per minute")
    client = app.test_client()
    assert client.get("/api/v1/stats").status_code == 200
    assert client.get("/api/v1/stats").status_code == 200
    response = client.get("/api/v1/stats")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_the_monthly_report_is_public_printable_and_suppressed(client):
    from datetime import datetime, timezone

    for day in range(1, 13):
        make_complaint(employer=make_employer("PT Besar", "64.72"),
                       created_at=datetime(2026, 9, day, 3, tzinfo=timezone.utc))
    make_complaint(employer=make_employer("PT Kecil", "64.11"),
                   created_at=datetime(2026, 9, 20, 3, tzinfo=timezone.utc))
    response = client.get("/stats/monthly?year=2026&month=9")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "September 2026" in html and "Agustus 2026" in html
    row = html.split("Kabupaten Mahakam Ulu</th>")[1].split("</tr>")[0]
    assert "&lt; 5" in row
    assert client.get("/stats/monthly?year=2026&month=13").status_code == 422
