"""/admin "Tenaga kerja per wilayah": admins set each region's workforce for the dashboard."""

from __future__ import annotations

import pytest

from grievance.errors import Forbidden, ValidationFailed
from grievance.extensions import db
from grievance.models import AuditEvent, Region
from grievance.services import admin as admin_service

from ..conftest import csrf_token_from
from ..factories import make_complaint, make_employer, make_user, sign_in_through_form

SAMARINDA = "64.72"


def _row(html: str, name: str) -> str:
    return html.split(f"{name}</th>")[1].split("</tr>")[0]


def _workforce(code: str) -> int | None:
    db.session.expire_all()
    return db.session.get(Region, code).workforce


def test_admin_sets_samarindas_workforce_and_the_dashboard_shows_the_rate(app, client, auth):
    employer = make_employer("PT Samarinda Jaya", SAMARINDA)
    for _ in range(3):
        make_complaint(employer=employer)
    make_complaint(employer=make_employer("PT Balikpapan", "64.71"))
    auth.login_as(make_user("admin"))
    page = client.get("/admin").get_data(as_text=True)
    assert "Tenaga kerja per wilayah" in page and 'id="workforce-64-72"' in page

    response = client.post(f"/admin/regions/{SAMARINDA}/workforce",
                           data={"workforce": "20.000", "source": "BPS Sakernas Agustus 2025"})
    assert response.status_code == 302
    assert _workforce(SAMARINDA) == 20_000

    html = client.get("/dashboard").get_data(as_text=True)
    samarinda = _row(html, "Kota Samarinda")
    assert "20.000" in samarinda and ">1,5<" in samarinda  # 3 cases per 20,000 → 1,5
    for other in ("Kota Balikpapan", "Kabupaten Mahakam Ulu"):
        row = _row(html, other)
        assert "belum diketahui" in row and "–" in row  # no rate without a workforce


def test_the_audit_event_keeps_the_old_and_new_value_and_the_source(app, client, auth):
    admin = make_user("admin")
    auth.login_as(admin)
    client.post(f"/admin/regions/{SAMARINDA}/workforce",
                data={"workforce": "412000", "source": "  BPS  Kaltim 2025 "})
    client.post(f"/admin/regions/{SAMARINDA}/workforce", data={"workforce": "", "source": ""})
    events = db.session.query(AuditEvent).filter_by(kind="region_workforce_set") \
        .order_by(AuditEvent.id).all()
    assert [(e.actor_user_id, e.target_type, e.target_id) for e in events] == [
        (admin.id, "region", SAMARINDA)] * 2
    assert events[0].data == {"from": None, "to": 412000, "source": "BPS Kaltim 2025"}
    assert events[1].data == {"from": 412000, "to": None, "source": ""}
    assert _workforce(SAMARINDA) is None  # cleared
    # The code list's own provenance is untouched.
    assert db.session.get(Region, SAMARINDA).source.startswith("edwardsamuel/")


@pytest.mark.parametrize("role", ["coordinator", "inspector", "union_rep"])
def test_only_admins_may_post_the_workforce_form(app, client, auth, role):
    auth.login_as(make_user(role))
    response = client.post(f"/admin/regions/{SAMARINDA}/workforce", data={"workforce": "1000"})
    assert response.status_code == 403
    assert _workforce(SAMARINDA) is None
    assert db.session.query(AuditEvent).filter_by(kind="region_workforce_set").count() == 0


def test_the_service_refuses_non_admins(app):
    with pytest.raises(Forbidden):
        admin_service.set_region_workforce(make_user("coordinator"), SAMARINDA, 1000)


@pytest.mark.parametrize("value", ["-5", "abc", "12,5", "1.5", "1e6", "٣٤", "99999999"])
def test_a_bad_value_is_refused_and_the_input_kept(app, client, auth, value):
    auth.login_as(make_user("admin"))
    client.post(f"/admin/regions/{SAMARINDA}/workforce", data={"workforce": "30000"})
    response = client.post(f"/admin/regions/{SAMARINDA}/workforce",
                           data={"workforce": value, "source": "catatan saya"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = html.split('id="workforce-64-72"')[1].split(">")[0]
    assert f'value="{value}"' in field and 'aria-invalid="true"' in field
    assert 'value="catatan saya"' in html
    assert "Isi bilangan bulat 0 atau lebih" in html
    assert _workforce(SAMARINDA) == 30000  # unchanged
    assert db.session.query(AuditEvent).filter_by(kind="region_workforce_set").count() == 1


def test_the_service_validates_and_accepts_zero_and_ints(app):
    admin = make_user("admin")
    with pytest.raises(ValidationFailed):
        admin_service.set_region_workforce(admin, SAMARINDA, -1)
    assert admin_service.set_region_workforce(admin, SAMARINDA, 0).workforce == 0
    assert admin_service.set_region_workforce(admin, "64.11", "1.234").workforce == 1234


def test_the_form_needs_a_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        user = make_user("admin")
    sign_in_through_form(client, user)
    url = f"/admin/regions/{SAMARINDA}/workforce"
    assert client.post(url, data={"workforce": "5000"}).status_code == 400
    token = csrf_token_from(client.get("/admin").get_data(as_text=True))
    assert client.post(url, data={"workforce": "5000", "csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.get(Region, SAMARINDA).workforce == 5000
