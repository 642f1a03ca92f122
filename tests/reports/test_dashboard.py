"""The task-force dashboard and the union figures: who sees them, and that they add up."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from grievance.extensions import db
from grievance.models import Complaint
from grievance.rules.workflow import OPEN_STATUSES
from grievance.services import dashboard

from ..factories import make_complaint, make_employer, make_union, make_user
from .helpers import demo


@pytest.mark.parametrize("role,status", [("coordinator", 200), ("admin", 200),
                                         ("inspector", 403), ("union_rep", 403)])
def test_only_coordinators_and_admins_open_the_dashboard(client, auth, role, status):
    auth.login_as(make_user(role))
    assert client.get("/dashboard").status_code == status


def test_dashboard_figures_equal_counts_from_the_rows(app):
    demo(800, 4)
    today = date(2026, 11, 22)
    figures = dashboard.task_force(today)
    cases = db.session.scalars(select(Complaint)).all()
    open_cases = [c for c in cases if c.status in OPEN_STATUSES]
    assert sum(sum(r.values()) for r in figures["open_by_age"].values()) == len(open_cases)
    assert figures["overdue"] == sum(1 for c in open_cases if c.due_date and c.due_date < today)
    per_assignee = Counter(c.assignee_id for c in open_cases)
    assert {w.user_id: w.open for w in figures["workload"]} == dict(per_assignee)
    per_region = Counter(c.region_code for c in cases)
    assert {r.code: r.total for r in figures["regions"] if r.total} == dict(per_region)
    bpjs = Counter(c.region_code for c in cases
                   if any(check.get("rule") == "bpjs_not_registered" for check in c.checks))
    assert {r.code: r.bpjs_not_registered for r in figures["regions"]
            if r.bpjs_not_registered} == dict(bpjs)
    expected = sum((c.shortfall * c.workers_affected for c in cases if c.shortfall),
                   Decimal("0"))
    assert figures["shortfall"].all_cases == expected
    top = Counter(c.employer_id for c in cases).most_common(1)[0]
    assert figures["top_by_complaints"][0].complaints == top[1]
    waited = figures["time_in_status"]
    assert set(waited) == set(OPEN_STATUSES)


def test_age_buckets_split_open_cases_by_days_since_filing(app):
    from datetime import datetime, timezone

    today = date(2026, 11, 22)
    for days in (1, 10, 40, 200):
        make_complaint(created_at=datetime.combine(today - timedelta(days=days),
                                                   datetime.min.time(), timezone.utc)
                       + timedelta(hours=4))
    ages = dashboard.open_by_status_and_age(today)["received"]
    assert ages == {"0-7": 1, "8-30": 1, "31-90": 1, "91+": 1}


def test_the_dashboard_page_links_every_figure_to_the_queue(client, auth):
    make_complaint(employer=make_employer("PT Rupiah", "64.72"), shortfall=Decimal("724437.20"),
                   workers_affected=1)
    auth.login_as(make_user("coordinator"))
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Rp 724.437,20" in html
    assert "/cases?status=received" in html
    assert "/cases?region=64.72" in html
    assert "overdue=1" in html


def test_union_figures_cover_only_the_unions_own_complaints(client, auth):
    ours, theirs = make_union("Serikat Kita"), make_union("Serikat Lain")
    for _ in range(3):
        make_complaint(union=ours, workers_affected=10)
    make_complaint(union=theirs, workers_affected=99)
    figures = dashboard.union_figures(ours.id)
    assert figures["total"] == 3 and figures["workers_affected"] == 30
    auth.login_as(make_user("union_rep", union=ours))
    response = client.get("/union/stats")
    assert response.status_code == 200
    assert "Serikat Kita" in response.get_data(as_text=True)


def test_union_stats_is_for_union_reps_only(client, auth):
    auth.login_as(make_user("coordinator"))
    assert client.get("/union/stats").status_code == 403


def test_bpjs_count_takes_the_rule_not_a_mention_of_it(app):
    employer = make_employer(region_code="64.72")
    make_complaint(employer=employer, checks=[
        {"rule": "bpjs_not_registered", "kind": "violation", "message": "…", "params": {}}])
    make_complaint(employer=employer, checks=[
        {"rule": "thr_owed", "kind": "info", "message": "…", "params": {"see": "bpjs_not_registered"}}])
    loads = {r.code: r for r in dashboard.regions()}
    assert loads["64.72"].total == 2
    assert loads["64.72"].bpjs_not_registered == 1
