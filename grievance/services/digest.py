"""The coordinators' daily digest: overdue cases and cases filed since yesterday's digest.

``flask digest send`` queues one mail per active coordinator through the outbox (the
sender delivers it); run it once a working day from cron. Counts and tracking codes only:
no complaint text and no names go into the mail.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select

from ..extensions import db
from ..models import Complaint, User
from ..rules import access, workflow
from . import outbox

WITA = timezone(timedelta(hours=8))
LISTED = 50  # cases listed by code in each section; the rest are counted


def digest_data(today: date) -> dict:
    start = datetime.combine(today - timedelta(days=1), time(0), WITA).astimezone(timezone.utc)
    end = datetime.combine(today, time(0), WITA).astimezone(timezone.utc)
    overdue_where = (Complaint.status.in_(workflow.OPEN_STATUSES), Complaint.due_date < today)
    new_where = (Complaint.created_at >= start, Complaint.created_at < end)
    return {
        "today": today,
        "overdue_count": db.session.scalar(select(func.count(Complaint.id)).where(*overdue_where)),
        "overdue": db.session.execute(
            select(Complaint.id, Complaint.tracking_code, Complaint.status, Complaint.due_date)
            .where(*overdue_where).order_by(Complaint.due_date, Complaint.id).limit(LISTED)).all(),
        "new_count": db.session.scalar(select(func.count(Complaint.id)).where(*new_where)),
        "new": db.session.execute(
            select(Complaint.id, Complaint.tracking_code, Complaint.category)
            .where(*new_where).order_by(Complaint.id).limit(LISTED)).all(),
        "status_labels": workflow.STATUS_LABELS,
    }


def send_digest(today: date) -> int:
    """Queue the digest for every active coordinator; returns how many were queued."""
    data = digest_data(today)
    recipients = db.session.scalars(
        select(User.email).where(User.role == access.COORDINATOR, User.active.is_(True))
        .order_by(User.id)).all()
    for email in recipients:
        outbox.queue_template(email, "digest", kind="digest", **data)
    db.session.commit()
    return len(recipients)
