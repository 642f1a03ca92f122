"""``flask demo-data``: realistic, consistent, deterministic for a seed."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select, text

from grievance.extensions import db
from grievance.models import STATUSES, CaseEvent, Complainant, Complaint, Employer, Region
from grievance.rules.workflow import find_move
from tests.conftest import clear_database


def _snapshot():
    return [(c.tracking_code, c.status, c.category, c.region_code, c.created_at, c.assignee_id)
            for c in db.session.scalars(select(Complaint).order_by(Complaint.id))]


def test_demo_data_is_deterministic_for_a_seed(runner, app):
    assert runner.invoke(args=["demo-data", "--complaints", "120", "--seed", "7"]).exit_code == 0
    first = _snapshot()
    clear_database()
    assert runner.invoke(args=["demo-data", "--complaints", "120", "--seed", "7"]).exit_code == 0
    assert _snapshot() == first
    clear_database()
    runner.invoke(args=["demo-data", "--complaints", "120", "--seed", "8"])
    assert _snapshot() != first


def test_demo_data_covers_every_status_region_and_category(runner, app):
    result = runner.invoke(args=["demo-data", "--complaints", "1500", "--seed", "3"])
    assert result.exit_code == 0, result.output
    statuses = Counter(db.session.scalars(select(Complaint.status)))
    assert set(statuses) == set(STATUSES)
    regions = set(db.session.scalars(select(Employer.region_code).distinct()))
    assert regions == set(db.session.scalars(select(Region.code)))
    categories = Counter(db.session.scalars(select(Complaint.category)))
    assert len(categories) == 9
    assert categories.most_common(1)[0][0] == "wage_below_minimum"


def test_demo_histories_follow_the_workflow_and_end_at_the_current_status(runner, app):
    runner.invoke(args=["demo-data", "--complaints", "400", "--seed", "5"])
    events = {}
    for event in db.session.scalars(select(CaseEvent).order_by(CaseEvent.complaint_id, CaseEvent.id)):
        events.setdefault(event.complaint_id, []).append(event)
    for complaint in db.session.scalars(select(Complaint)):
        history = events[complaint.id]
        assert history[0].kind == "filed" and history[0].to_status == "received"
        for event in history[1:]:
            assert find_move(event.from_status, event.to_status) is not None, \
                (event.from_status, event.to_status)
        assert history[-1].to_status == complaint.status
        times = [e.created_at for e in history]
        assert times == sorted(times)
        assert date(2024, 1, 1) <= complaint.created_at.date() <= date(2026, 12, 31)


def test_anonymous_demo_cases_have_no_identity(runner, app):
    runner.invoke(args=["demo-data", "--complaints", "300", "--seed", "2"])
    anonymous = select(Complaint.id).where(Complaint.privacy == "anonymous")
    assert db.session.scalar(select(func.count(Complainant.id))
                             .where(Complainant.complaint_id.in_(anonymous))) == 0


def test_demo_data_if_empty_does_not_add_twice(runner, app):
    runner.invoke(args=["demo-data", "--complaints", "50", "--seed", "1"])
    result = runner.invoke(args=["demo-data", "--complaints", "50", "--seed", "1", "--if-empty"])
    assert "nothing generated" in result.output
    assert db.session.scalar(select(func.count(Complaint.id))) == 50


def test_demo_data_can_be_added_twice_without_id_clashes(runner, app):
    runner.invoke(args=["demo-data", "--complaints", "30", "--seed", "1"])
    result = runner.invoke(args=["demo-data", "--complaints", "30", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Complaint.id))) == 60


def test_demo_checks_are_real_intake_checks_that_pages_can_explain(runner, app):
    """Demo cases carry the same check dicts as a real filing (rule, message, params)."""
    from grievance.web.public.explain import explain_all

    runner.invoke(args=["demo-data", "--complaints", "200", "--seed", "4"])
    wage_cases = list(db.session.scalars(select(Complaint).where(
        Complaint.category == "wage_below_minimum")))
    assert wage_cases
    for complaint in wage_cases:
        rules = {c["rule"] for c in complaint.checks}
        assert "below_minimum_wage" in rules
        with app.test_request_context("/"):
            texts = [c["text"] for c in explain_all(complaint.checks)]
        assert all(texts) and any("di bawah" in t for t in texts)


def test_union_pages_open_demo_cases(runner, app, client, auth):
    from .factories import make_user

    runner.invoke(args=["demo-data", "--complaints", "150", "--seed", "6"])
    case = db.session.scalar(select(Complaint).where(
        Complaint.filed_by_union_id.is_not(None), Complaint.category == "wage_below_minimum"))
    assert case is not None
    rep = make_user("union_rep", union=case.filed_by_union)
    auth.login_as(rep)
    assert client.get(f"/union/cases/{case.id}").status_code == 200


def test_demo_data_leaves_statistics_and_a_visibility_map_on_postgresql(runner, app, db_kind):
    """The queue is planned from statistics and walks its indexes alone on all-visible pages;
    a benchmark right after generation needs both, as autovacuum keeps them in production."""
    result = runner.invoke(args=["demo-data", "--complaints", "50", "--seed", "2"])
    assert result.exit_code == 0, result.output
    if db_kind == "postgresql":
        # ANALYZE counts the rows into pg_class (autovacuum would not: 50 rows are below its
        # threshold of 50 + 10 %).
        estimate = db.session.scalar(text(
            "SELECT reltuples FROM pg_class WHERE relname = 'complaints'"))
        assert estimate == 50
        visible = db.session.scalar(text(
            "SELECT relallvisible FROM pg_class WHERE relname = 'complaints'"))
        assert visible > 0
    else:  # SQLite gathers none unless asked; the queue does not depend on them there
        assert not db.session.scalar(text(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
