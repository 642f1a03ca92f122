"""Filing a complaint: schema → employer → checks → case, identity, event and mail in one transaction.

Privacy: an anonymous complaint stores no ``Complainant`` row at all, and nothing here (or
anywhere in intake) stores an IP address or a user agent. Log lines carry ids only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..errors import Conflict
from ..extensions import db
from ..models import AffectedWorker, Category, Complainant, Complaint, Employer, Region, Sector, User
from ..rules import N_
from ..rules.checks import IntakeFacts, run_checks
from ..rules.codes import hash_access_code, new_access_code, new_tracking_code
from ..rules.deadlines import due_date_for
from ..rules.duplicates import normalize_employer_name
from ..rules.priority import suggest_priority
from . import outbox, reference
from .audit import case_event
from .intake_schema import IntakeData, IntakeInvalid, parse_complaint

log = logging.getLogger("grievance.intake")

__all__ = ["Filed", "IntakeData", "IntakeInvalid", "file_complaint", "parse", "today_wita"]


@dataclass
class Filed:
    """The result of filing: the case, the access code (plain, shown once) and whether it is new."""

    complaint: Complaint
    access_code: str | None
    created: bool
    warnings: list[str]


def today_wita() -> date:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Makassar")).date()


def parse(payload: dict, *, today: date | None = None) -> IntakeData:
    """The schema with the reference data it needs (regions and sectors)."""
    regions = set(db.session.scalars(select(Region.code)))
    sectors = set(db.session.scalars(select(Sector.code)))
    return parse_complaint(payload, today=today or today_wita(), known_regions=regions,
                           known_sectors=sectors)


def _employer(data: IntakeData) -> Employer:
    """The employer already on file under the same normalised name and region, else a new one."""
    normalized = normalize_employer_name(data.employer_name) or data.employer_name.casefold()
    employer = db.session.scalar(
        select(Employer).where(Employer.name_normalized == normalized,
                               Employer.region_code == data.region_code).order_by(Employer.id).limit(1))
    if employer is None:
        employer = Employer(name=data.employer_name, name_normalized=normalized,
                            region_code=data.region_code, address=data.employer_address,
                            sector=data.sector)
        db.session.add(employer)
        db.session.flush()
    elif data.sector and not employer.sector:
        employer.sector = data.sector
    return employer


def _tracking_code() -> str:
    for _ in range(10):
        code = new_tracking_code()
        if db.session.scalar(select(Complaint.id).where(Complaint.tracking_code == code)) is None:
            return code
    raise RuntimeError("could not draw a free tracking code")  # 2^40 codes: never in practice


def compute_checks(data: IntakeData, filed_on: date) -> list[dict]:
    facts = IntakeFacts(category=data.category, region_code=data.region_code, filed_on=filed_on,
                        sector=data.sector, **data.facts)
    return run_checks(facts, reference.floors(facts.year))


def _priority(data: IntakeData, employer: Employer, checks: list[dict]) -> int:
    wage_check = next((c for c in checks if c["rule"] == "below_minimum_wage"), None)
    ratio = None
    if wage_check is not None:
        ratio = Decimal(wage_check["shortfall"]) / Decimal(wage_check["floor"])
    elif data.facts.get("monthly_wage") is not None:
        ratio = Decimal(0)
    prior = db.session.scalar(select(func.count(Complaint.id))
                              .where(Complaint.employer_id == employer.id)) or 0
    category = db.session.get(Category, data.category)
    level, _reasons = suggest_priority(data.workers_affected, ratio, prior,
                                       bool(category and category.vulnerable))
    return level


def file_complaint(data: IntakeData, *, form_token: str | None = None,
                   access_code: str | None = None, filed_by: User | None = None,
                   source: str = "web", filed_on: date | None = None) -> Filed:
    """File a complaint. A repeated ``form_token`` returns the first case (``created=False``).

    ``access_code`` lets the web form draw the code when it issues the form (so a resend can
    show the same receipt); otherwise a fresh one is drawn.
    """
    if form_token:
        existing = db.session.scalar(select(Complaint).where(Complaint.form_token == form_token))
        if existing is not None:
            return Filed(existing, None, False, [])
    filed_on = filed_on or today_wita()
    union = filed_by.union if filed_by is not None and filed_by.role == "union_rep" else None
    access_code = access_code or new_access_code()
    employer = _employer(data)
    checks = compute_checks(data, filed_on)
    wage_check = next((c for c in checks if c["rule"] == "below_minimum_wage"), None)
    complaint = Complaint(
        tracking_code=_tracking_code(), access_code_hash=hash_access_code(access_code),
        category=data.category, status="received", region_code=data.region_code,
        employer_id=employer.id, description=data.description,
        workers_affected=data.workers_affected, privacy=data.privacy, details=data.details,
        checks=checks, reported_wage=data.facts.get("monthly_wage"),
        shortfall=Decimal(wage_check["shortfall"]) if wage_check else None,
        priority=_priority(data, employer, checks),
        filed_by_user_id=filed_by.id if filed_by is not None else None,
        filed_by_union_id=union.id if union is not None else None,
        due_date=due_date_for("received", filed_on),
        language=str(get_locale() or "id"), source=source, form_token=form_token,
    )
    db.session.add(complaint)
    db.session.flush()
    if data.identity and data.privacy != "anonymous":
        db.session.add(Complainant(complaint_id=complaint.id, **data.identity,
                                   entered_by_union_id=union.id if union is not None else None))
    for worker in data.affected_workers:
        db.session.add(AffectedWorker(complaint_id=complaint.id, **worker))
    actor_kind = "union" if union is not None else "complainant"
    case_event(complaint, "filed", actor=filed_by, actor_kind=actor_kind, to_status="received",
               public=True, data={"source": source})
    _queue_confirmation(complaint, data, union, filed_by)
    try:
        db.session.commit()
    except IntegrityError:
        # Two identical submissions racing: the unique form token let only one through.
        db.session.rollback()
        if form_token:
            existing = db.session.scalar(select(Complaint).where(Complaint.form_token == form_token))
            if existing is not None:
                return Filed(existing, None, False, [])
        raise
    log.info("complaint %s filed (category=%s privacy=%s source=%s)", complaint.id,
             complaint.category, complaint.privacy, source)
    return Filed(complaint, access_code, True, list(data.warnings))


def _queue_confirmation(complaint: Complaint, data: IntakeData, union, filed_by) -> None:
    """Confirmation mail (never the access code) to the complainant and to the filing union."""
    recipients = []
    if data.privacy != "anonymous" and data.identity and data.identity.get("email"):
        recipients.append(data.identity["email"])
    if union is not None:
        recipients.append(union.contact_email or filed_by.email)
    if not recipients:
        return
    category = db.session.get(Category, complaint.category)
    context = {
        "tracking_code": complaint.tracking_code,
        "category": category.label_id if category else complaint.category,
        "track_url": current_app.config["PUBLIC_BASE_URL"] + "/track",
        "union": union,
    }
    for recipient in dict.fromkeys(recipients):
        outbox.queue_template(recipient, "filed_confirmation", kind="filed_confirmation",
                              complaint_id=complaint.id, **context)


def refuse_duplicate_api_key() -> Conflict:
    return Conflict(N_("Pengaduan ini sudah terkirim sebelumnya."), code="duplicate_submission")
