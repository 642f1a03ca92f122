"""The queue: who sees what, filters, and keyset pagination that neither skips nor repeats."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from grievance.errors import DomainError
from grievance.services import queue
from grievance.services.queue import QueueFilters
from tests.factories import make_complaint, make_employer, make_union, make_user

from .helpers import Api

TODAY = date(2025, 6, 10)


def _ids(user, **args) -> list[int]:
    rows, _ = queue.page(user, QueueFilters.from_args({"limit": "200", **args}), TODAY)
    return [r.id for r in rows]


def test_inspector_sees_own_cases_and_the_claimable_pool_only(app):
    me, other = make_user("inspector"), make_user("inspector")
    mine = make_complaint(status="inspection", assignee=me)
    pool = make_complaint(status="triaged")
    make_complaint(status="inspection", assignee=other)
    make_complaint(status="received")
    assert sorted(_ids(me)) == sorted([mine.id, pool.id])
    assert _ids(me, assignee="mine") == [mine.id]
    assert _ids(me, assignee="unassigned") == [pool.id]


def test_coordinator_sees_everything_and_union_rep_only_their_union(app):
    union = make_union()
    rep = make_user("union_rep", union=union)
    ours = make_complaint(union=union)
    make_complaint()
    assert len(_ids(make_user("coordinator"))) == 2
    assert _ids(rep) == [ours.id]  # for the reports exports built on visible_cases_stmt


def test_filters_narrow_the_queue(app):
    inspector = make_user("inspector", email="pengawas@uji.test")
    bontang = make_employer("PT Bontang Kaltim Makmur", region_code="64.74")
    a = make_complaint(employer=bontang, category="thr_unpaid", status="inspection",
                       assignee=inspector, priority=4, due_date=TODAY - timedelta(days=1),
                       description="THR Lebaran belum dibayar")
    b = make_complaint(status="triaged", due_date=TODAY + timedelta(days=3))
    coordinator = make_user("coordinator")
    assert _ids(coordinator, status="inspection") == [a.id]
    assert _ids(coordinator, status="open") == [a.id, b.id]
    assert _ids(coordinator, category="thr_unpaid") == [a.id]
    assert _ids(coordinator, region="64.74") == [a.id]
    assert _ids(coordinator, priority="urgent") == [a.id]
    assert _ids(coordinator, assignee="pengawas@uji.test") == [a.id]
    assert _ids(coordinator, assignee=str(inspector.id)) == [a.id]
    assert _ids(coordinator, overdue="1") == [a.id]
    assert _ids(coordinator, employer="bontang") == [a.id]
    assert _ids(coordinator, employer=str(bontang.id)) == [a.id]
    assert _ids(coordinator, q="lebaran") == [a.id]
    assert _ids(coordinator, q="Bontang Kaltim") == [a.id]
    assert _ids(coordinator, q=a.tracking_code.lower()) == [a.id]
    assert _ids(coordinator, q="100%_") == []  # LIKE wildcards are literal


def test_date_range_is_in_wita(app):
    coordinator = make_user("coordinator")
    # 23:30 UTC on 9 June is 07:30 WITA on 10 June.
    late = make_complaint(created_at=datetime(2025, 6, 9, 23, 30, tzinfo=timezone.utc))
    assert _ids(coordinator, date_from="2025-06-10", date_to="2025-06-10") == [late.id]
    assert _ids(coordinator, date_to="2025-06-09") == []


def test_overdue_cases_come_first_by_default(app):
    coordinator = make_user("coordinator")
    later = make_complaint(status="triaged", due_date=TODAY + timedelta(days=5))
    closed = make_complaint(status="resolved")
    late = make_complaint(status="triaged", due_date=TODAY - timedelta(days=2))
    assert _ids(coordinator) == [late.id, later.id, closed.id]


@pytest.mark.parametrize("args", [
    {"status": "open_ish"}, {"priority": "9"}, {"sort": "random"}, {"limit": "0"},
    {"limit": "500"}, {"date_from": "10/06/2025"}, {"region": "Samarinda"},
    {"cursor": "not-a-cursor"}, {"assignee": "pak budi"}, {"overdue": "maybe"},
    {"date_from": "2025-06-10", "date_to": "2025-06-01"},
])
def test_nonsense_parameters_are_refused_with_the_field_named(args):
    with pytest.raises(DomainError) as info:
        QueueFilters.from_args(args)
    assert info.value.status == 400 and info.value.fields


def test_cursor_of_another_sort_is_refused():
    cursor = queue.encode_cursor("priority", 3, 10)
    with pytest.raises(DomainError):
        QueueFilters.from_args({"cursor": cursor, "sort": "due"})


def test_api_answers_400_for_a_bad_parameter(app, client):
    response = Api(client, make_user("coordinator")).get("/cases?sort=random")
    assert response.status_code == 400
    assert "sort" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("sort", queue.SORTS)
def test_walking_pages_while_cases_are_filed_never_skips_or_repeats(app, client, sort):
    """Property test: random data, random page sizes, new cases filed between fetches."""
    rng = random.Random(f"queue-{sort}")
    coordinator = make_user("coordinator")
    employers = [make_employer(f"PT Uji {i}") for i in range(3)]
    base = datetime(2025, 1, 1, tzinfo=timezone.utc)

    def new_case():
        status = rng.choice(("received", "triaged", "inspection", "resolved"))
        return make_complaint(
            employer=rng.choice(employers), status=status, priority=rng.randint(1, 4),
            due_date=None if status == "resolved" else TODAY + timedelta(days=rng.randint(-5, 5)),
            created_at=base + timedelta(hours=rng.randint(0, 40)))

    existing = {new_case().id for _ in range(45)}
    api = Api(client, coordinator)
    seen: list[int] = []
    cursor = None
    for _ in range(100):
        params = {"sort": sort, "limit": str(rng.randint(1, 7))}
        if cursor:
            params["cursor"] = cursor
        body = api.get("/cases", query_string=params).get_json()
        seen += [item["id"] for item in body["items"]]
        for _ in range(rng.randint(0, 3)):
            new_case()
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert cursor is None
    assert len(seen) == len(set(seen)), "a case was repeated"
    assert existing <= set(seen), "a case that existed from the start was skipped"


def test_queue_page_renders_tabs_counts_and_overdue_rows(app, client, auth):
    coordinator = make_user("coordinator")
    make_complaint(status="triaged", due_date=date(2020, 1, 6), workers_affected=37,
                   checks=[{"rule": "below_minimum_wage", "shortfall": "724437.20"}],
                   shortfall=Decimal("724437.20"))
    make_complaint(status="received")
    auth.login_as(coordinator)
    page = client.get("/cases").get_data(as_text=True)
    assert 'class="late"' in page and "lewat tenggat" in page
    assert ">37<" in page and "Di bawah upah minimum" in page
    assert 'aria-current="page">Semua yang berjalan <span class="count">2</span>' in page
    page = client.get("/cases?status=triaged&lang=en").get_data(as_text=True)
    assert "overdue" in page.lower()
