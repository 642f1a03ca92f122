"""``flask digest send`` queues overdue and new cases to coordinators."""

from __future__ import annotations

from datetime import date, datetime, timezone

from grievance.extensions import db
from grievance.models import OutboxMessage
from tests.factories import make_complaint, make_user


def test_digest_lists_overdue_and_new_cases_for_each_coordinator(app, runner):
    a, b = make_user("coordinator"), make_user("coordinator")
    make_user("coordinator", active=False)
    make_user("inspector")
    late = make_complaint(status="triaged", due_date=date(2025, 6, 2))
    make_complaint(status="resolved", due_date=None)
    new = make_complaint(created_at=datetime(2025, 6, 9, 3, 0, tzinfo=timezone.utc))
    result = runner.invoke(args=["digest", "send", "--today", "2025-06-10"])
    assert result.exit_code == 0, result.output
    mails = db.session.query(OutboxMessage).filter_by(kind="digest").all()
    assert sorted(m.recipient for m in mails) == sorted([a.email, b.email])
    body = mails[0].body_text
    assert late.tracking_code in body and new.tracking_code in body
    assert "Upah di bawah UMK." not in body  # no complaint text in mail
