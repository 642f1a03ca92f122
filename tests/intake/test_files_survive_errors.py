"""A worker who attached a payslip must not lose it because another field was wrong.

The public form (``/complaints/new``) checks and keeps the file under
``UPLOAD_DIR/pending/`` when the rest of the form is refused (422), says so, and the corrected
submission, without choosing the file again, files one complaint with the file attached
(``services.attachments.adopt_pending``).
"""

from __future__ import annotations

import hashlib
import html as htmllib
import io
import re
from pathlib import Path

from sqlalchemy import func, select

from grievance.extensions import db
from grievance.models import Attachment, CaseEvent, Complaint
from tests.conftest import csrf_token_from

from .helpers import codes_from_receipt, hidden, open_form, png_bytes, post_form, tiny_pdf

CATEGORY = "wage_below_minimum"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"])


def stored_files(app) -> list[Path]:
    """Files of filed complaints (not the pending ones)."""
    return [p for p in files_under(upload_dir(app)) if "pending" not in p.relative_to(
        upload_dir(app)).parts]


def pending_files(app) -> list[Path]:
    return files_under(upload_dir(app) / "pending")


def first_attempt(client, **fields):
    """The form sent with a payslip but without the employer's name."""
    html = open_form(client, CATEGORY)
    response = post_form(client, CATEGORY, html=html, employer_name="",
                         description="Upah saya Rp 3 juta, jauh di bawah UMK.",
                         monthly_wage="3.000.000", name="Siti Aminah",
                         attachment=(io.BytesIO(tiny_pdf()), "slip gaji.pdf"), **fields)
    return html, response


def test_a_refused_form_keeps_the_file_and_the_input_and_says_so(app, client):
    _, response = first_attempt(client)
    assert response.status_code == 422
    page = htmllib.unescape(response.get_data(as_text=True))
    assert 'id="employer_name-error"' in page  # the reason, next to its field
    assert "Upah saya Rp 3 juta, jauh di bawah UMK." in page
    assert 'value="3.000.000"' in page and 'value="Siti Aminah"' in page
    assert "Berkas yang sudah diterima:" in page and "slip gaji.pdf" in page
    assert count(Complaint) == 0 and count(Attachment) == 0
    kept = [p for p in pending_files(app) if p.suffix == ".pdf"]
    assert len(kept) == 1 and kept[0].read_bytes() == tiny_pdf()
    assert stored_files(app) == []


def test_the_corrected_form_files_one_complaint_with_the_kept_file(app, client):
    html, first = first_attempt(client)
    assert first.status_code == 422
    # The worker fills in the name and sends again, without choosing the file again.
    fixed = post_form(client, CATEGORY, html=first.get_data(as_text=True),
                      employer_name="PT Borneo Sawit Lestari",
                      description="Upah saya Rp 3 juta, jauh di bawah UMK.")
    assert fixed.status_code == 302
    assert count(Complaint) == 1
    complaint = db.session.scalar(select(Complaint))
    assert complaint.employer.name == "PT Borneo Sawit Lestari"
    assert complaint.form_token == hidden(html, "form_token")
    (attachment,) = db.session.scalars(select(Attachment)).all()
    assert attachment.complaint_id == complaint.id
    assert attachment.original_name == "slip gaji.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by_kind == "complainant" and attachment.uploaded_by_user_id is None
    assert attachment.sha256 == hashlib.sha256(tiny_pdf()).hexdigest()
    on_disk = upload_dir(app) / attachment.stored_name
    assert on_disk.is_file() and on_disk.read_bytes() == tiny_pdf()
    assert attachment.size == len(tiny_pdf())
    assert stored_files(app) == [on_disk]
    assert pending_files(app) == [], "the waiting copy is cleaned up once adopted"
    events = db.session.scalars(select(CaseEvent.kind).where(
        CaseEvent.complaint_id == complaint.id)).all()
    assert "attachment_added" in events


def test_the_worker_then_sees_the_file_on_the_tracking_page(app, client):
    _, first = first_attempt(client)
    post_form(client, CATEGORY, html=first.get_data(as_text=True),
              employer_name="PT Borneo Sawit Lestari")
    tracking, access = codes_from_receipt(client.get("/complaints/receipt").get_data(as_text=True))
    response = client.post("/track", data={"tracking_code": tracking, "access_code": access})
    assert response.status_code == 302
    assert "slip gaji.pdf" in client.get("/track/case").get_data(as_text=True)


