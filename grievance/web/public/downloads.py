"""``/attachments/<id>``: a case's file for people allowed to see the case (signed in).

Not in the guard's public list, so strangers are sent to sign in. Always a download
(``Content-Disposition: attachment``) with ``nosniff``, the type we decided from the content,
and no caching: a PDF or photo is never rendered inline on our origin.
"""

from __future__ import annotations

from flask import send_file
from flask_login import current_user

from ...services import attachments
from .routes import bp


def download_url(attachment) -> str:
    """For the case pages (casework) to link to a file."""
    from flask import url_for

    return url_for("public.attachment_download", attachment_id=attachment.id)


@bp.get("/attachments/<int:attachment_id>")
def attachment_download(attachment_id: int):
    attachment, path = attachments.for_download(current_user._get_current_object(), attachment_id)
    response = send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.original_name, conditional=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
