"""Case exports: who gets which rows and columns, the audit trail, and a flat memory profile."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from grievance.extensions import db
from grievance.models import AuditEvent, Complainant, Complaint
from grievance.services.tokens import create_token

from ..factories import make_complaint, make_employer, make_union, make_user
from .helpers import bulk_complaints

IDENTITY = ("complainant_name", "complainant_phone", "complainant_email", "complainant_nik")


def _token(user) -> dict:
    return {"Authorization": f"Bearer {create_token(user)}"}


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _with_identity(complaint, name: str) -> None:
    db.session.add(Complainant(complaint_id=complaint.id, name=name, phone="+6281234567890",
                               nik="6472010101900001"))
    db.session.commit()


@pytest.fixture
def cases():
    ours, theirs = make_union("Serikat Kita"), make_union("Serikat Lain")
    employer = make_employer("PT Borneo Ekspor", "64.72")
    open_case = make_complaint(employer=employer, privacy="open", union=ours)
    _with_identity(open_case, "Siti Terbuka")
    secret = make_complaint(employer=employer, privacy="confidential", union=ours)
    _with_identity(secret, "Budi Rahasia")
    anonymous = make_complaint(employer=employer, privacy="anonymous", union=theirs,
                               category="thr_unpaid")
    return {"ours": ours, "theirs": theirs, "open": open_case, "secret": secret,
            "anonymous": anonymous}


def test_coordinators_export_every_case_with_only_open_identities(client, cases):
    coordinator = make_user("coordinator")
    response = client.get("/api/v1/reports/cases.csv", headers=_token(coordinator))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = {int(r["id"]): r for r in _csv(response)}
    assert set(rows) == {cases["open"].id, cases["secret"].id, cases["anonymous"].id}
    assert rows[cases["open"].id]["complainant_name"] == "Siti Terbuka"
    # Confidential (rahasia) identities never leave the system, not even for coordinators.
    assert rows[cases["secret"].id]["complainant_name"] == ""
    assert "Budi Rahasia" not in response.get_data(as_text=True)
    assert rows[cases["anonymous"].id]["complainant_nik"] == ""


def test_union_reps_export_only_their_unions_cases_and_no_identity(client, cases):
    rep = make_user("union_rep", union=cases["ours"])
    response = client.get("/api/v1/reports/cases.csv", headers=_token(rep))
    assert response.status_code == 200
    rows = _csv(response)
    assert {int(r["id"]) for r in rows} == {cases["open"].id, cases["secret"].id}
    assert not set(IDENTITY) & set(rows[0])
    body = response.get_data(as_text=True)
    assert "Siti Terbuka" not in body and "Budi Rahasia" not in body and "6472010101900001" not in body


@pytest.mark.parametrize("role,status", [("inspector", 403), (None, 401)])
def test_other_callers_cannot_export(client, cases, role, status):
    headers = _token(make_user(role)) if role else {}
    assert client.get("/api/v1/reports/cases.csv", headers=headers).status_code == status
    assert client.get("/api/v1/reports/cases.xlsx", headers=headers).status_code == status


def test_exports_take_the_queue_filters(client, cases):
    coordinator = make_user("coordinator")
    rows = _csv(client.get("/api/v1/reports/cases.csv?category=thr_unpaid",
                           headers=_token(coordinator)))
    assert [int(r["id"]) for r in rows] == [cases["anonymous"].id]
    assert client.get("/api/v1/reports/cases.csv?region=bad",
                      headers=_token(coordinator)).status_code == 400


def test_every_export_is_recorded_in_the_audit_log(client, cases):
    rep = make_user("union_rep", union=cases["ours"])
    client.get("/api/v1/reports/cases.xlsx?status=open", headers=_token(rep))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.kind == "cases_exported"))
    assert event.actor_user_id == rep.id
    assert event.data["format"] == "xlsx" and event.data["scope"] == "union"
    assert event.data["identity"] is False and event.data["filters"] == {"status": "open"}


def test_the_xlsx_export_is_a_workbook_with_the_same_rows(client, cases):
    coordinator = make_user("coordinator")
    response = client.get("/api/v1/reports/cases.xlsx", headers=_token(coordinator))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.values)
    assert rows[0][0] == "id" and len(rows) == 4


def test_formulas_typed_into_the_public_form_are_not_exported_as_formulas(client):
    make_complaint(employer=make_employer('=HYPERLINK("http://x","klik")', "64.72"))
    coordinator = make_user("coordinator")
    rows = _csv(client.get("/api/v1/reports/cases.csv", headers=_token(coordinator)))
    assert rows[0]["employer"].startswith("'=")
    response = client.get("/api/v1/reports/cases.xlsx", headers=_token(coordinator))
    cell = load_workbook(io.BytesIO(response.data)).active["H2"]
    assert cell.data_type == "s"


def test_the_queue_export_links_work_with_a_browser_session(client, auth, cases):
    rep = make_user("union_rep", union=cases["theirs"])
    auth.login_as(rep)
    rows = _csv(client.get("/dashboard/cases.csv"))
    assert [int(r["id"]) for r in rows] == [cases["anonymous"].id]
    auth.logout()
    auth.login_as(make_user("inspector"))
    assert client.get("/dashboard/cases.csv").status_code == 403


def test_a_100000_row_export_streams_in_flat_memory(app, client):
    bulk_complaints(100_000)
    assert db.session.scalar(select(func.count(Complaint.id))) == 100_000
    db.session.commit()
    coordinator = make_user("coordinator")
    headers = _token(coordinator)
    started = time.perf_counter()
    tracemalloc.start()
    try:
        response = client.get("/api/v1/reports/cases.csv", headers=headers, buffered=False)
        lines = 0
        size = 0
        for chunk in response.response:
            lines += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
            size += len(chunk)
        response.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert lines == 100_001
    # Whole file is tens of MB; a streamed export peaks at a small fraction of that.
    assert peak < 25 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for {size / 1e6:.1f} MB of CSV"
    assert peak < size / 3
    assert elapsed < 30