def test_a_resend_after_filing_does_not_attach_the_file_twice(app, client):
    _, first = first_attempt(client)
    corrected = first.get_data(as_text=True)
    for _ in range(2):  # a double click on "send"
        assert post_form(client, CATEGORY, html=corrected,
                         employer_name="PT Borneo Sawit Lestari").status_code == 302
    assert count(Complaint) == 1 and count(Attachment) == 1
    assert len(stored_files(app)) == 1


def test_a_second_file_on_the_corrected_form_joins_the_kept_one(app, client):
    _, first = first_attempt(client)
    fixed = post_form(client, CATEGORY, html=first.get_data(as_text=True),
                      employer_name="PT Borneo Sawit Lestari",
                      attachment=(io.BytesIO(png_bytes()), "foto kontrak.png"))
    assert fixed.status_code == 302
    names = db.session.scalars(select(Attachment.original_name).order_by(Attachment.id)).all()
    assert names == ["slip gaji.pdf", "foto kontrak.png"]
    assert len(stored_files(app)) == 2


def test_kept_files_stay_in_the_order_they_were_attached(app, client):
    """Stored names are random: the list and the case must follow the worker's order."""
    names = ["1 slip januari.pdf", "2 slip februari.pdf", "3 kontrak.png", "4 slip maret.pdf"]
    page = None
    for name in names[:3]:  # three refused submissions, one new file each time
        data = png_bytes() if name.endswith(".png") else tiny_pdf()
        response = post_form(client, CATEGORY, html=page, employer_name="",
                             attachment=(io.BytesIO(data), name))
        assert response.status_code == 422
        page = htmllib.unescape(response.get_data(as_text=True))
        listed = re.findall(r"<li>(\d [^<]+)</li>", page)
        assert listed == names[: names.index(name) + 1]
    fixed = post_form(client, CATEGORY, html=page, employer_name="PT Borneo Sawit Lestari",
                      attachment=(io.BytesIO(tiny_pdf()), names[3]))
    assert fixed.status_code == 302
    assert db.session.scalars(select(Attachment.original_name).order_by(Attachment.id)).all() \
        == names


def test_two_refusals_in_a_row_still_keep_the_file_once(app, client):
    _, first = first_attempt(client)
    second = post_form(client, CATEGORY, html=first.get_data(as_text=True), employer_name="",
                       monthly_wage="3,5 juta")
    assert second.status_code == 422
    assert htmllib.unescape(second.get_data(as_text=True)).count("slip gaji.pdf") == 1
    fixed = post_form(client, CATEGORY, html=second.get_data(as_text=True),
                      employer_name="PT Borneo Sawit Lestari", monthly_wage="3.500.000")
    assert fixed.status_code == 302
    assert count(Complaint) == 1 and count(Attachment) == 1


def test_a_file_that_is_not_a_pdf_is_refused_and_not_kept(app, client):
    html = open_form(client, CATEGORY)
    response = post_form(client, CATEGORY, html=html, employer_name="",
                         attachment=(io.BytesIO(b"<html><script>alert(1)</script>"), "slip.pdf"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="attachment-error"' in page
    assert "Berkas yang sudah diterima:" not in page
    assert pending_files(app) == []


def test_another_browser_cannot_file_with_the_kept_file(app, client):
    """The kept file belongs to this browser's form: a stranger's form never adopts it."""
    _, first = first_attempt(client)
    stranger = app.test_client()
    assert post_form(stranger, CATEGORY).status_code == 302
    assert count(Complaint) == 1 and count(Attachment) == 0
    assert len([p for p in pending_files(app) if p.suffix == ".pdf"]) == 1


def test_with_csrf_on_the_kept_file_also_survives(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        _, first = first_attempt(client)
        assert first.status_code == 422
        page = first.get_data(as_text=True)
        assert csrf_token_from(page)
        fixed = post_form(client, CATEGORY, html=page, employer_name="PT Borneo Sawit Lestari")
        assert fixed.status_code == 302
        (attachment,) = db.session.scalars(select(Attachment)).all()
        assert (upload_dir(app) / attachment.stored_name).read_bytes() == tiny_pdf()
