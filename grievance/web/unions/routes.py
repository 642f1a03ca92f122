"""The union representatives' pages: the union's cases, filing for members, following up."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from ...rules import access
from ...rules.workflow import STATUS_LABELS
from ...services import attachments, reference, tracking, union_cases
from ...services.intake_schema import CATEGORIES
from ..guards import require
from ..public import filing
from ..public.explain import explain_all
from ..public.forms import ReplyForm, UploadForm
from ..uploads import save_posted_file

bp = Blueprint("unions", __name__, url_prefix="/union")


def is_union_rep(user) -> bool:
    """The union pages are for a rep who speaks for a union (rules.access decides)."""
    return access.can_view_union_dashboard(user)


def _me():
    return current_user._get_current_object()


@bp.get("")
@require(is_union_rep)
def dashboard():
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    category = request.args.get("category") if request.args.get("category") in CATEGORIES else None
    q = (request.args.get("q") or "").strip()[:30]
    cases = union_cases.list_cases(_me(), status=status, category=category, q=q)
    now = datetime.now(timezone.utc)
    return render_template("unions/dashboard.html", cases=cases, now=now, status=status,
                           category=category, q=q, status_labels=STATUS_LABELS,
                           categories={c.code: c for c in reference.categories()})


@bp.route("/complaints/new", methods=["GET", "POST"])
@require(is_union_rep)
def complaint_new():
    return filing.handle("unions/complaint_form.html", user=_me(),
                         receipt_endpoint="unions.complaint_receipt", source="union")


@bp.get("/complaints/receipt")
@require(is_union_rep)
def complaint_receipt():
    return filing.receipt("unions/receipt.html")


def _case_page(complaint, *, reply=None, upload=None, status=200):
    me = _me()
    files = [a for a in attachments.list_for(complaint)
             if attachments.can_download(me, complaint, a)]
    return render_template(
        "unions/case.html", complaint=complaint, status_labels=STATUS_LABELS,
        timeline=tracking.public_timeline(complaint), messages=tracking.public_messages(complaint),
        identity=union_cases.visible_identity(me, complaint),
        workers=union_cases.affected_workers(me, complaint), files=files,
        checks=explain_all(complaint.checks), reply=reply or ReplyForm(formdata=None),
        upload=upload or UploadForm(formdata=None),
        max_files=current_app.config["MAX_ATTACHMENTS"]), status


@bp.get("/cases/<int:complaint_id>")
@require(is_union_rep)
def case(complaint_id: int):
    return _case_page(union_cases.get_case(_me(), complaint_id))


@bp.post("/cases/<int:complaint_id>/messages")
@require(is_union_rep)
def case_message(complaint_id: int):
    complaint = union_cases.get_case(_me(), complaint_id)
    form = ReplyForm()
    if not form.validate():
        return _case_page(complaint, reply=form, status=400)
    tracking.post_message(complaint, form.body.data, author_kind="union", user=_me())
    return redirect(url_for("unions.case", complaint_id=complaint.id) + "#pesan")


@bp.post("/cases/<int:complaint_id>/attachments")
@require(is_union_rep)
def case_upload(complaint_id: int):
    complaint = union_cases.get_case(_me(), complaint_id)
    form = UploadForm()
    status = save_posted_file(complaint, form, uploaded_by_kind="union", user=_me())
    if status is not None:
        return _case_page(complaint, upload=form, status=status)
    return redirect(url_for("unions.case", complaint_id=complaint.id) + "#berkas")
