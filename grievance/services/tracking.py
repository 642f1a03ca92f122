"""Following a case from outside: the complainant (tracking + access code) and the filing union.

A wrong access code and an unknown tracking code get the same answer (``NotFound``), so the
answer never confirms that a case exists. Failures are counted per tracking code in the
rate-limit storage (memory, or Redis with ``REDIS_URL``); past the limit even the right code
is refused for a while, so an access code cannot be guessed against one case.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from limits import parse as parse_limit
from sqlalchemy import select

from ..errors import DomainError, NotFound, ValidationFailed
from ..extensions import db, limiter
from ..models import CaseEvent, Complaint, Message, User, utcnow
from ..rules import N_
from ..rules.access import can_view_union_case
from ..rules.codes import access_code_matches, normalize_access_code, normalize_tracking_code
from .audit import case_event

log = logging.getLogger("grievance.tracking")

DEFAULT_FAILURE_LIMIT = "10 per hour"
MAX_MESSAGE = 5000
UNKNOWN = N_("Kode lacak atau kode akses tidak cocok. Periksa kembali kedua kode Anda.")


class Throttled(DomainError):
    status = 429
    code = "rate_limited"


def _failure_limit():
    return parse_limit(current_app.config.get("TRACKING_FAILURE_LIMIT", DEFAULT_FAILURE_LIMIT))


def _key(tracking_code: str) -> str:
    # The storage (maybe Redis) never holds the code itself.
    return hashlib.sha256(f"track:{tracking_code}".encode()).hexdigest()[:32]


def _throttle_on() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True)) and limiter.enabled


def find_for_complainant(tracking_code: str, access_code: str) -> Complaint:
    """The case both codes open, else ``NotFound`` (same answer for unknown and wrong)."""
    tracking = normalize_tracking_code(tracking_code or "")
    access = normalize_access_code(access_code or "")
    if tracking is None or access is None:
        raise NotFound(UNKNOWN)
    item, key = _failure_limit(), _key(tracking)
    if _throttle_on() and not limiter.limiter.test(item, "track-fail", key):
        raise Throttled(N_("Terlalu banyak percobaan untuk kode lacak ini. Coba lagi nanti."))
    complaint = db.session.scalar(select(Complaint).where(Complaint.tracking_code == tracking))
    if complaint is None or not access_code_matches(access, complaint.access_code_hash):
        if _throttle_on():
            limiter.limiter.hit(item, "track-fail", key)
        raise NotFound(UNKNOWN)
    return complaint


def find_for_union(user: User | None, tracking_code: str) -> Complaint:
    tracking = normalize_tracking_code(tracking_code or "")
    complaint = tracking and db.session.scalar(
        select(Complaint).where(Complaint.tracking_code == tracking))
    if not complaint or not can_view_union_case(user, complaint):
        raise NotFound(UNKNOWN)
    return complaint


@dataclass
class TimelineEntry:
    at: datetime
    status: str | None
    kind: str
    note: str | None


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """Status changes (without internal notes) and events staff marked public, oldest first."""
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.complaint_id == complaint.id)
                                .order_by(CaseEvent.id))
    entries = []
    for event in events:
        if event.to_status is None and not event.public:
            continue
        if event.kind in ("message", "attachment_added"):
            continue  # shown with the messages and files, not as steps of the case
        entries.append(TimelineEntry(event.created_at, event.to_status, event.kind,
                                     event.note if event.public else None))
    return entries


def public_messages(complaint: Complaint) -> list[Message]:
    return list(db.session.scalars(
        select(Message).where(Message.complaint_id == complaint.id, Message.visibility == "public")
        .order_by(Message.id)))


def post_message(complaint: Complaint, body: str, *, author_kind: str,
                 user: User | None = None) -> Message:
    """A public message from the complainant or the filing union's rep."""
    body = (body or "").strip().replace("\r\n", "\n")
    if not body:
        raise ValidationFailed(N_("Tulis pesan Anda."), fields={"body": N_("Wajib diisi.")})
    if len(body) > MAX_MESSAGE:
        raise ValidationFailed(N_("Pesan terlalu panjang (paling banyak 5000 huruf)."),
                               fields={"body": N_("Terlalu panjang.")})
    message = Message(complaint_id=complaint.id, author_kind=author_kind,
                      author_user_id=user.id if user else None, body=body, visibility="public")
    db.session.add(message)
    db.session.flush()
    case_event(complaint, "message", actor=user, actor_kind=author_kind, public=False,
               data={"message_id": message.id})
    complaint.updated_at = utcnow()
    db.session.commit()
    log.info("message %s on complaint %s from %s", message.id, complaint.id, author_kind)
    return message
