"""Audit helpers: every change leaves an event in the same transaction."""

from __future__ import annotations

from ..extensions import db
from ..models import AuditEvent, CaseEvent, Complaint, User


def case_event(complaint: Complaint, kind: str, *, actor: User | None = None,
               actor_kind: str | None = None, from_status: str | None = None,
               to_status: str | None = None, note: str | None = None, public: bool = False,
               data: dict | None = None) -> CaseEvent:
    event = CaseEvent(
        complaint_id=complaint.id,
        actor_user_id=actor.id if actor else None,
        actor_kind=actor_kind or ("staff" if actor is not None and actor.role != "union_rep"
                                  else "union" if actor is not None else "system"),
        kind=kind, from_status=from_status, to_status=to_status, note=note, public=public,
        data=data,
    )
    db.session.add(event)
    return event


def audit(kind: str, *, actor: User | None = None, target_type: str | None = None,
          target_id: object = None, data: dict | None = None) -> AuditEvent:
    event = AuditEvent(actor_user_id=actor.id if actor else None, kind=kind,
                       target_type=target_type,
                       target_id=str(target_id) if target_id is not None else None, data=data)
    db.session.add(event)
    return event
