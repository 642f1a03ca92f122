"""Fetch-then-check: the one way staff views and the staff API load a case.

A case the user may not see answers 404 (``NotFound``), exactly like a case that does not
exist, so its existence is never confirmed. Views cannot forget the check because they
never load a case any other way.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..models import CaseEvent, Complaint, Employer, Message
from ..rules import N_, access, workflow

CASE_NOT_FOUND = N_("Kasus tidak ditemukan.")


def case_for_staff(user, case_id: int, *, for_update: bool = False) -> Complaint:
    """The case if ``user`` may open it on the staff pages/API, else ``NotFound``."""
    case = db.session.get(Complaint, case_id, with_for_update=for_update or None)
    if case is None or not access.can_view_staff_case(user, case):
        raise NotFound(CASE_NOT_FOUND)
    return case


def employer_for_staff(user, employer_id: int) -> Employer:
    """Employer pages are for staff who use the queue."""
    employer = db.session.get(Employer, employer_id)
    if employer is None or not access.can_use_staff_queue(user):
        raise NotFound(N_("Pemberi kerja tidak ditemukan."))
    return employer


# --- reading a case ------------------------------------------------------------------------

def timeline(case: Complaint, *, include_internal: bool) -> list[dict]:
    """Events and notes in time order, with actors; internal ones only when asked."""
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.complaint_id == case.id)
        .options(selectinload(CaseEvent.actor)).order_by(CaseEvent.created_at, CaseEvent.id))
    messages = {m.id: m for m in db.session.scalars(
        select(Message).where(Message.complaint_id == case.id)
        .options(selectinload(Message.author)).order_by(Message.id))}
    items: list[dict] = []
    shown: set[int] = set()
    for event in events:
        if not event.public and not include_internal:
            continue
        message = None
        if event.kind == "note_added" and event.data:
            message = messages.get(event.data.get("message_id"))
            if message is not None:
                shown.add(message.id)
        items.append({"at": event.created_at, "kind": event.kind, "event": event,
                      "message": message, "actor": event.actor, "actor_kind": event.actor_kind,
                      "public": event.public})
    # Messages without their own event (complainant replies, demo data).
    for message in messages.values():
        if message.id in shown or (message.visibility != "public" and not include_internal):
            continue
        items.append({"at": message.created_at, "kind": "message", "event": None,
                      "message": message, "actor": message.author,
                      "actor_kind": message.author_kind, "public": message.visibility == "public"})
    items.sort(key=lambda item: item["at"])
    return items


def public_view(case: Complaint) -> dict:
    """What the complainant and the filing union may read: no internal note, no staff name.

    Status changes with their dates and reasons, and the public messages.
    """
    history = [
        {"status": e.to_status, "at": e.created_at, "note": e.note}
        for e in db.session.scalars(
            select(CaseEvent).where(CaseEvent.complaint_id == case.id,
                                    CaseEvent.public.is_(True),
                                    CaseEvent.kind.in_(("filed", "status_changed")))
            .order_by(CaseEvent.created_at, CaseEvent.id))
    ]
    messages = [
        {"from": m.author_kind, "body": m.body, "at": m.created_at}
        for m in db.session.scalars(
            select(Message).where(Message.complaint_id == case.id,
                                  Message.visibility == "public").order_by(Message.id))
    ]
    return {"tracking_code": case.tracking_code, "status": case.status,
            "history": history, "messages": messages}


def employer_cases(employer: Employer) -> list:
    return list(db.session.scalars(
        select(Complaint).where(Complaint.employer_id == employer.id)
        .order_by(Complaint.created_at.desc(), Complaint.id.desc())))


def employer_summary(employer: Employer) -> dict:
    """Totals over every complaint against the employer, across unions and regions."""
    from .casework import REPEAT_OFFENDER_CASES

    live = ~Complaint.status.in_(("rejected", "merged"))
    count = workers = 0
    shortfall = Decimal(0)
    for workers_affected, short in db.session.execute(
            select(Complaint.workers_affected, Complaint.shortfall)
            .where(Complaint.employer_id == employer.id, live)):
        count += 1
        workers += workers_affected or 1
        if short is not None:
            shortfall += short * (workers_affected or 1)
    counts = dict(db.session.execute(
        select(Complaint.status, func.count()).where(Complaint.employer_id == employer.id)
        .group_by(Complaint.status)).all())
    # In workflow order, as every other status list: a reader scans it like the process.
    by_status = {status: counts[status] for status in workflow.STATUSES if status in counts}
    return {"cases": count, "workers_affected": int(workers),
            "monthly_shortfall": shortfall.quantize(Decimal("0.01")),
            "by_status": by_status, "repeat_offender": count >= REPEAT_OFFENDER_CASES}
