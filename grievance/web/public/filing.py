"""The filing flow shared by the public form and the union form.

Step 1 (no JavaScript needed): ``GET ?category=…`` picks the category. Step 2: the form for
that category. The one-time form token and the access code are drawn when the form is first
shown and kept in the (signed) session until the receipt has shown them once: a double click
or a browser resend finds the complaint already filed under that token and shows the same
receipt, so the worker never ends up with two cases or with codes they never saw.
"""

from __future__ import annotations

import secrets

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from ...errors import DomainError
from ...extensions import db
from ...models import Complaint
from ...rules.codes import new_access_code
from ...services import attachments, intake, reference
from ...services import ratelimits as limits
from ...services.intake_schema import CATEGORIES, SECTIONS, IntakeInvalid
from .explain import explain_all
from .forms import HINTS, ComplaintForm, section_fields

SESSION_KEY = "intake"


def _filed_with(token: str | None) -> bool:
    return bool(token) and db.session.scalar(
        select(Complaint.id).where(Complaint.form_token == token)) is not None


def _pending_form(fresh_if_filed: bool = False) -> dict:
    """The token and access code of the form being filled in this browser (drawn once).

    A new form (``GET``) whose token was already used, because the receipt was never
    opened, gets a new token: it is a new complaint, not a resend of the old one.
    """
    state = session.get(SESSION_KEY)
    if not state or not state.get("token") or (fresh_if_filed and _filed_with(state["token"])):
        state = {"token": secrets.token_urlsafe(24), "access": new_access_code()}
        session[SESSION_KEY] = state
    return state


def _choices(form: ComplaintForm) -> None:
    locale_en = str(get_locale()) == "en"
    form.employer_region.choices = [("", _("Pilih kabupaten/kota"))] + [
        (r.code, r.name) for r in reference.regions()]
    from ...models import Sector

    sectors = db.session.scalars(select(Sector).order_by(Sector.label_id))
    form.employer_sector.choices = [("", _("Lainnya / tidak tahu"))] + [
        (s.code, s.label_en if locale_en else s.label_id) for s in sectors]
    this_year = intake.today_wita().year
    form.wage_year.choices = [(str(y), str(y)) for y in range(this_year, this_year - 4, -1)]
    if not form.wage_year.data:
        form.wage_year.data = str(this_year)


def _categories():
    return [c for c in reference.categories() if c.code in CATEGORIES]


def render_step1(template: str, *, status: int = 200, **context):
    return render_template(template, step=1, categories=_categories(), **context), status


def render_form(template: str, form: ComplaintForm, category: str, *, status: int = 200,
                union: bool = False, notice: str | None = None, **context):
    category_row = next((c for c in _categories() if c.code == category), None)
    sections = [(name, section_fields(name)) for name in SECTIONS[category]]
    files = attachments.pending(form.form_token.data)
    return render_template(template, step=2, form=form, category=category_row,
                           sections=sections, union=union, pending_files=files, notice=notice, hints=HINTS,
                           **context), status


def handle(template: str, *, user=None, receipt_endpoint: str, source: str = "web"):
    """GET/POST of the complaint form; returns a response (or a (body, status) pair)."""
    union = user is not None
    category = request.values.get("category") or ""
    if category not in CATEGORIES:
        return render_step1(template, chosen_error=bool(category))
    form = ComplaintForm()
    _choices(form)
    state = _pending_form(fresh_if_filed=request.method == "GET")
    if request.method == "GET":
        form.form_token.data = state["token"]
        form.category.data = category
        return render_form(template, form, category, union=union)

    upload = request.files.get(form.attachment.name)
    carries_file = bool(upload and upload.filename)
    if carries_file and not union:
        # Reading a file costs the server work whether or not the rest of the form is valid:
        # every public submission with a file counts, against the upload limit and as a
        # filing attempt (so invalid forms cannot be used to send files without end).
        if not (limits.take_upload() and limits.take("RATELIMIT_PUBLIC_FILING", "filing")):
            return render_form(template, form, category, union=union, status=429, notice=_(
                "Terlalu banyak kiriman berkas dari jaringan Anda dalam satu jam. Isian Anda "
                "masih di sini: tunggu sebentar, pilih berkasnya lagi, lalu kirim."))
    if not form.validate():  # CSRF and field lengths
        return render_form(template, form, category, union=union, status=400)
    token = form.form_token.data or ""
    if token != state["token"]:
        # Filed already from this form (a resend after the receipt), or a stale page.
        if _filed_with(token):
            return redirect(url_for(receipt_endpoint))
        form.form_token.data = state["token"]
        return render_form(template, form, category, union=union, status=409,
                           notice=_("Formulir ini sudah kedaluwarsa. Periksa isian lalu kirim lagi."))
    if not union and not carries_file and not limits.allowed("RATELIMIT_PUBLIC_FILING", "filing"):
        return render_form(template, form, category, union=union, status=429,
                           notice=_("Terlalu banyak pengaduan dari jaringan Anda dalam satu jam. "
                                    "Isian Anda masih di sini: tunggu sebentar lalu kirim lagi."))

    if carries_file:
        try:
            attachments.stash(token, attachments.read_limited(upload.stream), upload.filename)
        except RequestEntityTooLarge:
            form.attachment.errors = [_("Berkas terlalu besar. Ukuran maksimal %(mb)s MB per berkas.",
                                        mb=current_app.config["MAX_UPLOAD_MB"])]
        except DomainError as error:
            form.attachment.errors = [_(error.message, **error.params)]

    try:
        data = intake.parse(form.to_payload(category, union=union))
    except IntakeInvalid as error:
        form.attach_errors(error.field_messages())
        return render_form(template, form, category, union=union, status=422)
    if form.attachment.errors:
        return render_form(template, form, category, union=union, status=422)

    filed = intake.file_complaint(data, form_token=token, access_code=state["access"],
                                  filed_by=user, source=source)
    if filed.created:
        attachments.adopt_pending(filed.complaint, token,
                                  uploaded_by_kind="union" if union else "complainant", user=user)
        if not union and not carries_file:  # a submission with a file counted above
            limits.count("RATELIMIT_PUBLIC_FILING", "filing")
    session[SESSION_KEY] = {**state, "warnings": filed.warnings}
    return redirect(url_for(receipt_endpoint))


def receipt(template: str):
    """Show the codes of the complaint just filed, once; afterwards only the advice."""
    state = session.get(SESSION_KEY) or {}
    complaint = None
    if state.get("token"):
        complaint = db.session.scalar(select(Complaint).where(Complaint.form_token == state["token"]))
    if complaint is None:
        return render_template(template, complaint=None)
    session.pop(SESSION_KEY, None)  # shown once; the next form gets a new token
    return render_template(template, complaint=complaint, access_code=state["access"],
                           checks=explain_all(complaint.checks),
                           warnings=[_(w) for w in state.get("warnings", [])])
