"""Every change staff make to a case: moves, assignment, claims, notes, priority, employer.

Each function takes the acting user and explicit ``today``/``now`` (tests pass them to
travel in time), checks ``rules.access``/``rules.workflow``, changes the case, writes the
``CaseEvent`` and queues the mail in ONE transaction, and commits. Rule refusals become
domain errors here: a move not in the table is 409, a move the actor may not make is 403,
a missing reason or field is 422.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update

from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..extensions import db
from ..models import Category, Complaint, Employer, Message, Union, User, utcnow
from ..rules import N_, RuleError, access, deadlines, workflow
from ..rules.duplicates import is_possible_duplicate, normalize_employer_name
from ..rules.ids import is_digits, parse_id
from ..rules.priority import PRIORITY_NAMES, suggest_priority
from . import outbox
from .audit import audit, case_event
from .lookup import CASE_NOT_FOUND

log = logging.getLogger("grievance.casework")

WITA = timezone(timedelta(hours=8))
MAX_NOTE_LENGTH = 10_000
DUPLICATE_WINDOW_DAYS = 30
# "Berulang kali diadukan" in rules.priority starts at three cases: the same bar here.
REPEAT_OFFENDER_CASES = 3


def today_wita(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(WITA).date()


def _rule_to_domain(error: RuleError):
    """Translate the label params (msgids) and pick the HTTP-facing error class."""
    params = {k: gettext(v) if k.endswith("_label") else v for k, v in error.params.items()}
    if isinstance(error, workflow.IllegalMove):
        return Conflict(error.message, code=error.code, **params)
    if isinstance(error, workflow.NotAllowed):
        return Forbidden(error.message, code=error.code, **params)
    field = params.get("field")
    fields = {field: error.message} if field else {}
    return ValidationFailed(error.message, code=error.code, fields=fields, **params)


# --- notifications ------------------------------------------------------------------------

def _complainant_email(case: Complaint) -> str | None:
    person = case.complainant
    if case.privacy == "anonymous" or person is None or person.purged_at is not None:
        return None
    return person.email or None


def _union_recipients(case: Complaint) -> list[str]:
    if case.filed_by_union_id is None:
        return []
    emails = set(db.session.scalars(
        select(User.email).where(User.union_id == case.filed_by_union_id,
                                 User.role == access.UNION_REP, User.active.is_(True))))
    contact = db.session.scalar(select(Union.contact_email)
                                .where(Union.id == case.filed_by_union_id))
    if contact:
        emails.add(contact.lower())
    return sorted(emails)


def _notify_outside(case: Complaint, template: str, kind: str, **context) -> None:
    """Complainant (in their language) and the filing union: public information only."""
    email = _complainant_email(case)
    if email:
        with force_locale(case.language or "id"):
            outbox.queue_template(email, template, kind=kind, complaint_id=case.id, case=case,
                                  audience="complainant", **context)
    for address in _union_recipients(case):
        outbox.queue_template(address, template, kind=kind, complaint_id=case.id, case=case,
                              audience="union", **context)


def _notify_assignee(case: Complaint, actor: User, template: str, kind: str, **context) -> None:
    assignee = case.assignee
    if assignee is None or assignee.id == actor.id or not assignee.is_active:
        return
    outbox.queue_template(assignee.email, template, kind=kind, complaint_id=case.id, case=case,
                          audience="staff", **context)


# --- the workflow ----------------------------------------------------------------------

def transition(case: Complaint, actor: User, to_status: str, *, note: str | None = None,
               extra: dict | None = None, now: datetime | None = None) -> Complaint:
    """Move ``case`` to ``to_status`` as ``actor``; see the module doc for what happens.

    ``extra`` may carry ``compliance_deadline`` (a date; the configured NOTA_DEADLINE_DAYS
    default otherwise), ``referral_body`` or ``merged_into`` (a case id), as the table asks.
    The note of a move is its reason, and is public: the complainant is told why.
    """
    now = now or utcnow()
    today = today_wita(now)
    from_status = case.status
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_LENGTH:
        raise ValidationFailed(N_("Catatan terlalu panjang."), fields={"note": N_("Terlalu panjang.")})
    filled = workflow.with_default_extra(to_status, extra, today,
                                         current_app.config["NOTA_DEADLINE_DAYS"])
    try:
        move = workflow.check_move(access.relation(actor, case), from_status, to_status, note,
                                   filled, case_id=case.id, today=today)
    except RuleError as error:
        raise _rule_to_domain(error) from None

    values: dict = {"status": to_status, "status_changed_at": now, "last_public_update_at": now,
                    "updated_at": now}
    data: dict = {}
    target = None
    if move.extra == workflow.EXTRA_COMPLIANCE_DEADLINE:
        values["compliance_deadline"] = filled[move.extra]
        data["compliance_deadline"] = filled[move.extra].isoformat()
    elif move.extra == workflow.EXTRA_REFERRAL_BODY:
        values["referral_body"] = filled[move.extra]
        data["referral_body"] = filled[move.extra]
    elif move.extra == workflow.EXTRA_MERGED_INTO:
        target = _merge_target(case, actor, filled[move.extra])
        values["merged_into_id"] = target.id
        data["merged_into"] = target.id
    values["due_date"] = deadlines.due_date_for(
        to_status, today, values.get("compliance_deadline", case.compliance_deadline))
    values["closed_at"] = now if to_status in workflow.CLOSED_STATUSES else None

    # Conditional on the status we checked: a concurrent move makes this one a 409.
    result = db.session.execute(
        update(Complaint).where(Complaint.id == case.id, Complaint.status == from_status)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(N_("Kasus baru saja diubah oleh orang lain. Muat ulang halaman."))
    db.session.refresh(case)
    case_event(case, "status_changed", actor=actor, from_status=from_status,
               to_status=to_status, note=note, public=True, data=data or None)
    if target is not None:
        case_event(target, "merged_in", actor=actor, note=note, public=False,
                   data={"merged_case": case.id})
    context = {"from_status": from_status, "to_status": to_status, "note": note,
               "status_labels": workflow.STATUS_LABELS, "data": data}
    _notify_outside(case, "status_changed", "status_changed", **context)
    _notify_assignee(case, actor, "status_changed", "status_changed", **context)
    db.session.commit()
    log.info("case %s moved %s -> %s by user %s", case.id, from_status, to_status, actor.id)
    return case


def _merge_target(case: Complaint, actor: User, target_id: int) -> Complaint:
    target_id = parse_id(target_id)
    target = db.session.get(Complaint, target_id) if target_id is not None else None
    if target is None or not access.can_view_staff_case(actor, target):
        raise ValidationFailed(N_("Kasus tujuan penggabungan tidak ditemukan."),
                               fields={"merged_into": N_("Kasus tidak ditemukan.")})
    if target.status == "merged":
        raise ValidationFailed(N_("Kasus tujuan sudah digabungkan ke kasus lain."),
                               fields={"merged_into": N_("Pilih kasus yang masih berjalan.")})
    return target


def merge(case: Complaint, actor: User, into_id: int, reason: str, *,
          now: datetime | None = None) -> Complaint:
    """Merge ``case`` into the surviving case ``into_id``, with a reason."""
    return transition(case, actor, "merged", note=reason, extra={"merged_into": into_id}, now=now)


# --- assignment and claiming ------------------------------------------------------------

def _assignable(email_or_user) -> User:
    if isinstance(email_or_user, User):
        user = email_or_user
    else:
        value = str(email_or_user or "").strip().lower()
        user = db.session.scalar(select(User).where(User.email == value)) if value else None
    if user is None or not user.is_active or user.role not in (access.INSPECTOR,
                                                                access.COORDINATOR):
        raise ValidationFailed(N_("Petugas tidak ditemukan atau tidak aktif."),
                               fields={"inspector": N_("Pilih pengawas yang aktif.")})
    return user


def _assign_one(case: Complaint, actor: User, inspector: User, now: datetime) -> bool:
    if not access.can_assign(actor, case):
        if not access.can_view_staff_case(actor, case):
            raise NotFound(CASE_NOT_FOUND)
        raise Forbidden(N_("Anda tidak berwenang menugaskan kasus ini."))
    if case.assignee_id == inspector.id:
        return False
    previous = case.assignee_id
    case.assignee_id = inspector.id
    case.assignee = inspector
    case.updated_at = now
    case_event(case, "assigned", actor=actor, public=False,
               data={"from": previous, "to": inspector.id})
    _notify_assignee(case, actor, "assigned", "assigned")
    return True


def assign(case: Complaint, actor: User, inspector, *, now: datetime | None = None) -> Complaint:
    """Assign (or re-assign) ``case`` to ``inspector`` (a User or an email)."""
    _assign_one(case, actor, _assignable(inspector), now or utcnow())
    db.session.commit()
    log.info("case %s assigned by user %s", case.id, actor.id)
    return case


def bulk_assign(case_ids: Iterable[int], actor: User, inspector, *,
                now: datetime | None = None) -> int:
    """Assign many cases at once, all or nothing; returns how many changed hands."""
    inspector = _assignable(inspector)
    now = now or utcnow()
    parsed = {parse_id(i) for i in case_ids}
    if None in parsed:  # no row can have it
        raise NotFound(CASE_NOT_FOUND)
    ids = sorted(parsed)
    if not ids:
        raise ValidationFailed(N_("Pilih minimal satu kasus."), fields={"case_ids": N_("Kosong.")})
    cases = {c.id: c for c in db.session.scalars(select(Complaint).where(Complaint.id.in_(ids)))}
    changed = 0
    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            db.session.rollback()
            raise NotFound(CASE_NOT_FOUND)
        try:
            changed += _assign_one(case, actor, inspector, now)
        except Exception:
            db.session.rollback()
            raise
    db.session.commit()
    log.info("%s cases assigned in bulk by user %s", changed, actor.id)
    return changed


def claim(case_id: int, inspector: User, *, now: datetime | None = None) -> Complaint:
    """An inspector takes an unassigned triaged case; of two at once exactly one wins.

    PostgreSQL: the row is locked with ``FOR UPDATE SKIP LOCKED``, so a second claimant
    does not wait for the first but finds nothing to take. SQLite has no row locks: the
    UPDATE itself is conditional on the case still being unassigned.
    """
    now = now or utcnow()
    case = db.session.get(Complaint, case_id)
    if case is None or not access.can_view_staff_case(inspector, case):
        raise NotFound(CASE_NOT_FOUND)
    if not access.can_claim(inspector, case):
        raise Conflict(N_("Kasus ini tidak dapat diambil: sudah ada petugasnya atau belum "
                          "diverifikasi."))
    if db.engine.dialect.name == "postgresql":
        locked = db.session.scalar(
            select(Complaint.id)
            .where(Complaint.id == case_id, Complaint.status == "triaged",
                   Complaint.assignee_id.is_(None))
            .with_for_update(skip_locked=True))
        won = locked is not None
        if won:
            db.session.execute(update(Complaint).where(Complaint.id == case_id)
                               .values(assignee_id=inspector.id, updated_at=now)
                               .execution_options(synchronize_session=False))
    else:
        result = db.session.execute(
            update(Complaint)
            .where(Complaint.id == case_id, Complaint.status == "triaged",
                   Complaint.assignee_id.is_(None))
            .values(assignee_id=inspector.id, updated_at=now)
            .execution_options(synchronize_session=False))
        won = result.rowcount == 1
    if not won:
        db.session.rollback()
        raise Conflict(N_("Kasus ini baru saja diambil petugas lain."), code="already_claimed")
    case_event(case, "claimed", actor=inspector, public=False, data={"to": inspector.id})
    db.session.commit()
    db.session.refresh(case)
    log.info("case %s claimed by user %s", case.id, inspector.id)
    return case


# --- notes ------------------------------------------------------------------------------

def add_note(case: Complaint, actor: User, body: str, *, public: bool,
             now: datetime | None = None) -> Message:
    """A note on the case: public (reaches the complainant and the union) or internal."""
    now = now or utcnow()
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(N_("Isi catatan wajib diisi."), fields={"body": N_("Wajib diisi.")})
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationFailed(N_("Catatan terlalu panjang."), fields={"body": N_("Terlalu panjang.")})
    if not access.can_add_note(actor, case, public):
        raise Forbidden(N_("Anda tidak berwenang menulis catatan pada kasus ini."))
    message = Message(complaint_id=case.id, author_kind="staff", author_user_id=actor.id,
                      body=body, visibility="public" if public else "internal", created_at=now)
    db.session.add(message)
    db.session.flush()
    case_event(case, "note_added", actor=actor, public=public,
               data={"message_id": message.id, "visibility": message.visibility})
    if public:
        case.last_public_update_at = now
        _notify_outside(case, "public_note", "public_note", message=message)
    db.session.commit()
    return message


# --- triage: priority, duplicates, employer ----------------------------------------------

def _require_coordinator(actor: User, case: Complaint) -> None:
    if workflow.COORDINATOR not in access.relation(actor, case):
        if not access.can_view_staff_case(actor, case):
            raise NotFound(CASE_NOT_FOUND)
        raise Forbidden(N_("Hanya koordinator yang dapat melakukan ini."))


def _shortfall_ratio(case: Complaint) -> Decimal | None:
    for check in case.checks or []:
        if isinstance(check, dict) and check.get("rule") == "below_minimum_wage":
            try:
                floor = Decimal(str(check["floor"]))
                short = Decimal(str(check["shortfall"]))
            except (KeyError, ArithmeticError, ValueError):
                return None
            return (short / floor) if floor > 0 else None
    if case.reported_wage is not None and case.shortfall is not None:
        floor = case.reported_wage + case.shortfall
        return case.shortfall / floor if floor > 0 else None
    return None


def prior_cases(case: Complaint) -> int:
    """Earlier complaints against the same employer (rejected and merged ones aside)."""
    return db.session.scalar(
        select(func.count(Complaint.id)).where(
            Complaint.employer_id == case.employer_id, Complaint.id != case.id,
            Complaint.created_at <= case.created_at,
            Complaint.status.notin_(("rejected", "merged")))) or 0


def suggested_priority(case: Complaint) -> tuple[int, list[str]]:
    """The rules' suggestion and its reasons (msgids), from what is on file now."""
    vulnerable = bool(db.session.scalar(
        select(Category.vulnerable).where(Category.code == case.category)))
    return suggest_priority(case.workers_affected or 1, _shortfall_ratio(case),
                            prior_cases(case), vulnerable)


