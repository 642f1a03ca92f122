"""The /track pages: both codes open a case; reply, upload and leave; CSRF on every form.

The case pages live at code-free addresses (``/track/case…``): the session says which case
was opened, so the tracking code never lands in access logs or the browser history.
"""

from __future__ import annotations

import io
import re

import pytest
from flask import url_for

from grievance.auth_guard import PUBLIC_ENDPOINTS
from grievance.extensions import db
from grievance.models import Attachment, CaseEvent, Message

from ..factories import make_complaint
from .helpers import codes_from_receipt, hidden, post_form, tiny_pdf


def open_case(client, complaint, access=None):
    return client.post("/track", data={"tracking_code": complaint.tracking_code,
                                       "access_code": access or complaint.plain_access_code})


def test_both_codes_open_the_case_page_with_public_messages(client):
    complaint = make_complaint()
    db.session.add(Message(complaint_id=complaint.id, author_kind="staff", body="Mohon kirim kontrak.",
                           visibility="public"))
    db.session.add(Message(complaint_id=complaint.id, author_kind="staff", body="catatan internal",
                           visibility="internal"))
    db.session.commit()
    response = open_case(client, complaint)
    assert response.status_code == 302 and response.headers["Location"] == "/track/case"
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert complaint.tracking_code in html and "Mohon kirim kontrak." in html
    assert "catatan internal" not in html and "Diterima" in html
    assert "no-store" in page.headers["Cache-Control"]


def _addresses(html: str) -> list[str]:
    return re.findall(r'(?:action|href)="([^"]*)"', html)


def test_no_address_on_the_case_page_carries_the_tracking_code(client):
    complaint = make_complaint()
    open_case(client, complaint)
    html = client.get("/track/case").get_data(as_text=True)
    actions = _addresses(html)
    assert {"/track/case/reply", "/track/case/upload", "/track/case/close"} <= set(actions)
    compact = complaint.tracking_code.replace("-", "")
    assert not [a for a in actions if complaint.tracking_code in a or compact in a.replace("-", "")]
    # Every step of the way (post, reply, upload) redirects to code-free addresses too.
    reply = client.post("/track/case/reply", data={"body": "Ini jawaban saya."})
    upload = client.post("/track/case/upload", data={"file": (io.BytesIO(tiny_pdf()), "a.pdf")},
                         content_type="multipart/form-data")
    for response in (reply, upload):
        assert response.status_code == 302
        assert complaint.tracking_code not in response.headers["Location"]


