"""CSRF everywhere: walk ``app.url_map`` and prove every state-changing HTML route refuses a
request without a valid token, for a stranger and for each signed-in role, before the view
runs: the answer is 400 and not one row or file changes.

The API blueprint is the exception: exempt from CSRF because it never reads the session
cookie (bearer tokens only). ``tests/test_guard.py`` covers GETs with a session cookie; here
the session cookie is tried on the API's POST routes with CSRF switched on.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from grievance.auth_guard import PUBLIC_ENDPOINTS
from grievance.extensions import db
from grievance.models import Attachment, Complaint, Message
from grievance.services.tokens import create_token
from grievance.services.users import password_reset_token

from .conftest import csrf_token_from
from .factories import (
    PASSWORD,
    make_complaint,
    make_employer,
    make_union,
    make_user,
    sign_in_through_form,
)
from .intake.helpers import form_fields, tiny_pdf

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
ROLES = (None, "admin", "coordinator", "inspector", "union_rep")
CSRF_LOG = "flask_wtf.csrf"


# --- the world the requests would change ---------------------------------------------------

class World:
    """Rows every path parameter can point at, so a request would reach a real view."""

    def __init__(self, app):
        self.union = make_union("Serikat Pekerja Sawit Kaltim")
        self.users = {role: make_user(role, union=self.union if role == "union_rep" else None)
                      for role in ROLES if role}
        self.target = make_user("inspector", email="sasaran@uji.test")  # admin actions hit this one
        self.employer = make_employer("PT Mahakam Batu Bara")
        self.other_employer = make_employer("PT Kutai Sawit", region_code="64.02")
        self.case = make_complaint(employer=self.employer, status="received",
                                   union=self.union, privacy="open")
        self.pool = make_complaint(employer=self.employer, status="triaged")
        self.attachment = Attachment(
            complaint_id=self.case.id, stored_name="a" * 32 + ".pdf", original_name="slip.pdf",
            size=len(tiny_pdf()), content_type="application/pdf", sha256="0" * 64,
            uploaded_by_kind="complainant")
        db.session.add(self.attachment)
        db.session.commit()
        (Path(app.config["UPLOAD_DIR"]) / self.attachment.stored_name).write_bytes(tiny_pdf())
        self.reset_token = password_reset_token(self.target)
        self.case_access_code = self.case.plain_access_code

    def path_values(self) -> dict[str, str]:
        return {
            "case_id": str(self.case.id),
            "complaint_id": str(self.case.id),  # the union's own case
            "user_id": str(self.target.id),
            "employer_id": str(self.employer.id),
            "attachment_id": str(self.attachment.id),
            "token": self.reset_token,
            "tracking_code": self.case.tracking_code,
            "code": "64.72",  # a region (Samarinda)
        }

    def payload(self, endpoint: str) -> dict:
        """What the real form would send (all valid), minus the CSRF token."""
        pdf = lambda: (io.BytesIO(tiny_pdf()), "slip.pdf")  # noqa: E731  (a fresh stream each time)
        new_password = "kata-sandi-baru-yang-panjang"
        return {
            "auth.login": {"email": self.users["coordinator"].email, "password": PASSWORD},
            "auth.logout": {},
            "auth.change_password": {"current_password": PASSWORD, "password": new_password,
                                     "confirm": new_password},
            "auth.password_reset": {"password": new_password, "confirm": new_password},
            "admin.create_union": {"name": "Serikat Baru", "contact_email": "sb@uji.test"},
            "admin.create_user": {"email": "baru@uji.test", "full_name": "Baru",
                                  "role": "inspector"},
            "admin.toggle_active": {"active": "0"},
            "admin.reset_password": {},
            "admin.change_role": {"role": "coordinator"},
            "admin.add_wage_floor": {"kind": "UMK", "year": "2027", "region_code": "64.72",
                                     "amount": "4.000.000", "legal_basis": "SK Gubernur",
                                     "source": "https://example.org/sk", "confirmed": "y"},
            "admin.set_workforce": {"workforce": "512000", "source": "BPS Kaltim 2025"},
            "cases.move": {"to": "triaged", "note": "Lengkap."},
            "cases.assign": {"inspector": self.users["inspector"].email},
            "cases.bulk_assign": {"inspector": self.users["inspector"].email,
                                  "case_ids": [str(self.case.id), str(self.pool.id)]},
            "cases.claim": {},
            "cases.add_note": {"body": "Catatan yang tidak boleh tersimpan.", "public": "y"},
            "cases.set_priority": {"priority": "4"},
            "cases.link_employer": {"employer_id": str(self.other_employer.id)},
            "cases.employer_correct": {"name": "PT Nama Palsu", "address": "Jl. Palsu",
                                       "nib": "1234567890123"},
            "public.complaint_new": {**form_fields(), "attachment": pdf()},
            "public.track": {"tracking_code": self.case.tracking_code,
                             "access_code": self.case_access_code},
            "public.track_reply": {"body": "Pesan yang tidak boleh tersimpan."},
            "public.track_upload": {"file": pdf()},
            "public.track_logout": {},
            "unions.complaint_new": {**form_fields(), "attachment": pdf()},
            "unions.case_message": {"body": "Pesan yang tidak boleh tersimpan."},
            "unions.case_upload": {"file": pdf()},
        }.get(endpoint, {})


def fill_path(rule, values: dict[str, str]) -> str:
    def one(match):
        name = match.group(1)
        assert name in values, f"{rule.rule}: no real value for <{name}>; add one to World"
        return values[name]

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", one, rule.rule)


def unsafe_html_routes(app) -> list[tuple[str, str, object]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) & UNSAFE):
            out.append((method, rule.endpoint, rule))
    return out


# --- what "nothing changed" means -----------------------------------------------------------

def snapshot(app) -> dict:
    """Every row of every table, and every file under UPLOAD_DIR and the mail folder."""
    db.session.rollback()  # a fresh read (objects are expired, not detached)
    rows = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [tuple(r) for r in db.session.execute(select(table).order_by(*order))]
    db.session.rollback()
    files = set()
    for root in (Path(app.config["UPLOAD_DIR"]), Path(app.instance_path) / "mail"):
        if root.exists():
            files |= {str(p) for p in root.rglob("*")}
    return {"rows": rows, "files": files}


def differences(before: dict, after: dict) -> list[str]:
    changed = [name for name in before["rows"] if before["rows"][name] != after["rows"][name]]
    if before["files"] != after["files"]:
        changed.append(f"files {sorted(before['files'] ^ after['files'])}")
    return changed


# --- signing in the way a browser does ------------------------------------------------------

sign_in = sign_in_through_form


def open_tracking(client, world: World) -> None:
    html = client.get("/track").get_data(as_text=True)
    response = client.post("/track", data={"tracking_code": world.case.tracking_code,
                                           "access_code": world.case_access_code,
                                           "csrf_token": csrf_token_from(html)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/track/case")


def signed_in_client(app, world: World, role: str | None):
    client = app.test_client()
    if role is None:
        open_tracking(client, world)  # so the tracking routes would reach their case
    else:
        sign_in(client, world.users[role])
    return client


def other_sessions_token(app) -> str:
    """A genuine token, but from another browser's session."""
    return csrf_token_from(app.test_client().get("/login").get_data(as_text=True))


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


