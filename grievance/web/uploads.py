"""The one way an HTML form's file reaches ``services.attachments`` (tracking and union pages)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..errors import DomainError
from ..services import attachments


def save_posted_file(complaint, form, *, uploaded_by_kind: str, user=None) -> int | None:
    """Save the posted ``file``; on refusal put the reason on ``form.file`` and return the
    status to answer with (the page is shown again with the message next to the field).

    An over-size body never gets here: werkzeug raises 413, answered by the friendly page.
    """
    upload = request.files.get("file")
    if not form.validate() or not upload or not upload.filename:
        form.file.errors = [*form.file.errors, _("Pilih berkas terlebih dahulu.")]
        return 400
    try:
        attachments.save(complaint, attachments.read_limited(upload.stream), upload.filename,
                         uploaded_by_kind=uploaded_by_kind, user=user)
    except DomainError as error:
        form.file.errors = [_(error.message, **error.params)]
        return error.status
    return None
