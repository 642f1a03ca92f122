"""Due dates in working days across Indonesian holidays, with time passed in explicitly."""

from __future__ import annotations

from datetime import date, timedelta

from grievance.extensions import db
from grievance.models import Complaint
from grievance.rules.deadlines import add_working_days, is_working_day
from grievance.services import casework, queue
from grievance.services.queue import QueueFilters
from tests.factories import make_complaint, make_user

from .helpers import at_wita


def test_triage_due_date_skips_idul_fitri_2025(app):
    """Verified on Friday 28 March 2025: 31 March and 1 April are Idul Fitri."""
    coordinator = make_user("coordinator")
    case = make_complaint(status="received")
    casework.transition(case, coordinator, "triaged", now=at_wita(date(2025, 3, 28)))
    assert not is_working_day(date(2025, 3, 31)) and not is_working_day(date(2025, 4, 1))
    naive = date(2025, 3, 28) + timedelta(days=7)  # five weekdays later, ignoring holidays
    assert case.due_date == add_working_days(date(2025, 3, 28), 5) > naive


def test_case_becomes_overdue_only_after_its_due_day(app):
    coordinator = make_user("coordinator")
    case = make_complaint(status="received")
    casework.transition(case, coordinator, "triaged", now=at_wita(date(2025, 12, 23)))
    due = case.due_date
    assert due == add_working_days(date(2025, 12, 23), 5)
    assert date(2025, 12, 25) < due  # Christmas is not counted

    def overdue_ids(today):
        rows, _ = queue.page(coordinator, QueueFilters(overdue=True), today)
        return [r.id for r in rows]

    assert overdue_ids(due) == []
    assert overdue_ids(due + timedelta(days=1)) == [case.id]


def test_nota_gets_the_configured_compliance_deadline(make_app):
    app = make_app(NOTA_DEADLINE_DAYS=14)
    with app.app_context():
        inspector = make_user("inspector")
        case = make_complaint(status="inspection", assignee=inspector)
        casework.transition(case, inspector, "note_1", now=at_wita(date(2025, 5, 2)))
        assert case.compliance_deadline == date(2025, 5, 16)
        assert case.due_date == case.compliance_deadline
        # An explicit date on the nota wins over the default.
        casework.transition(case, inspector, "note_2", now=at_wita(date(2025, 5, 20)),
                            extra={"compliance_deadline": date(2025, 5, 27)})
        assert case.compliance_deadline == date(2025, 5, 27)


def test_closing_clears_the_due_date_and_sets_closed_at(app):
    inspector = make_user("inspector")
    case = make_complaint(status="inspection", assignee=inspector)
    now = at_wita(date(2025, 7, 1))
    casework.transition(case, inspector, "resolved", now=now)
    db.session.expire_all()
    stored = db.session.get(Complaint, case.id)
    assert stored.due_date is None and stored.closed_at == now
    assert stored.status_changed_at == now and stored.last_public_update_at == now


def test_reopening_clears_closed_at(app):
    coordinator = make_user("coordinator")
    case = make_complaint(status="rejected")
    casework.transition(case, coordinator, "triaged", note="Bukti baru masuk.",
                        now=at_wita(date(2025, 8, 4)))
    assert case.closed_at is None and case.due_date == add_working_days(date(2025, 8, 4), 5)
