"""The inspectors' queue, the case page and the employer page (thin: form → service → redirect).

Every case is loaded through ``lookup.case_for_staff`` (404 if not yours to see). Refusals
from the services keep their status (403, 404, 409) as error pages; a form that lacks a
reason or a field is sent back to the case page with the message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from ...errors import ValidationFailed, translate
from ...extensions import db
from ...models import Attachment, Category, Region, User
from ...rules import access, workflow
from ...rules.ids import parse_id
from ...rules.priority import PRIORITY_LABELS, PRIORITY_NAMES
from ...services import casework, lookup, queue
from ...transactions import read_only
from ..auth.routes import safe_next
from ..guards import require
from ..public.explain import describe_details, explain_all
from .forms import (
    AssignForm,
    BulkAssignForm,
    EmployerCorrectForm,
    EmployerLinkForm,
    MoveForm,
    NoteForm,
    PriorityForm,
)

bp = Blueprint("cases", __name__)

TABS = ("open",) + workflow.STATUSES


def _back_to_referrer(fallback: str):
    """Back to the page the form was on, if that was a page of this site."""
    ref = urlsplit(request.referrer or "")
    target = ref.path + (f"?{ref.query}" if ref.query else "")
    return redirect(safe_next(target) or fallback)


def _visible(user, cases) -> tuple[list, int]:
    """The cases ``user`` may open, and how many others there are (only counted: a case you
    may not see must not show its code, status or date)."""
    visible = [c for c in cases if access.can_view_staff_case(user, c)]
    return visible, len(cases) - len(visible)


def _inspector_choices() -> list[tuple[str, str]]:
    users = db.session.scalars(
        select(User).where(User.role == access.INSPECTOR, User.active.is_(True))
        .order_by(User.full_name, User.email))
    return [(u.email, u.display_name) for u in users]


@bp.get("/cases", endpoint="queue")
@read_only
@require(access.can_use_staff_queue)
def queue_page():
    args = request.args.to_dict()
    if "status" not in args:
        args["status"] = "open"
    filters = queue.QueueFilters.from_args(args)
    today = queue.today_wita()
    rows, next_cursor = queue.page(current_user, filters, today)
    counts = queue.status_counts(current_user, filters, today)
    counts["open"] = sum(counts[s] for s in workflow.OPEN_STATUSES)
    bulk = None
    if access.can_assign(current_user):
        bulk = BulkAssignForm()
        bulk.inspector.choices = _inspector_choices()
    return render_template(
        "cases/queue.html", rows=rows, filters=filters, next_cursor=next_cursor, counts=counts,
        tabs=TABS, today=today, bulk=bulk, labels=workflow.STATUS_LABELS,
        priority_labels=PRIORITY_LABELS, priority_names=PRIORITY_NAMES,
        categories=db.session.scalars(select(Category).order_by(Category.sort_order)).all(),
        regions=db.session.scalars(select(Region).order_by(Region.name)).all(),
        is_overdue=queue.is_overdue, age_days=queue.age_days, flags=queue.row_flags,
        can_export=access.can_export_cases(current_user))


@bp.post("/cases/assign")
@require(access.can_assign)
def bulk_assign():
    form = BulkAssignForm()
    form.inspector.choices = _inspector_choices()
    ids = [i for i in map(parse_id, request.form.getlist("case_ids")) if i is not None]
    if not form.validate_on_submit() or not ids:
        flash(gettext("Pilih kasus dan pengawas."), "error")
        return _back_to_referrer(url_for("cases.queue"))
    changed = casework.bulk_assign(ids, current_user, form.inspector.data)
    flash(gettext("%(n)s kasus ditugaskan.", n=changed), "success")
    return _back_to_referrer(url_for("cases.queue"))


def _attachment_url(attachment_id: int) -> str | None:
    for endpoint in ("intake_attachments.download", "attachments.download",
                     "public.attachment_download", "cases.attachment"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint, attachment_id=attachment_id)
    return f"/attachments/{attachment_id}"


@bp.get("/cases/<int:case_id>")
@require(access.can_use_staff_queue)
def detail(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    moves = access.available_moves(current_user, case)
    move_form = MoveForm()
    move_form.translate_choices(gettext)
    assign_form = None
    if access.can_assign(current_user, case):
        assign_form = AssignForm()
        assign_form.inspector.choices = _inspector_choices()
        if case.assignee:
            assign_form.inspector.data = case.assignee.email
    is_coordinator = workflow.COORDINATOR in access.relation(current_user, case)
    suggested = casework.suggested_priority(case) if is_coordinator else None
    priority_form = PriorityForm(priority=case.priority) if is_coordinator else None
    if priority_form:
        priority_form.priority.choices = [(lvl, gettext(lbl)) for lvl, lbl in PRIORITY_LABELS.items()]
    files = db.session.scalars(select(Attachment).where(Attachment.complaint_id == case.id)
                               .order_by(Attachment.id)).all()
    # List only the files this user may open (a pool inspector: not the worker's own yet).
    attachments = [a for a in files
                   if access.can_download_attachment(current_user, case, a.uploaded_by_kind)]
    others, others_hidden = _visible(current_user, [c for c in lookup.employer_cases(case.employer)
                                                    if c.id != case.id])
    return render_template(
        "cases/detail.html", case=case, moves=moves, move_form=move_form,
        note_form=NoteForm() if access.can_add_note(current_user, case, False) else None,
        assign_form=assign_form, priority_form=priority_form, suggested=suggested,
        link_form=EmployerLinkForm() if is_coordinator else None,
        can_claim=access.can_claim(current_user, case),
        can_identity=access.can_view_identity(current_user, case, case.complainant),
        timeline=lookup.timeline(case, include_internal=access.can_read_internal_notes(
            current_user, case)),
        attachments=attachments, attachments_hidden=len(files) - len(attachments),
        attachment_url=_attachment_url, others=others[:20],
        details=describe_details(case.details), checks=explain_all(case.checks),
        others_hidden=others_hidden,
        duplicates=casework.possible_duplicates(case) if is_coordinator else [],
        can_view=lambda c: access.can_view_staff_case(current_user, c),
        labels=workflow.STATUS_LABELS, extra_labels=workflow.EXTRA_LABELS,
        referral_bodies=workflow.REFERRAL_BODIES, priority_labels=PRIORITY_LABELS,
        today=queue.today_wita(), overdue=queue.is_overdue(case, queue.today_wita()))


def _back(case_id: int):
    return redirect(url_for("cases.detail", case_id=case_id))


def _flash_invalid(error: ValidationFailed) -> None:
    flash(translate(error.message, {k: gettext(v) if k.endswith("_label") else v
                                    for k, v in error.params.items()}), "error")


@bp.post("/cases/<int:case_id>/move")
@require(access.can_use_staff_queue)
def move(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    form = MoveForm()
    form.translate_choices(gettext)
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
        return _back(case_id)
    extra = {"compliance_deadline": form.compliance_deadline.data,
             "referral_body": form.referral_body.data or None,
             "merged_into": form.merged_into.data}
    try:
        casework.transition(case, current_user, form.to.data, note=form.note.data,
                            extra={k: v for k, v in extra.items() if v is not None})
    except ValidationFailed as error:
        _flash_invalid(error)
        return _back(case_id)
    flash(gettext("Status diubah menjadi %(status)s.",
                  status=gettext(workflow.STATUS_LABELS[case.status])), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/assign")
@require(access.can_use_staff_queue)
def assign(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    form = AssignForm()
    form.inspector.choices = _inspector_choices()
    if not form.validate_on_submit():
        flash(gettext("Pilih pengawas."), "error")
        return _back(case_id)
    casework.assign(case, current_user, form.inspector.data)
    flash(gettext("Kasus ditugaskan."), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/claim")
@require(access.can_use_staff_queue)
def claim(case_id: int):
    casework.claim(case_id, current_user)
    flash(gettext("Kasus ini sekarang tugas Anda."), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/notes")
@require(access.can_use_staff_queue)
def add_note(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    form = NoteForm()
    if not form.validate_on_submit():
        flash(gettext("Isi catatan wajib diisi."), "error")
        return _back(case_id)
    casework.add_note(case, current_user, form.body.data, public=form.public.data)
    flash(gettext("Catatan disimpan."), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/priority")
@require(access.can_use_staff_queue)
def set_priority(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    form = PriorityForm()
    if request.form.get("use_suggestion"):
        casework.set_priority(case, current_user, None)
    elif form.validate_on_submit():
        casework.set_priority(case, current_user, form.priority.data)
    flash(gettext("Prioritas disimpan."), "success")
    return _back(case_id)


@bp.post("/cases/<int:case_id>/employer")
@require(access.can_use_staff_queue)
def link_employer(case_id: int):
    case = lookup.case_for_staff(current_user, case_id)
    form = EmployerLinkForm()
    if not form.validate_on_submit():
        flash(gettext("Nomor pemberi kerja tidak valid."), "error")
        return _back(case_id)
    try:
        casework.link_employer(case, current_user, form.employer_id.data)
    except ValidationFailed as error:
        _flash_invalid(error)
        return _back(case_id)
    flash(gettext("Pemberi kerja diperbarui."), "success")
    return _back(case_id)


@bp.get("/cases/<int:case_id>/identity")
@require(access.can_use_staff_queue)
def identity(case_id: int):
    """Showing the identity is a deliberate step, and each showing is recorded."""
    case = lookup.case_for_staff(current_user, case_id)
    person = casework.view_identity(case, current_user)
    return render_template("cases/identity.html", case=case, person=person)


@bp.get("/employers/<int:employer_id>")
@require(access.can_use_staff_queue)
def employer(employer_id: int):
    employer = lookup.employer_for_staff(current_user, employer_id)
    form = EmployerCorrectForm(obj=employer) if access.can_view_dashboard(current_user) else None
    cases, hidden = _visible(current_user, lookup.employer_cases(employer))
    return render_template(
        "cases/employer.html", employer=employer, cases=cases, hidden=hidden,
        summary=lookup.employer_summary(employer), form=form, labels=workflow.STATUS_LABELS,
        can_view=lambda c: access.can_view_staff_case(current_user, c))


@bp.post("/employers/<int:employer_id>")
@require(access.can_view_dashboard)
def employer_correct(employer_id: int):
    employer = lookup.employer_for_staff(current_user, employer_id)
    form = EmployerCorrectForm()
    if not form.validate_on_submit():
        flash(gettext("Periksa kembali isian Anda."), "error")
    else:
        try:
            casework.correct_employer(employer, current_user, name=form.name.data,
                                      address=form.address.data, nib=form.nib.data)
            flash(gettext("Data pemberi kerja diperbarui."), "success")
        except ValidationFailed as error:
            _flash_invalid(error)
    return redirect(url_for("cases.employer", employer_id=employer_id))
