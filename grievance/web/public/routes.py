"""Public pages: home, the complaint form, tracking. No account needed.

The tracking pages trust the session only after both codes matched once
(``session["track"]`` holds the case id and a seal of its access code); their addresses
(``/track/case…``) carry no code, and every request checks the session again.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ...errors import DomainError, NotFound
from ...extensions import db
from ...models import Complaint
from ...rules.workflow import STATUS_LABELS
from ...services import attachments, tracking
from ...services import ratelimits as limits
from ..uploads import save_posted_file
from . import filing
from .forms import PostOnlyForm, ReplyForm, TrackForm, UploadForm

bp = Blueprint("public", __name__)

TRACK_SESSION = "track"


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.route("/complaints/new", methods=["GET", "POST"])
def complaint_new():
    return filing.handle("public/complaint_form.html", receipt_endpoint="public.complaint_receipt")


@bp.get("/complaints/receipt")
def complaint_receipt():
    return filing.receipt("public/receipt.html")


@bp.route("/track", methods=["GET", "POST"])
def track():
    form = TrackForm()
    if request.method == "GET" and request.args.get("code"):
        # A hand-typed or old link may carry the tracking code; we never generate one.
        form.tracking_code.data = request.args["code"][:30]
    if not form.validate_on_submit():
        return render_template("public/track.html", form=form), 400 if request.method == "POST" else 200
    form.access_code.data = ""  # never sent back to the page
    if not limits.take("RATELIMIT_TRACKING", "track"):
        return render_template("public/track.html", form=form, error=_(
            "Terlalu banyak percobaan dari jaringan Anda. Tunggu sebentar lalu coba lagi.")), 429
    try:
        complaint = tracking.find_for_complainant(form.tracking_code.data, request.form["access_code"])
    except tracking.Throttled as error:
        return render_template("public/track.html", form=form, error=_(error.message)), 429
    except NotFound as error:
        return render_template("public/track.html", form=form, error=_(error.message)), 404
    session[TRACK_SESSION] = {"id": complaint.id, "seal": _seal(complaint)}
    return redirect(url_for("public.track_case"))


def _seal(complaint: Complaint) -> str:
    """Ties the tracking session to the case's current access code (a new code ends it)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"track:{complaint.id}:{complaint.access_code_hash}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def _tracked() -> Complaint:
    """The case this browser opened with both codes, checked again on every request.

    The case pages carry no code in their address (``/track/case``), so neither proxy logs
    nor the browser history hold it; the signed session says which case was opened.
    """
    state = session.get(TRACK_SESSION)
    complaint = None
    if isinstance(state, dict) and isinstance(state.get("id"), int):
        complaint = db.session.get(Complaint, state["id"])
        if complaint is not None and not hmac.compare_digest(str(state.get("seal", "")),
                                                             _seal(complaint)):
            complaint = None
    if complaint is None:
        session.pop(TRACK_SESSION, None)
        flash(_("Halaman kasus belum dibuka atau sudah ditutup. "
                "Masukkan kode lacak dan kode akses Anda."), "info")
        abort(redirect(url_for("public.track")))
    return complaint


def _case_page(complaint: Complaint, *, reply: ReplyForm | None = None,
               upload: UploadForm | None = None, status: int = 200, error: str | None = None):
    files = [a for a in attachments.list_for(complaint) if a.uploaded_by_kind == "complainant"]
    return render_template(
        "public/track_case.html", complaint=complaint, timeline=tracking.public_timeline(complaint),
        messages=tracking.public_messages(complaint), files=files,
        reply=reply or ReplyForm(formdata=None), upload=upload or UploadForm(formdata=None),
        leave=PostOnlyForm(), error=error,
        status_labels=STATUS_LABELS,
        max_files=current_app.config["MAX_ATTACHMENTS"]), status, {"Cache-Control": "private, no-store"}


@bp.get("/track/case")
def track_case():
    return _case_page(_tracked())


@bp.post("/track/case/reply")
def track_reply():
    complaint = _tracked()
    form = ReplyForm()
    if not form.validate():
        return _case_page(complaint, reply=form, status=400)
    if not limits.take_upload():
        return _case_page(complaint, reply=form, status=429, error=_(limits.MESSAGES_REFUSED))
    try:
        tracking.post_message(complaint, form.body.data, author_kind="complainant")
    except DomainError as error:
        form.body.errors = [_(error.message)]
        return _case_page(complaint, reply=form, status=error.status)
    return redirect(url_for("public.track_case") + "#pesan")


@bp.post("/track/case/upload")
def track_upload():
    complaint = _tracked()
    form = UploadForm()
    upload = request.files.get("file")
    if upload and upload.filename and not limits.take_upload():
        return _case_page(complaint, upload=form, status=429, error=_(limits.FILES_REFUSED))
    status = save_posted_file(complaint, form, uploaded_by_kind="complainant")
    if status is not None:
        return _case_page(complaint, upload=form, status=status)
    return redirect(url_for("public.track_case") + "#berkas")


@bp.post("/track/logout")  # the former address: a page opened before an upgrade can still close
@bp.post("/track/case/close")  # registered first (decorators run bottom-up): url_for builds it
def track_logout():
    if PostOnlyForm().validate():
        session.pop(TRACK_SESSION, None)
    return redirect(url_for("public.track"))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


from . import downloads  # noqa: E402,F401  (staff download route on this blueprint)
