"""The /track pages: both codes open a case; reply, upload and leave; CSRF on every form."""

from __future__ import annotations

import io

import pytest

from grievance.extensions import db
from grievance.models import Attachment, Message

from ..factories import make_complaint
from .helpers import hidden, tiny_pdf


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
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert complaint.tracking_code in html and "Mohon kirim kontrak." in html
    assert "catatan internal" not in html and "Diterima" in html


def test_wrong_and_unknown_codes_look_the_same_and_the_access_code_is_not_echoed(client):
    complaint = make_complaint()
    wrong = open_case(client, complaint, "AAAA-BBBB-CCCC-DDDD")
    unknown = client.post("/track", data={"tracking_code": "KT-AAAA-BBBB",
                                          "access_code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == unknown.status_code == 404
    assert "AAAA-BBBB-CCCC-DDDD" not in wrong.get_data(as_text=True)
    strip = lambda r: r.get_data(as_text=True).replace(complaint.tracking_code, "KT-AAAA-BBBB")  # noqa: E731
    assert strip(wrong) == strip(unknown)


def test_case_page_needs_the_codes_first(client):
    complaint = make_complaint()
    response = client.get(f"/track/{complaint.tracking_code}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/track")


def test_another_case_cannot_be_opened_with_this_session(client):
    mine, other = make_complaint(), make_complaint()
    open_case(client, mine)
    assert client.get(f"/track/{other.tracking_code}").status_code == 302
    assert client.post(f"/track/{other.tracking_code}/reply", data={"body": "x"}).status_code == 302


def test_reply_and_upload_from_the_tracking_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    response = client.post(f"/track/{complaint.tracking_code}/reply", data={"body": "Ini jawaban saya."})
    assert response.status_code == 302
    message = db.session.scalars(db.select(Message)).one()
    assert message.author_kind == "complainant" and message.body == "Ini jawaban saya."
    response = client.post(f"/track/{complaint.tracking_code}/upload",
                           data={"file": (io.BytesIO(tiny_pdf()), "kontrak.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalars(db.select(Attachment)).one().uploaded_by_kind == "complainant"
    html = client.get(f"/track/{complaint.tracking_code}").get_data(as_text=True)
    assert "Ini jawaban saya." in html and "kontrak.pdf" in html


def test_a_bad_upload_says_why_on_the_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    response = client.post(f"/track/{complaint.tracking_code}/upload",
                           data={"file": (io.BytesIO(b"<html>"), "x.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 415
    assert "PDF, JPEG atau PNG" in response.get_data(as_text=True)


def test_leaving_closes_the_case_page(client):
    complaint = make_complaint()
    open_case(client, complaint)
    client.post("/track/logout")
    assert client.get(f"/track/{complaint.tracking_code}").status_code == 302


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
        path = {"reply": f"/track/{complaint.tracking_code}/reply",
                "upload": f"/track/{complaint.tracking_code}/upload",
                "logout": "/track/logout"}[action]
        payload = {"body": "halo"} if action == "reply" else {}
        if action == "upload":
            payload = {"file": (io.BytesIO(tiny_pdf()), "a.pdf")}
        client.post(path, data=payload, content_type="multipart/form-data")
        assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
        # Without a token, leaving did nothing: the case page still opens.
        assert client.get(f"/track/{complaint.tracking_code}").status_code == 200
