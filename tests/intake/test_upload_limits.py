"""Files and messages from outside count per client address, valid or not (RATELIMIT_PUBLIC_UPLOADS).

Refusing a bad file still costs the server the work of reading it, so counting only
successful filings let a script send files without end through invalid forms.
"""

from __future__ import annotations

import io

from grievance.extensions import db
from grievance.models import Attachment, Complaint, Message
from grievance.services.tokens import create_token

from ..factories import AuthActions, make_complaint, make_union, make_user
from .helpers import form_fields, hidden, open_form, png_bytes, post_form, tiny_pdf


def complaints() -> int:
    return db.session.scalar(db.select(db.func.count(Complaint.id)))


def _post_with_file(client, *, fresh: bool = True, **fields):
    if fresh:  # a script keeps no cookie: a new form, a new token every time
        client.delete_cookie("pengaduan_session")
    html = open_form(client)
    data = form_fields(**fields)
    data["form_token"] = hidden(html, "form_token")
    data["attachment"] = (io.BytesIO(png_bytes()), "slip.png")
    return client.post("/complaints/new?category=wage_below_minimum", data=data,
                       content_type="multipart/form-data")


def test_invalid_forms_with_files_count_and_the_429_keeps_the_input(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="3 per hour")
    client = app.test_client()
    with app.app_context():
        statuses = [_post_with_file(client, description="").status_code for _ in range(3)]
        assert statuses == [422, 422, 422]
        response = _post_with_file(client, description="Cerita yang tidak boleh hilang, sama sekali.")
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Cerita yang tidak boleh hilang, sama sekali." in html
        assert "Terlalu banyak kiriman berkas dari jaringan Anda" in html
        assert complaints() == 0
        # The limit is per address: another network is not affected.
        other = app.test_client()
        html = open_form(other)
        data = {**form_fields(), "form_token": hidden(html, "form_token"),
                "attachment": (io.BytesIO(png_bytes()), "slip.png")}
        assert other.post("/complaints/new?category=wage_below_minimum", data=data,
                          content_type="multipart/form-data",
                          environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 302


def test_a_submission_with_a_file_is_a_filing_attempt(make_app):
    app = make_app(RATELIMIT_PUBLIC_FILING="2 per hour")
    client = app.test_client()
    with app.app_context():
        assert [_post_with_file(client, description="").status_code for _ in range(2)] == [422, 422]
        assert _post_with_file(client).status_code == 429
        assert complaints() == 0


def test_a_valid_filing_with_a_file_counts_once(make_app):
    app = make_app(RATELIMIT_PUBLIC_FILING="2 per hour")
    client = app.test_client()
    with app.app_context():
        assert _post_with_file(client).status_code == 302
        client.get("/complaints/receipt")
        assert post_form(client).status_code == 302  # the second of two
        client.get("/complaints/receipt")
        assert post_form(client).status_code == 429
        assert complaints() == 2
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 1


def test_forms_without_a_file_do_not_count_against_the_upload_limit(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="1 per hour")
    client = app.test_client()
    with app.app_context():
        for _ in range(3):
            assert post_form(client, description="").status_code == 422
        assert post_form(client).status_code == 302


def test_union_reps_filing_with_files_are_not_limited(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="1 per hour", RATELIMIT_PUBLIC_FILING="1 per hour")
    client = app.test_client()
    with app.app_context():
        rep = make_user("union_rep", union=make_union())
        AuthActions(client).login_as(rep)
        for _ in range(3):
            html = open_form(client, path="/union/complaints/new")
            data = {**form_fields(description=""), "form_token": hidden(html, "form_token"),
                    "attachment": (io.BytesIO(png_bytes()), "slip.png")}
            response = client.post("/union/complaints/new?category=wage_below_minimum", data=data,
                                   content_type="multipart/form-data")
            assert response.status_code == 422


def _api_upload(client, complaint, access=None, **headers):
    if access is not False:
        headers.setdefault("X-Access-Code", access or complaint.plain_access_code)
    return client.post(f"/api/v1/complaints/{complaint.tracking_code}/attachments",
                       data={"file": (io.BytesIO(b"<html>not a file</html>"), "x.pdf")},
                       headers=headers, content_type="multipart/form-data")


def test_api_uploads_count_refused_files_and_wrong_codes_too(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="3 per hour")
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        assert _api_upload(client, complaint).status_code == 415
        assert _api_upload(client, complaint, "AAAA-BBBB-CCCC-DDDD").status_code == 404
        assert _api_upload(client, complaint, access=False).status_code == 404
        response = _api_upload(client, complaint)
        assert response.status_code == 429
        assert response.get_json()["error"]["code"] == "rate_limited"
        good = client.post(f"/api/v1/complaints/{complaint.tracking_code}/attachments",
                           data={"file": (io.BytesIO(tiny_pdf()), "a.pdf")},
                           headers={"X-Access-Code": complaint.plain_access_code},
                           content_type="multipart/form-data")
        assert good.status_code == 429
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_api_messages_count_against_the_same_limit(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="2 per hour")
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        headers = {"X-Access-Code": complaint.plain_access_code}
        url = f"/api/v1/track/{complaint.tracking_code}/messages"
        assert client.post(url, json={"body": "Pesan satu."}, headers=headers).status_code == 201
        assert _api_upload(client, complaint).status_code == 415  # the same budget
        assert client.post(url, json={"body": "Pesan dua."}, headers=headers).status_code == 429
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 1


def test_signed_in_callers_are_not_counted(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="1 per hour")
    client = app.test_client()
    with app.app_context():
        union = make_union()
        rep = make_user("union_rep", union=union)
        complaint = make_complaint(union=union)
        headers = {"Authorization": f"Bearer {create_token(rep)}"}
        for _ in range(3):
            response = client.post(f"/api/v1/track/{complaint.tracking_code}/messages",
                                   json={"body": "Dari serikat."}, headers=headers)
            assert response.status_code == 201
            assert _api_upload(client, complaint, access=False, **headers).status_code == 415


def test_tracking_page_uploads_and_replies_count_and_keep_the_message(make_app):
    app = make_app(RATELIMIT_PUBLIC_UPLOADS="2 per hour")
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        client.post("/track", data={"tracking_code": complaint.tracking_code,
                                    "access_code": complaint.plain_access_code})
        response = client.post("/track/case/upload", data={"file": (io.BytesIO(b"<html>"), "x.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 415
        assert client.post("/track/case/reply", data={"body": "Balasan pertama."}).status_code == 302
        response = client.post("/track/case/reply", data={"body": "Balasan kedua yang tetap ada."})
        assert response.status_code == 429
        html = response.get_data(as_text=True)
        assert "Balasan kedua yang tetap ada." in html and "Pesan Anda masih di sini" in html
        response = client.post("/track/case/upload", data={"file": (io.BytesIO(tiny_pdf()), "a.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 429
        assert "Terlalu banyak berkas dari jaringan Anda" in response.get_data(as_text=True)
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
