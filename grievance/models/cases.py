"""Employers, complaints (cases) and everything hanging off a case.

The complainant's identity lives in its own table so that it can be withheld from people
who may see the case but not the person, and purged without touching the case.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..rules.checks import flags_text
from .people import Union, User
from .reference import Category, Region
from .types import Money, UTCDateTime, utcnow

STATUSES = (
    "received", "triaged", "inspection", "note_1", "note_2",
    "investigation", "resolved", "referred", "rejected", "merged",
)
PRIVACY_LEVELS = ("anonymous", "confidential", "open")


class Employer(db.Model):
    __tablename__ = "employers"
    __table_args__ = (Index("ix_employers_name_region", "name_normalized", "region_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_normalized: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    address: Mapped[str] = mapped_column(String(300), default="")
    sector: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"))
    nib: Mapped[str | None] = mapped_column(String(13))
    npwp: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    region: Mapped[Region] = relationship()


class Complaint(db.Model):
    """A case. ``id`` is internal (staff URLs); outsiders only ever see ``tracking_code``."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(f"status IN {STATUSES!r}", name="status_known"),
        CheckConstraint(f"privacy IN {PRIVACY_LEVELS!r}", name="privacy_known"),
        CheckConstraint("priority BETWEEN 1 AND 4", name="priority_range"),
        CheckConstraint("workers_affected >= 1", name="workers_affected_positive"),
        # The queue: tabs by status, each sortable by priority, due date or age, keyset on id.
        Index("ix_complaints_queue_priority", "status", "priority", "id"),
        Index("ix_complaints_queue_due", "status", "due_date", "id"),
        Index("ix_complaints_queue_age", "status", "created_at", "id"),
        # An inspector's own cases (and the unassigned pool, assignee_id IS NULL), by status
        # in each order of the queue: their queue's walks (migrations 0003 and 0004).
        Index("ix_complaints_assignee_queue_due", "assignee_id", "status", "due_date", "id"),
        Index("ix_complaints_assignee_queue_priority", "assignee_id", "status", "priority",
              "id"),
        Index("ix_complaints_assignee_queue_age", "assignee_id", "status", "created_at", "id"),
        Index("ix_complaints_region_status", "region_code", "status"),
        Index("ix_complaints_category_status", "category", "status"),
        Index("ix_complaints_employer_created", "employer_id", "created_at"),
        Index("ix_complaints_union_created", "filed_by_union_id", "created_at"),
        Index("ix_complaints_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    access_code_hash: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    status: Mapped[str] = mapped_column(String(20), default="received")
    priority: Mapped[int] = mapped_column(SmallInteger, default=2)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"))
    description: Mapped[str] = mapped_column(Text)
    workers_affected: Mapped[int] = mapped_column(Integer, default=1)
    privacy: Mapped[str] = mapped_column(String(12), default="confidential")
    # Category-specific facts from the form (wage, contract, bpjs, thr, overtime, severance).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # What the intake rules worked out (CONTRACT.md `checks`), kept as filed.
    checks: Mapped[list] = mapped_column(JSON, default=list)
    # The rule names of ``checks``, space-separated (``rules.checks.flags_text``): what a
    # queue row shows, read without decoding the checks. Set whenever ``checks`` is set.
    flags: Mapped[str] = mapped_column(Text, default="", server_default="")
    reported_wage: Mapped[Decimal | None] = mapped_column(Money)
    # Monthly shortfall against the applicable floor, per affected worker; for reports.
    shortfall: Mapped[Decimal | None] = mapped_column(Money)
    filed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_by_union_id: Mapped[int | None] = mapped_column(ForeignKey("unions.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    compliance_deadline: Mapped[date | None] = mapped_column(Date)
    referral_body: Mapped[str | None] = mapped_column(String(30))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    language: Mapped[str] = mapped_column(String(5), default="id")
    source: Mapped[str] = mapped_column(String(10), default="web")  # web | api | union | demo
    # One-time token from the form: a double click or a resend cannot file twice.
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_public_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    category_ref: Mapped[Category] = relationship()
    region: Mapped[Region] = relationship()
    employer: Mapped[Employer] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    filed_by_user: Mapped[User | None] = relationship(foreign_keys=[filed_by_user_id])
    filed_by_union: Mapped[Union | None] = relationship()
    complainant: Mapped[Complainant | None] = relationship(
        back_populates="complaint", uselist=False, cascade="all, delete-orphan"
    )

    @validates("checks")
    def _keep_flags_in_step(self, _key: str, checks: list) -> list:
        self.flags = flags_text(checks)
        return checks

    def __repr__(self) -> str:  # ids only: reprs end up in logs
        return f"<Complaint {self.id} {self.status}>"


class Complainant(db.Model):
    """Who complained. Absent for anonymous complaints: nothing identifying is stored."""

    __tablename__ = "complainants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, +628…
    email: Mapped[str | None] = mapped_column(String(320))
    nik: Mapped[str | None] = mapped_column(String(16))
    # A union may see a confidential identity only if it entered that identity itself.
    entered_by_union_id: Mapped[int | None] = mapped_column(ForeignKey("unions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    complaint: Mapped[Complaint] = relationship(back_populates="complainant")


class AffectedWorker(db.Model):
    """One named worker of a collective complaint (optional; treated like an identity)."""

    __tablename__ = "affected_workers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseEvent(db.Model):
    """The audit trail of a case: every change, who made it, and what the public may see."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_complaint", "complaint_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_kind: Mapped[str] = mapped_column(String(12))  # staff | complainant | union | system
    kind: Mapped[str] = mapped_column(String(30))  # filed, status_changed, assigned, …
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


class Message(db.Model):
    """Correspondence on a case: public (complainant, union, staff) or internal (staff only)."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_complaint", "complaint_id", "id"),
        CheckConstraint("visibility IN ('public', 'internal')", name="visibility_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    author_kind: Mapped[str] = mapped_column(String(12))  # complainant | staff | union
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # random, under UPLOAD_DIR
    original_name: Mapped[str] = mapped_column(String(255))  # sanitised
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(50))  # decided from the content
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_kind: Mapped[str] = mapped_column(String(12))  # complainant | staff | union
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
