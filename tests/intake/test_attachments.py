"""Attachments: content decides the type, photos lose EXIF, limits hold, downloads are guarded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFile

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


def test_pool_inspector_gets_staff_files_but_not_the_workers_on_a_confidential_case(app, client, auth):
    case = make_complaint(status="triaged", privacy="confidential")  # unassigned: the pool
    payslip = attachments.save(case, png_bytes(), "slip-gaji.png", uploaded_by_kind="complainant")
    staff_doc = attachments.save(case, tiny_pdf(), "surat.pdf", uploaded_by_kind="staff",
                                 user=make_user("coordinator"))
    auth.login_as(make_user("inspector"))
    assert client.get(f"/cases/{case.id}/identity").status_code == 403
    assert client.get(f"/attachments/{payslip.id}").status_code == 404
    assert client.get(f"/attachments/{staff_doc.id}").status_code == 200


def test_the_assigned_inspector_gets_the_workers_files(app, client, auth):
    inspector = make_user("inspector")
    case = make_complaint(status="inspection", privacy="confidential", assignee=inspector)
    payslip = attachments.save(case, png_bytes(), "slip-gaji.png", uploaded_by_kind="complainant")
    auth.login_as(inspector)
    assert client.get(f"/attachments/{payslip.id}").status_code == 200


def test_union_rep_never_downloads_staff_files(app, client, auth):
    union = make_union()
    case = make_complaint(union=union, privacy="open")
    internal = attachments.save(case, tiny_pdf(), "bap.pdf", uploaded_by_kind="staff",
                                user=make_user("coordinator"))
    workers = attachments.save(case, png_bytes(), "slip.png", uploaded_by_kind="complainant")
    auth.login_as(make_user("union_rep", union=union))
    assert client.get(f"/attachments/{internal.id}").status_code == 404
    assert client.get(f"/attachments/{workers.id}").status_code == 200
    page = client.get(f"/union/cases/{case.id}").get_data(as_text=True)
    assert "slip.png" in page and "bap.pdf" not in page


def _huge_png(width: int, height: int) -> bytes:
    """A single-colour PNG of huge dimensions: a few kilobytes on the wire."""
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_an_image_over_40_megapixels_is_refused_before_decoding(app, client, monkeypatch):
    data = _huge_png(8000, 8000)  # 64 Mpx
    assert len(data) < 200_000
    decoded = []
    real_load = ImageFile.ImageFile.load

    def spy_load(self):
        decoded.append(self.size)
        return real_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    assert upload(client, make_complaint(), png_bytes(), "kecil.png").status_code == 201
    assert (10, 10) in decoded  # the spy sees a decode
    decoded.clear()
    complaint = make_complaint()
    response = upload(client, complaint, data, "besar.png")
    assert response.status_code == 415
    assert "lebih dari 40 megapiksel" in response.get_json()["error"]["message"]
    assert decoded == []  # refused from the header alone
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 1  # the small one


def test_the_limit_is_on_pixels_not_on_one_side(app, client):
    complaint = make_complaint()
    wide = upload(client, complaint, _huge_png(20000, 1000), "panorama.png")  # 20 Mpx: fits
    assert wide.status_code == 201
    tall = upload(client, complaint, _huge_png(1000, 40001), "tall.png")  # just over 40 Mpx
    assert tall.status_code == 415


def test_a_large_jpeg_is_refused_on_the_tracking_page_with_the_reason(app, client):
    out = io.BytesIO()
    Image.new("L", (7000, 6000), 255).save(out, "JPEG", quality=5)  # 42 Mpx
    complaint = make_complaint()
    client.post("/track", data={"tracking_code": complaint.tracking_code,
                                "access_code": complaint.plain_access_code})
    response = client.post("/track/case/upload", data={"file": (io.BytesIO(out.getvalue()), "a.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 415
    assert "lebih dari 40 megapiksel" in response.get_data(as_text=True)


def test_pillows_decompression_bomb_warning_is_a_refusal(app, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 40x30 = 1200 px: a warning, not an error
    with pytest.raises(attachments.UnsupportedFile) as refused:
        attachments._reencode(png_bytes_of(40, 30), "image/png")
    assert "megapiksel" in refused.value.message


def png_bytes_of(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_jpeg_comment_and_other_metadata_do_not_survive(app, client):
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (40, 30), "red").save(
        out, "JPEG", comment=b"Budi Santoso 0812-5555-1234", exif=exif,
        xmp=b"<x:xmpmeta>Budi XMP</x:xmpmeta>", icc_profile=b"ICC-Budi-Galaxy" * 4)
    assert b"Budi Santoso" in out.getvalue()
    complaint = make_complaint()
    response = upload(client, complaint, out.getvalue(), "slip.jpg")
    assert response.status_code == 201
    cleaned = stored_file(response.get_json()["id"], app).read_bytes()
    for secret in (b"Budi Santoso", b"0812", b"PhoneMaker", b"Budi XMP", b"ICC-Budi"):
        assert secret not in cleaned
    image = Image.open(io.BytesIO(cleaned))
    assert image.size == (40, 30) and "comment" not in image.info and "icc_profile" not in image.info


def test_png_text_and_icc_are_dropped_but_transparency_kept(app, client):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Budi Santoso")
    image = Image.new("P", (20, 20), 1)
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, transparency=1, icc_profile=b"ICC-Budi-Galaxy" * 4)
    cleaned = attachments._reencode(out.getvalue(), "image/png")
    assert b"Budi Santoso" not in cleaned and b"ICC-Budi" not in cleaned
    result = Image.open(io.BytesIO(cleaned))
    assert result.info.get("transparency") == 1 and result.getpixel((0, 0)) == 1
