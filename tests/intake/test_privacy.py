"""Anonymity: nothing identifying stored, no IP or user agent anywhere, nothing in the logs."""

from __future__ import annotations

import logging

from sqlalchemy import inspect, select, text

from grievance.extensions import db
from grievance.models import Complainant, Complaint

from .helpers import body, form_fields, hidden

USER_AGENT = "Mozilla/5.0 (Linux; Android 9; HP-Murah-Pekerja) UniqueAgent/123"
ADDRESS = "203.0.113.77"
DESCRIPTION = "Mandor mengancam memecat saya kalau melapor ke Disnaker."


def all_stored_text() -> str:
    """Every value of every row of every table, as one string to search."""
    chunks = []
    for table in inspect(db.engine).get_table_names():
        for row in db.session.execute(text(f'SELECT * FROM "{table}"')):
            chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_anonymous_form_filing_stores_no_identity_no_address_no_user_agent(client, caplog):
    caplog.set_level(logging.DEBUG)
    html = client.get("/complaints/new?category=wage_below_minimum",
                      environ_base={"REMOTE_ADDR": ADDRESS},
                      headers={"User-Agent": USER_AGENT}).get_data(as_text=True)
    data = form_fields(privacy="anonymous", description=DESCRIPTION)
    data["form_token"] = hidden(html, "form_token")
    result = client.post("/complaints/new?category=wage_below_minimum", data=data,
                         environ_base={"REMOTE_ADDR": ADDRESS}, headers={"User-Agent": USER_AGENT})
    assert result.status_code == 302
    receipt = client.get("/complaints/receipt").get_data(as_text=True)
    complaint = db.session.scalars(select(Complaint)).one()
    assert complaint.privacy == "anonymous"
    assert db.session.scalar(select(db.func.count(Complainant.id))) == 0
    stored = all_stored_text()
    assert ADDRESS not in stored and "UniqueAgent" not in stored and "HP-Murah" not in stored
    logged = caplog.text
    for secret in (DESCRIPTION, "Mandor", complaint.tracking_code, "3.000.000", ADDRESS, "UniqueAgent"):
        assert secret not in logged, secret
    assert complaint.tracking_code in receipt


def test_api_filing_logs_no_content_identity_or_codes(client, caplog):
    caplog.set_level(logging.DEBUG)
    payload = body(description=DESCRIPTION,
                   complainant={"name": "Siti Aminah", "phone": "081234567890",
                                "email": "siti@contoh.id", "nik": "6472015708900001"})
    data = client.post("/api/v1/complaints", json=payload,
                       headers={"User-Agent": USER_AGENT}).get_json()
    client.get(f"/api/v1/track/{data['tracking_code']}", headers={"X-Access-Code": data["access_code"]})
    client.post(f"/api/v1/track/{data['tracking_code']}/messages", json={"body": "Pesan rahasia saya"},
                headers={"X-Access-Code": data["access_code"]})
    for secret in (DESCRIPTION, "Siti", "081234567890", "6281234567890", "siti@contoh.id",
                   "6472015708900001", data["tracking_code"], data["access_code"],
                   "Pesan rahasia saya", "UniqueAgent"):
        assert secret not in caplog.text, secret
    assert "UniqueAgent" not in all_stored_text()


def test_confidential_identity_is_stored_apart_from_the_case(client):
    client.post("/api/v1/complaints", json=body(complainant={"name": "Siti", "phone": "081234567890"}))
    complaint = db.session.scalars(select(Complaint)).one()
    assert complaint.complainant.name == "Siti" and complaint.complainant.phone == "+6281234567890"
    assert "Siti" not in complaint.description
    assert complaint.complainant.entered_by_union_id is None


def test_access_code_is_never_stored_in_plain(client):
    data = client.post("/api/v1/complaints", json=body()).get_json()
    stored = all_stored_text()
    assert data["access_code"] not in stored
    assert data["access_code"].replace("-", "") not in stored
