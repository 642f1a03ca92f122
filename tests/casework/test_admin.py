"""/admin: users, unions, wage floors; admins only; every action audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grievance.extensions import db
from grievance.models import AuditEvent, OutboxMessage, User, WageFloorRow
from tests.factories import make_user


@pytest.mark.parametrize("role", ["coordinator", "inspector", "union_rep"])
def test_only_admins_reach_admin(app, client, auth, role):
    auth.login_as(make_user(role))
    assert client.get("/admin").status_code == 403
    assert client.post("/admin/unions", data={"name": "X"}).status_code == 403


def test_admin_manages_users_with_an_audit_trail(app, client, auth):
    admin = make_user("admin")
    auth.login_as(admin)
    assert client.get("/admin").status_code == 200
    response = client.post("/admin/users", data={"email": "baru@uji.test", "role": "inspector",
                                                  "full_name": "Pengawas Baru"})
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="baru@uji.test").one()
    assert db.session.query(OutboxMessage).filter_by(recipient="baru@uji.test").count() == 1
    client.post(f"/admin/users/{user.id}/role", data={"role": "coordinator"})
    client.post(f"/admin/users/{user.id}/active")
    client.post(f"/admin/users/{user.id}/password")
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.role == "coordinator" and not user.active
    kinds = [e.kind for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    for kind in ("user_created", "user_role_changed", "user_deactivated",
                 "password_reset_mailed"):
        assert kind in kinds
    assert db.session.query(OutboxMessage).filter_by(recipient="baru@uji.test").count() == 2


def test_admin_adds_next_years_umk_with_basis_and_source(app, client, auth):
    auth.login_as(make_user("admin"))
    data = {"kind": "UMK", "year": "2027", "region_code": "64.72", "amount": "3.950.000,50",
            "legal_basis": "Keputusan Gubernur Kaltim (uji)", "source": "https://contoh.test/umk",
            "confirmed": "y"}
    assert client.post("/admin/wage-floors", data=data).status_code == 302
    row = db.session.query(WageFloorRow).filter_by(year=2027, region_code="64.72").one()
    assert row.amount == Decimal("3950000.50") and row.source.endswith("/umk")
    assert db.session.query(AuditEvent).filter_by(kind="wage_floor_added").count() == 1
    client.post("/admin/wage-floors", data=data)  # the same floor twice is refused
    assert db.session.query(WageFloorRow).filter_by(year=2027, region_code="64.72").count() == 1


def test_admin_adds_a_union(app, client, auth):
    auth.login_as(make_user("admin"))
    client.post("/admin/unions", data={"name": "Serikat Baru", "contact_email": "sb@uji.test"})
    assert db.session.query(AuditEvent).filter_by(kind="union_created").count() == 1
