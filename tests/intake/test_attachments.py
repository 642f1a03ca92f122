"""Attachments: content decides the type, photos lose EXIF, limits hold, downloads are guarded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from grievance.extensions import db
from grievance.models import Attachment
from grievance.services import attachments

from ..factories import make_complaint, make_union, make_user
from .helpers import jpeg_with_gps, png_bytes, tiny_pdf


def upload(client, complaint, data: bytes, name: str, **headers):
    headers.setdefault("X-Access-Code", complaint.plain_access_code)
    return client.post(f"/api/v1/complaints/{complaint.tracking_code}/attachments",
                       data={"file": (io.BytesIO(data), name)}, headers=headers,
                       content_type="multipart/form-data")


def stored_file(attachment_id: int, app) -> Path:
    row = db.session.get(Attachment, attachment_id)
    return Path(app.config["UPLOAD_DIR"]) / row.stored_name


def test_a_real_pdf_is_accepted_and_stored_under_a_random_name(app, client):
    complaint = make_complaint()
    response = upload(client, complaint, tiny_pdf(), "slip gaji.pdf")
    assert response.status_code == 201
    data = response.get_json()
    assert data["content_type"] == "application/pdf" and data["filename"] == "slip gaji.pdf"
    path = stored_file(data["id"], app)
    assert path.read_bytes() == tiny_pdf()
    assert "slip" not in path.name and len(path.stem) == 32


@pytest.mark.parametrize("data, name", [
    (b"<!doctype html><script>alert(1)</script>", "kontrak.pdf"),
    (b"%PDF-1.4\n<html><script>alert(1)</script>", "kontrak.pdf"),
    (b"GIF89a......", "foto.jpg"),
    (b"\xff\xd8\xffnot really a jpeg", "foto.jpg"),
    (b"MZ\x90\x00", "slip.png"),
])
def test_files_that_are_not_what_they_claim_are_refused_415(client, data, name):
    complaint = make_complaint()
    response = upload(client, complaint, data, name)
    assert response.status_code == 415
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_oversize_is_413_with_a_friendly_message(make_app):
    app = make_app(MAX_UPLOAD_MB=1)
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        big = tiny_pdf() + b"0" * (1024 * 1024)
        response = upload(client, complaint, big, "besar.pdf")
        assert response.status_code == 413
        assert "1 MB" in response.get_json()["error"]["message"]


def test_too_many_files_is_refused(make_app):
    app = make_app(MAX_ATTACHMENTS=2)
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        codes = [upload(client, complaint, png_bytes(), f"{i}.png").status_code for i in range(3)]
        assert codes == [201, 201, 409]


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
    ("slip\x00gaji.pdf", "slipgaji.pdf"),
    ("foto.exe", "foto.pdf"),
    ("", "berkas.pdf"),
    ("<script>.pdf", "script.pdf"),
])
def test_original_names_are_sanitised(name, expected):
    assert attachments.safe_name(name, "application/pdf") == expected


def test_traversal_name_never_leaves_upload_dir(app, client):
    complaint = make_complaint()
    data = upload(client, complaint, tiny_pdf(), "../../../../tmp/evil.pdf").get_json()
    assert data["filename"] == "evil.pdf"
    assert stored_file(data["id"], app).parent == Path(app.config["UPLOAD_DIR"])


def test_exif_and_gps_are_removed_from_photos(app, client):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the photo has GPS
    complaint = make_complaint()
    data = upload(client, complaint, original, "rumah.jpg").get_json()
    cleaned = stored_file(data["id"], app).read_bytes()
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG" and not image.getexif()
    assert b"Exif" not in cleaned and b"PhoneMaker" not in cleaned


def test_wrong_access_code_cannot_upload(client):
    complaint = make_complaint()
    response = upload(client, complaint, tiny_pdf(), "a.pdf", **{"X-Access-Code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 404


def _attachment(client, complaint, kind="complainant"):
    data = upload(client, complaint, tiny_pdf(), "slip.pdf").get_json()
    row = db.session.get(Attachment, data["id"])
    row.uploaded_by_kind = kind
    db.session.commit()
    return row


@pytest.mark.parametrize("who, privacy, kind, allowed", [
    ("coordinator", "confidential", "complainant", True),
    ("assignee", "confidential", "complainant", True),
    ("other_inspector", "confidential", "complainant", False),
    ("union", "confidential", "complainant", False),
    ("union", "confidential", "union", True),
    ("union", "open", "complainant", True),
    ("other_union", "open", "union", False),
])
def test_download_matrix(app, client, auth, who, privacy, kind, allowed):
    union = make_union()
    inspector = make_user("inspector")
    complaint = make_complaint(union=union, assignee=inspector, privacy=privacy, status="inspection")
    attachment = _attachment(client, complaint, kind)
    user = {"coordinator": lambda: make_user("coordinator"), "assignee": lambda: inspector,
            "other_inspector": lambda: make_user("inspector"),
            "union": lambda: make_user("union_rep", union=union),
            "other_union": lambda: make_user("union_rep")}[who]()
    auth.login_as(user)
    response = client.get(f"/attachments/{attachment.id}")
    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert response.data == tiny_pdf()


def test_download_needs_sign_in(client):
    complaint = make_complaint()
    attachment = _attachment(client, complaint)
    response = client.get(f"/attachments/{attachment.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
