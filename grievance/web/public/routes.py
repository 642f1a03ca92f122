"""Public pages: home, the complaint form, tracking. No account needed.

The tracking pages trust the session only after both codes matched once
(``session["track"]`` holds the case id); every action re-checks that the session opened
this very case.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ...errors import DomainError, NotFound
from ...extensions import db
from ...models import Complaint
from ...rules.codes import normalize_tracking_code
from ...rules.workflow import STATUS_LABELS
from ...services import attachments, tracking
from ...services import ratelimits as limits
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
    session[TRACK_SESSION] = complaint.id
    return redirect(url_for("public.track_case", code=complaint.tracking_code))


def _tracked(code: str) -> Complaint:
    """The case this browser opened with both codes, if ``code`` names it; else back to /track."""
    tracking_code = normalize_tracking_code(code)
    complaint = db.session.get(Complaint, session.get(TRACK_SESSION) or 0)
    if complaint is None or tracking_code is None or complaint.tracking_code != tracking_code:
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
        max_files=current_app.config["MAX_ATTACHMENTS"]), status


@bp.get("/track/<code>")
def track_case(code: str):
    return _case_page(_tracked(code))


@bp.post("/track/<code>/reply")
def track_reply(code: str):
    complaint = _tracked(code)
    form = ReplyForm()
    if not form.validate():
        return _case_page(complaint, reply=form, status=400)
    try:
        tracking.post_message(complaint, form.body.data, author_kind="complainant")
    except DomainError as error:
        form.body.errors = [_(error.message)]
        return _case_page(complaint, reply=form, status=error.status)
    return redirect(url_for("public.track_case", code=complaint.tracking_code) + "#pesan")


@bp.post("/track/<code>/upload")
def track_upload(code: str):
    complaint = _tracked(code)
    form = UploadForm()
    upload = request.files.get("file")
    if not form.validate() or not upload or not upload.filename:
        form.file.errors = [*form.file.errors, _("Pilih berkas terlebih dahulu.")]
        return _case_page(complaint, upload=form, status=400)
    try:
        data = attachments.read_limited(upload.stream)
        attachments.save(complaint, data, upload.filename, uploaded_by_kind="complainant")
    except RequestEntityTooLarge:
        raise
    except DomainError as error:
        form.file.errors = [_(error.message, **error.params)]
        return _case_page(complaint, upload=form, status=error.status)
    return redirect(url_for("public.track_case", code=complaint.tracking_code) + "#berkas")


@bp.post("/track/logout")
def track_logout():
    if PostOnlyForm().validate():
        session.pop(TRACK_SESSION, None)
    return redirect(url_for("public.track"))


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


from . import downloads  # noqa: E402,F401  (staff download route on this blueprint)