@pytest.fixture
def world(csrf_app):
    return World(csrf_app)


# --- the tests ---------------------------------------------------------------------------------

def test_the_walk_covers_every_kind_of_state_changing_html_route(csrf_app, world):
    routes = unsafe_html_routes(csrf_app)
    endpoints = {endpoint for _, endpoint, _ in routes}
    # If one of these vanished, the walk below would silently check less.
    for expected in ("auth.login", "auth.logout", "auth.password_reset", "admin.create_user",
                     "admin.change_role", "cases.move", "cases.add_note", "cases.bulk_assign",
                     "cases.employer_correct", "public.complaint_new", "public.track_reply",
                     "public.track_upload", "unions.case_message", "unions.case_upload"):
        assert expected in endpoints, expected
    for _, _, rule in routes:
        assert "<" not in fill_path(rule, world.path_values())
    unknown = {e for e in endpoints if not world.payload(e)}
    # Routes that take no fields (a button) are fine without a payload; anything else needs one
    # so that "nothing changed" means something.
    assert unknown <= {"auth.logout", "admin.reset_password", "cases.claim",
                       "public.track_logout"}, unknown


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_state_changing_page_refuses_a_request_without_a_csrf_token(
        csrf_app, world, role, caplog):
    client = signed_in_client(csrf_app, world, role)
    before = snapshot(csrf_app)
    checked = 0
    for method, endpoint, rule in unsafe_html_routes(csrf_app):
        path = fill_path(rule, world.path_values())
        caplog.clear()
        with caplog.at_level(logging.INFO, logger=CSRF_LOG):
            response = client.open(path, method=method, data=world.payload(endpoint),
                                   content_type="multipart/form-data")
        assert response.status_code == 400, (role, method, path, response.status_code)
        assert "The CSRF token is missing." in caplog.messages, (role, method, path)
        assert "Permintaan tidak valid" in response.get_data(as_text=True)
        changed = differences(before, snapshot(csrf_app))
        assert not changed, (role, method, path, changed)
        checked += 1
    assert checked >= 20
    if role is not None:  # the refused logout did not sign anyone out
        assert client.get("/account/password").status_code == 200
    else:  # nor did the refused "close" end the tracking session
        assert client.get("/track/case").status_code == 200


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_a_token_from_another_browsers_session_is_refused_too(csrf_app, world, role, caplog):
    client = signed_in_client(csrf_app, world, role)
    stolen = other_sessions_token(csrf_app)
    before = snapshot(csrf_app)
    for method, endpoint, rule in unsafe_html_routes(csrf_app):
        path = fill_path(rule, world.path_values())
        caplog.clear()
        with caplog.at_level(logging.INFO, logger=CSRF_LOG):
            response = client.open(path, method=method,
                                   data={**world.payload(endpoint), "csrf_token": stolen},
                                   content_type="multipart/form-data")
        assert response.status_code == 400, (role, method, path, response.status_code)
        assert caplog.messages, (role, method, path)  # refused by the CSRF check, not the view
        assert not differences(before, snapshot(csrf_app)), (role, method, path)