def test_the_old_coded_addresses_are_gone(client):
    complaint = make_complaint()
    open_case(client, complaint)
    assert client.get(f"/track/{complaint.tracking_code}").status_code == 404
    assert client.post(f"/track/{complaint.tracking_code}/reply", data={"body": "x"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_the_form_prefills_a_tracking_code_from_the_query(client):
    html = client.get("/track?code=KT-7F3K-9QX2").get_data(as_text=True)
    assert 'value="KT-7F3K-9QX2"' in html


def test_the_receipt_links_to_the_tracking_page_without_the_code(client):
    assert post_form(client).status_code == 302
    html = client.get("/complaints/receipt").get_data(as_text=True)
    tracking_code, _access = codes_from_receipt(html)
    assert '<a href="/track">' in html
    assert not [a for a in _addresses(html) if tracking_code in a]


@pytest.mark.parametrize("method, path", [
    ("get", "/track/case"), ("post", "/track/case/reply"), ("post", "/track/case/upload")])
def test_case_pages_need_the_codes_first_and_say_so_gently(client, method, path):
    make_complaint()
    response = getattr(client, method)(path, data={"body": "halo"} if method == "post" else None)
    assert response.status_code == 302 and response.headers["Location"] == "/track"
    html = client.get("/track").get_data(as_text=True)
    assert "Halaman kasus belum dibuka atau sudah ditutup." in html
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_the_session_is_checked_again_on_every_request(client):
    complaint = make_complaint()
    open_case(client, complaint)
    assert client.get("/track/case").status_code == 200
    # A new access code (a reset, a merge) ends the pages opened with the old one.
    complaint.access_code_hash = "0" * 64
    db.session.commit()
    assert client.get("/track/case").status_code == 302
    assert client.post("/track/case/reply", data={"body": "x"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_a_deleted_case_closes_the_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    db.session.execute(db.delete(CaseEvent).where(CaseEvent.complaint_id == complaint.id))
    db.session.delete(complaint)
    db.session.commit()
    assert client.get("/track/case").status_code == 302


def test_opening_another_case_switches_the_session_to_it(client):
    mine, other = make_complaint(), make_complaint()
    open_case(client, mine)
    assert mine.tracking_code in client.get("/track/case").get_data(as_text=True)
    assert open_case(client, other, "AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert mine.tracking_code in client.get("/track/case").get_data(as_text=True)
    open_case(client, other)
    html = client.get("/track/case").get_data(as_text=True)
    assert other.tracking_code in html and mine.tracking_code not in html


def test_reply_and_upload_from_the_tracking_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    response = client.post("/track/case/reply", data={"body": "Ini jawaban saya."})
    assert response.status_code == 302 and response.headers["Location"] == "/track/case#pesan"
    message = db.session.scalars(db.select(Message)).one()
    assert message.author_kind == "complainant" and message.body == "Ini jawaban saya."
    assert message.complaint_id == complaint.id
    response = client.post("/track/case/upload",
                           data={"file": (io.BytesIO(tiny_pdf()), "kontrak.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"] == "/track/case#berkas"
    attachment = db.session.scalars(db.select(Attachment)).one()
    assert attachment.uploaded_by_kind == "complainant" and attachment.complaint_id == complaint.id
    html = client.get("/track/case").get_data(as_text=True)
    assert "Ini jawaban saya." in html and "kontrak.pdf" in html


def test_a_bad_upload_says_why_on_the_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    response = client.post("/track/case/upload",
                           data={"file": (io.BytesIO(b"<html>"), "x.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 415
    assert "PDF, JPEG atau PNG" in response.get_data(as_text=True)


def test_leaving_closes_the_case_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    response = client.post("/track/case/close")
    assert response.status_code == 302 and response.headers["Location"] == "/track"
    assert client.get("/track/case").status_code == 302


def test_the_endpoint_names_stay_in_the_public_list(app):
    rules = {}
    for rule in app.url_map.iter_rules():
        rules.setdefault(rule.endpoint, set()).add(rule.rule)
    assert rules["public.track_case"] == {"/track/case"}
    assert rules["public.track_reply"] == {"/track/case/reply"}
    assert rules["public.track_upload"] == {"/track/case/upload"}
    assert rules["public.track_logout"] == {"/track/case/close", "/track/logout"}  # old one kept
    with app.test_request_context():
        assert url_for("public.track_logout") == "/track/case/close"
    assert {"public.track_case", "public.track_reply", "public.track_upload",
            "public.track_logout"} <= PUBLIC_ENDPOINTS


def test_tracking_page_throttles_repeated_failures(make_app):
    app = make_app(TRACKING_FAILURE_LIMIT="2 per hour")
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        for _ in range(2):
            assert open_case(client, complaint, "AAAA-BBBB-CCCC-DDDD").status_code == 404
        response = open_case(client, complaint)
        assert response.status_code == 429
        assert complaint.tracking_code in response.get_data(as_text=True)  # kept for later


@pytest.mark.parametrize("action", ["track", "reply", "upload", "logout"])
def test_every_tracking_form_enforces_csrf(make_app, action):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        complaint = make_complaint()
        html = client.get("/track").get_data(as_text=True)
        token = hidden(html, "csrf_token")
        data = {"tracking_code": complaint.tracking_code, "access_code": complaint.plain_access_code}
        if action == "track":
            assert client.post("/track", data=data).status_code == 400
            assert client.post("/track", data={**data, "csrf_token": token}).status_code == 302
            return
        assert client.post("/track", data={**data, "csrf_token": token}).status_code == 302
        path = {"reply": "/track/case/reply", "upload": "/track/case/upload",
                "logout": "/track/case/close"}[action]
        payload = {"body": "halo"} if action == "reply" else {}
        if action == "upload":
            payload = {"file": (io.BytesIO(tiny_pdf()), "a.pdf")}
        client.post(path, data=payload, content_type="multipart/form-data")
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
        # Without a token, leaving did nothing: the case page still opens.
        assert client.get("/track/case").status_code == 200