def set_priority(case: Complaint, actor: User, level: int | None = None, *,
                 now: datetime | None = None) -> Complaint:
    """Set the priority (the suggestion when ``level`` is None); coordinators only."""
    _require_coordinator(actor, case)
    suggested, _ = suggested_priority(case)
    level = suggested if level is None else level
    if level not in PRIORITY_NAMES:
        raise ValidationFailed(N_("Prioritas tidak dikenal."),
                               fields={"priority": N_("Pilih 1 sampai 4.")})
    if level != case.priority:
        case_event(case, "priority_changed", actor=actor, public=False,
                   data={"from": case.priority, "to": level, "suggested": suggested})
        case.priority = level
        case.updated_at = now or utcnow()
    db.session.commit()
    return case


def possible_duplicates(case: Complaint, window_days: int = DUPLICATE_WINDOW_DAYS) -> list:
    """Other live cases against the same employer and category filed within the window."""
    start = case.created_at - timedelta(days=window_days + 1)
    end = case.created_at + timedelta(days=window_days + 1)
    rows = db.session.scalars(
        select(Complaint).where(
            Complaint.employer_id == case.employer_id, Complaint.category == case.category,
            Complaint.id != case.id, Complaint.status != "merged",
            Complaint.created_at.between(start, end))
        .order_by(Complaint.created_at))
    key = (case.employer_id, case.category, case.created_at)
    return [c for c in rows if is_possible_duplicate(
        key, (c.employer_id, c.category, c.created_at), window_days)]


