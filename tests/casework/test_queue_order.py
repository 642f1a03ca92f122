"""The queue's three orders over the API, page by page, and the age shown on the HTML queue.

What ``grievance/services/queue.py`` documents: ``due`` = earliest due date first (so overdue
first), cases without a due date last; ``priority`` = most urgent first; ``age`` = oldest
first; every order ends on the id, so it is total and a cursor is exact.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone

import pytest

from grievance.rules.priority import HIGH, LOW, NORMAL, URGENT
from grievance.services import queue
from tests.factories import make_complaint, make_employer, make_user

from .helpers import WITA, Api


def _wita_noon(days_ago: int) -> datetime:
    return datetime.combine(queue.today_wita() - timedelta(days=days_ago), time(12), WITA)


@pytest.fixture
def cases(app):
    """Cases whose ids, filing times, priorities and due dates disagree with each other, so
    that each order puts them differently. ``(id, status, priority, due_date, created_at)``."""
    today = queue.today_wita()
    employer = make_employer()
    spec = [  # status, priority, due in days (None: no due date), filed days ago
        ("triaged", NORMAL, -3, 10),
        ("received", URGENT, 2, 4),
        ("inspection", LOW, None, 30),
        ("resolved", URGENT, None, 60),
        ("triaged", URGENT, -1, 4),  # same filing moment as the second: id decides
        ("received", HIGH, 0, 1),
        ("note_1", NORMAL, 20, 45),
        ("inspection", HIGH, -3, 2),  # same due date as the first: id decides
        ("rejected", LOW, None, 15),
        ("received", NORMAL, 5, 0),
        ("investigation", URGENT, 40, 90),
    ]
    out = []
    for status, priority, due_in, filed_ago in spec:
        case = make_complaint(employer=employer, status=status, priority=priority,
                              due_date=None if due_in is None else today + timedelta(days=due_in),
                              created_at=_wita_noon(filed_ago))
        out.append(case)
    return out


def _ids_in_order(cases, sort: str) -> list[int]:
    """The expected order, worked out here from the documented rules."""
    if sort == "priority":
        key = lambda c: (-c.priority, c.id)  # noqa: E731
    elif sort == "age":
        key = lambda c: (c.created_at, c.id)  # noqa: E731
    else:
        key = lambda c: (c.due_date is None, c.due_date or datetime.min.date(), c.id)  # noqa: E731
    return [c.id for c in sorted(cases, key=key)]


def _all_at_once(api, sort: str) -> list[dict]:
    body = api.get("/cases", query_string={"sort": sort, "limit": "200"}).get_json()
    assert body["next_cursor"] is None
    return body["items"]


def test_priority_order_puts_urgent_first_then_lower_ids_first(app, client, cases):
    items = _all_at_once(Api(client, make_user("coordinator")), "priority")
    assert [i["id"] for i in items] == _ids_in_order(cases, "priority")
    levels = [i["priority"] for i in items]
    assert levels == sorted(levels, key=["urgent", "high", "normal", "low"].index)
    urgent = [i["id"] for i in items if i["priority"] == "urgent"]
    assert urgent == sorted(urgent) and len(urgent) == 4


def test_age_order_puts_the_oldest_case_first_whatever_its_id(app, client, cases):
    items = _all_at_once(Api(client, make_user("coordinator")), "age")
    assert [i["id"] for i in items] == _ids_in_order(cases, "age")
    assert items[0]["id"] == cases[10].id  # filed 90 days ago, created last
    ages = [i["age_days"] for i in items]
    assert ages == sorted(ages, reverse=True)


def test_due_order_puts_overdue_first_and_cases_without_a_due_date_last(app, client, cases):
    items = _all_at_once(Api(client, make_user("coordinator")), "due")
    assert [i["id"] for i in items] == _ids_in_order(cases, "due")
    overdue = [i["overdue"] for i in items]
    assert overdue == [True, True, True] + [False] * (len(items) - 3)
    dated = [i["due_date"] for i in items if i["due_date"] is not None]
    assert dated == sorted(dated)
    assert [i["due_date"] for i in items[-3:]] == [None, None, None]
    assert items[3]["due_date"] == queue.today_wita().isoformat()  # due today: not yet late


def test_due_is_the_default_order(app, client, cases):
    api = Api(client, make_user("coordinator"))
    body = api.get("/cases", query_string={"limit": "200"}).get_json()
    assert [i["id"] for i in body["items"]] == _ids_in_order(cases, "due")


@pytest.mark.parametrize("sort", queue.SORTS)
@pytest.mark.parametrize("limit", [1, 2, 4])
def test_walking_the_pages_gives_the_same_order_as_one_long_page(app, client, cases, sort, limit):
    api = Api(client, make_user("coordinator"))
    walked: list[int] = []
    cursor = None
    for _ in range(len(cases) + 2):
        params = {"sort": sort, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        response = api.get("/cases", query_string=params)
        assert response.status_code == 200
        body = response.get_json()
        assert len(body["items"]) <= limit
        walked += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert cursor is None, "the walk never reached the last page"
    assert walked == _ids_in_order(cases, sort)


@pytest.mark.parametrize("sort", queue.SORTS)
def test_a_page_fetched_twice_is_the_same_page(app, client, cases, sort):
    api = Api(client, make_user("coordinator"))
    first = api.get("/cases", query_string={"sort": sort, "limit": "3"}).get_json()
    again = api.get("/cases", query_string={"sort": sort, "limit": "3",
                                            "cursor": first["next_cursor"]}).get_json()
    repeat = api.get("/cases", query_string={"sort": sort, "limit": "3",
                                             "cursor": first["next_cursor"]}).get_json()
    assert again == repeat
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in again["items"]}


def _row_of(html: str, tracking_code: str) -> str:
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)
    mine = [r for r in rows if tracking_code in r]
    assert len(mine) == 1, f"{tracking_code} should be on exactly one row"
    return mine[0]


def test_each_queue_row_shows_the_cases_age_in_days(app, client, auth, cases):
    auth.login_as(make_user("coordinator"))
    html = client.get("/cases?status=open").get_data(as_text=True)
    expected = {0: "0 hari", 1: "1 hari", 4: "4 hari", 10: "10 hari", 45: "45 hari",
                90: "90 hari"}
    by_age = {0: cases[9], 1: cases[5], 4: cases[1], 10: cases[0], 45: cases[6], 90: cases[10]}
    for days, case in by_age.items():
        row = _row_of(html, case.tracking_code)
        assert re.search(rf">\s*{expected[days]}\s*<", row), (days, row)
    api = Api(client, make_user("coordinator"))
    items = {i["id"]: i for i in _all_at_once(api, "age")}
    assert {d: items[c.id]["age_days"] for d, c in by_age.items()} == {d: d for d in by_age}


def test_the_html_queue_follows_the_chosen_order(app, client, auth, cases):
    auth.login_as(make_user("coordinator"))
    html = client.get("/cases?status=open&sort=age&limit=200").get_data(as_text=True)
    codes = re.findall(r'href="/cases/(\d+)"', html)
    open_ids = [c.id for c in sorted(cases, key=lambda c: (c.created_at, c.id))
                if c.status not in ("resolved", "rejected")]
    assert [int(i) for i in codes if int(i) in open_ids] == open_ids


@pytest.mark.parametrize("sort", queue.SORTS)
@pytest.mark.parametrize("limit", [1, 3])
def test_an_inspector_walks_their_cases_and_the_pool_in_one_order(app, client, cases, sort,
                                                                   limit):
    """An inspector's queue merges their own cases (any status) with the unassigned triaged
    pool, walked apart in SQL; pages must still follow one order, with nobody else's cases."""
    from grievance.extensions import db

    inspector, colleague = make_user("inspector"), make_user("inspector")
    for case, owner in zip(cases, [inspector, None, inspector, inspector, None, colleague,
                                   inspector, colleague, inspector, None, inspector], strict=True):
        case.assignee_id = owner.id if owner else None
    db.session.commit()
    visible = [c for c in cases if c.assignee_id == inspector.id
               or (c.assignee_id is None and c.status == "triaged")]
    assert {c.status for c in visible} >= {"triaged", "inspection", "resolved"}
    api = Api(client, inspector)
    walked: list[int] = []
    cursor = None
    for _ in range(len(cases) + 2):
        params = {"sort": sort, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        body = api.get("/cases", query_string=params).get_json()
        walked += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert walked == _ids_in_order(visible, sort)


def test_age_counts_wita_calendar_days_and_times_are_iso_8601(app, client):
    """Just after midnight in Samarinda it is still yesterday in UTC: a case filed then is
    0 days old, one filed an hour earlier 1 day. Times go out in ISO 8601, in UTC."""
    today = queue.today_wita()
    after_midnight = datetime.combine(today, time(0, 30), WITA)
    before_midnight = after_midnight - timedelta(hours=1)
    fresh = make_complaint(status="received", created_at=after_midnight, due_date=today)
    older = make_complaint(status="received", created_at=before_midnight)
    api = Api(client, make_user("coordinator"))
    items = {i["id"]: i for i in api.get("/cases", query_string={"limit": "200"})
             .get_json()["items"]}
    assert items[fresh.id]["age_days"] == 0 and items[older.id]["age_days"] == 1
    assert items[fresh.id]["created_at"] == (after_midnight - timedelta(hours=8)).replace(
        tzinfo=timezone.utc).isoformat()
    assert items[fresh.id]["created_at"].endswith("T16:30:00+00:00")
    assert items[fresh.id]["due_date"] == today.isoformat()
    assert items[older.id]["due_date"] is None
