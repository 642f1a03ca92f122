"""What a union representative sees: the union's own cases, and nothing else.

Every query is scoped to the rep's union in SQL *and* re-checked through ``rules.access``,
so a case of another union is a 404 whatever id or code is asked for.
"""

from __future__ import annotations

from sqlalchemy import select

from ..errors import NotFound
from ..extensions import db
from ..models import AffectedWorker, Complainant, Complaint, User
from ..rules import N_
from ..rules.access import can_view_identity, can_view_union_case, can_view_union_dashboard
from ..rules.codes import normalize_tracking_code

PAGE_SIZE = 50


def list_cases(user: User, *, status: str | None = None, category: str | None = None,
               q: str | None = None, limit: int = PAGE_SIZE) -> list[Complaint]:
    if not can_view_union_dashboard(user):
        return []
    stmt = select(Complaint).where(Complaint.filed_by_union_id == user.union_id)
    if status:
        stmt = stmt.where(Complaint.status == status)
    if category:
        stmt = stmt.where(Complaint.category == category)
    code = normalize_tracking_code(q or "")
    if code:
        stmt = stmt.where(Complaint.tracking_code == code)
    rows = db.session.scalars(stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc())
                              .limit(limit))
    return [c for c in rows if can_view_union_case(user, c)]


def get_case(user: User, complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or not can_view_union_case(user, complaint):
        raise NotFound(N_("Halaman atau data yang Anda cari tidak ada."))
    return complaint


def visible_identity(user: User, complaint: Complaint) -> Complainant | None:
    identity = complaint.complainant
    return identity if can_view_identity(user, complaint, identity) else None


def affected_workers(user: User, complaint: Complaint) -> list[AffectedWorker]:
    """Named workers of a collective complaint: the union typed them in, so it may see them."""
    if not can_view_union_case(user, complaint):
        return []
    return list(db.session.scalars(select(AffectedWorker)
                                   .where(AffectedWorker.complaint_id == complaint.id)
                                   .order_by(AffectedWorker.id)))
