"""Filing queues a confirmation; `outbox send` delivers it to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from grievance.extensions import db
from grievance.models import OutboxMessage, utcnow
from grievance.services.outbox import send_pending
from grievance.services.tokens import create_token

from ..factories import make_union, make_user
from .helpers import body


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp(smtp_port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield inbox
    controller.stop()


def mail_app(make_app, port):
    return make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="satgas@uji.test")


def _text(message) -> str:
    part = message.get_payload()[0] if message.is_multipart() else message
    while part.is_multipart():
        part = part.get_payload()[0]
    return part.get_payload(decode=True).decode()


def test_filing_with_email_queues_a_confirmation_without_the_access_code(client):
    data = client.post("/api/v1/complaints", json=body(complainant={"email": "siti@contoh.id"})).get_json()
    row = db.session.scalars(db.select(OutboxMessage)).one()
    assert row.recipient == "siti@contoh.id" and row.kind == "filed_confirmation"
    assert data["tracking_code"] in row.body_text
    assert data["access_code"] not in row.body_text and data["access_code"] not in (row.body_html or "")
    # The link leads to the tracking form; no address in the mail carries a code.
    links = re.findall(r"https?://\S+", row.body_text + (row.body_html or ""))
    assert links and all(link.rstrip(".\"<").endswith("/track") for link in links)
    assert not [link for link in links if data["tracking_code"] in link]


def test_anonymous_filing_queues_no_mail(client):
    client.post("/api/v1/complaints", json=body(privacy="anonymous"))
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_union_filing_notifies_the_union(client):
    union = make_union("SPSI Balikpapan")
    union.contact_email = "sekretariat@spsi.test"
    rep = make_user("union_rep", union=union)
    token = create_token(rep)
    db.session.commit()
    client.post("/api/v1/complaints", json=body(), headers={"Authorization": f"Bearer {token}"})
    assert db.session.scalar(db.select(OutboxMessage.recipient)) == "sekretariat@spsi.test"


def test_outbox_delivers_the_confirmation_over_smtp(make_app, smtp, smtp_port):
    app = mail_app(make_app, smtp_port)
    client = app.test_client()
    with app.app_context():
        data = client.post("/api/v1/complaints",
                           json=body(complainant={"email": "siti@contoh.id"})).get_json()
        assert send_pending() == {"sent": 1, "retry": 0, "failed": 0}
        (recipients, message), = smtp.messages
        assert recipients == ["siti@contoh.id"]
        assert data["tracking_code"] in message["Subject"]
        text = _text(message)
        assert data["tracking_code"] in text and data["access_code"] not in text
        assert db.session.scalar(db.select(OutboxMessage.status)) == "sent"


def test_outbox_retries_after_the_smtp_server_was_down(make_app, smtp_port):
    app = mail_app(make_app, smtp_port)
    client = app.test_client()
    with app.app_context():
        response = client.post("/api/v1/complaints", json=body(complainant={"email": "siti@contoh.id"}))
        assert response.status_code == 201  # filing never waits for mail
        assert send_pending() == {"sent": 0, "retry": 1, "failed": 0}  # nobody listening
        row = db.session.scalars(db.select(OutboxMessage)).one()
        assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > utcnow()
        assert send_pending() == {"sent": 0, "retry": 0, "failed": 0}  # backing off
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            row.next_attempt_at = utcnow()
            db.session.commit()
            assert send_pending() == {"sent": 1, "retry": 0, "failed": 0}
        finally:
            controller.stop()
        assert [r for r, _ in inbox.messages] == [["siti@contoh.id"]]
        db.session.refresh(row)
        assert row.status == "sent" and row.attempts == 2