def test_the_same_requests_with_the_pages_own_token_do_change_things(csrf_app, world):
    """The control: the payloads above are real, so "nothing changed" is a real finding."""
    client = signed_in_client(csrf_app, world, "admin")
    token = csrf_token_from(client.get(f"/cases/{world.case.id}").get_data(as_text=True))
    values = world.path_values()
    for endpoint, rule_path in (("cases.add_note", "/cases/<case_id>/notes"),
                                ("admin.create_union", "/admin/unions"),
                                ("cases.move", "/cases/<case_id>/move")):
        before = snapshot(csrf_app)
        path = rule_path.replace("<case_id>", values["case_id"])
        response = client.post(path, data={**world.payload(endpoint), "csrf_token": token})
        assert response.status_code == 302, (path, response.status_code)
        assert differences(before, snapshot(csrf_app)), path
    assert db.session.get(Complaint, world.case.id).status == "triaged"


# --- the API: exempt, because it never takes the session cookie -----------------------------

def test_api_posts_need_no_csrf_token_but_ignore_a_signed_in_session(csrf_app, world):
    client = signed_in_client(csrf_app, world, "coordinator")
    before = snapshot(csrf_app)
    values = world.path_values()
    staff_posts = [rule for rule in csrf_app.url_map.iter_rules()
                   if rule.rule.startswith("/api/") and "POST" in (rule.methods or ())
                   and rule.endpoint not in PUBLIC_ENDPOINTS]
    assert len(staff_posts) >= 4
    for rule in staff_posts:
        path = fill_path(rule, values)
        response = client.post(path, json={"to": "triaged", "body": "x",
                                           "inspector": world.users["inspector"].email})
        # Not 400 (no CSRF check: exempt) and not obeyed (the cookie is not a credential).
        assert response.status_code == 401, (path, response.status_code)
        assert response.get_json()["error"]["code"] == "unauthorized"
    assert not differences(before, snapshot(csrf_app))

    # The same API with its own credential, and still no CSRF token: accepted.
    bearer = {"Authorization": f"Bearer {create_token(world.users['coordinator'])}"}
    response = client.post(f"/api/v1/cases/{world.case.id}/notes", headers=bearer,
                           json={"body": "Lewat API.", "public": False})
    assert response.status_code == 201
    assert db.session.scalar(select(Message.body).where(Message.id == response.get_json()["id"])) \
        == "Lewat API."


def test_public_api_filing_is_exempt_from_csrf(csrf_app):
    from .intake.helpers import body

    client = csrf_app.test_client()
    response = client.post("/api/v1/complaints", json=body())
    assert response.status_code == 201, response.get_json()
    assert db.session.scalar(select(Complaint.id).where(
        Complaint.tracking_code == response.get_json()["tracking_code"])) is not None



# --- one id per page ------------------------------------------------------------------------

def _html_pages(app, world: World) -> list[str]:
    values = world.path_values()
    return [fill_path(rule, values) for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and not rule.rule.startswith("/api/")
            and rule.endpoint != "static"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_opens_uses_each_id_once(csrf_app, world, role):
    """Pages hold several forms (a case page has a dozen), each with its CSRF token: an id
    repeated on one page breaks ``<label for>``, skip links and assistive technology."""
    client = signed_in_client(csrf_app, world, role)
    opened = 0
    for path in _html_pages(csrf_app, world):
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        opened += 1
        ids = re.findall(r'\sid="([^"]+)"', response.get_data(as_text=True))
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, (path, repeated)
    assert opened >= (3 if role is None else 5)