def link_employer(case: Complaint, actor: User, employer_id: int, *,
                  now: datetime | None = None) -> Complaint:
    """Point the case at another employer on file (a typo at intake, a duplicate record)."""
    _require_coordinator(actor, case)
    employer_id = parse_id(employer_id)
    employer = db.session.get(Employer, employer_id) if employer_id is not None else None
    if employer is None:
        raise ValidationFailed(N_("Pemberi kerja tidak ditemukan."),
                               fields={"employer_id": N_("Tidak ditemukan.")})
    if employer.id != case.employer_id:
        case_event(case, "employer_changed", actor=actor, public=False,
                   data={"from": case.employer_id, "to": employer.id,
                         "region_from": case.region_code, "region_to": employer.region_code})
        case.employer_id = employer.id
        case.employer = employer
        case.region_code = employer.region_code
        case.updated_at = now or utcnow()
    db.session.commit()
    return case


def correct_employer(employer: Employer, actor: User, *, name: str, address: str | None = None,
                     nib: str | None = None) -> Employer:
    """Correct an employer's record (every case against it follows); coordinators only."""
    if not access.can_view_dashboard(actor):  # coordinators and admins
        raise Forbidden(N_("Hanya koordinator yang dapat melakukan ini."))
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise ValidationFailed(N_("Nama pemberi kerja wajib diisi."),
                               fields={"name": N_("Wajib diisi.")})
    nib = (nib or "").strip() or None
    if nib is not None and (not is_digits(nib) or len(nib) != 13):
        raise ValidationFailed(N_("NIB terdiri dari 13 angka."), fields={"nib": N_("13 angka.")})
    before = {"name": employer.name, "address": employer.address, "nib": employer.nib}
    employer.name = name
    employer.name_normalized = normalize_employer_name(name)
    if address is not None:
        employer.address = address.strip()[:300]
    employer.nib = nib
    audit("employer_corrected", actor=actor, target_type="employer", target_id=employer.id,
          data={"changed": sorted(k for k, v in before.items()
                                  if v != getattr(employer, k))})
    db.session.commit()
    return employer


# --- identity -----------------------------------------------------------------------------

def view_identity(case: Complaint, actor: User):
    """The complainant's identity, recorded as viewed; ``Forbidden`` if not allowed."""
    person = case.complainant
    if not access.can_view_identity(actor, case, person):
        raise Forbidden(N_("Anda tidak berwenang melihat identitas pengadu."))
    case_event(case, "identity_viewed", actor=actor, public=False)
    db.session.commit()
    return person
