"""Test factories (CTFd style): small functions that make valid rows with sensible defaults."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timezone

from grievance.extensions import db
from grievance.models import Complaint, Employer, Union, User
from grievance.rules.codes import hash_access_code, new_access_code, new_tracking_code
from grievance.services.users import create_user, get_or_create_union

PASSWORD = "kata-sandi-yang-panjang"
_counter = itertools.count(1)


def make_union(name: str | None = None) -> Union:
    union = get_or_create_union(name or f"Serikat Uji {next(_counter)}")
    db.session.commit()
    return union


def make_user(role: str = "coordinator", *, email: str | None = None, union: Union | None = None,
              password: str = PASSWORD, active: bool = True) -> User:
    if role == "union_rep" and union is None:
        union = make_union()
    user = create_user(email or f"{role}{next(_counter)}@uji.test", role, password,
                       union_name=union.name if union else None)
    if not active:
        user.active = False
        db.session.commit()
    return user


def make_employer(name: str = "PT Borneo Sawit Lestari", region_code: str = "64.72",
                  sector: str | None = None) -> Employer:
    from grievance.rules.duplicates import normalize_employer_name

    employer = Employer(name=name, name_normalized=normalize_employer_name(name),
                        region_code=region_code, sector=sector)
    db.session.add(employer)
    db.session.commit()
    return employer


def make_complaint(*, employer: Employer | None = None, category: str = "wage_below_minimum",
                   status: str = "received", privacy: str = "confidential",
                   union: Union | None = None, assignee: User | None = None,
                   created_at: datetime | None = None, description: str = "Upah di bawah UMK.",
                   access_code: str | None = None, **fields) -> Complaint:
    employer = employer or make_employer()
    access_code = access_code or new_access_code()
    complaint = Complaint(
        tracking_code=new_tracking_code(), access_code_hash=hash_access_code(access_code),
        category=category, status=status, region_code=employer.region_code, employer=employer,
        description=description, privacy=privacy, filed_by_union_id=union.id if union else None,
        assignee_id=assignee.id if assignee else None,
        created_at=created_at or datetime.now(timezone.utc), **fields,
    )
    db.session.add(complaint)
    db.session.commit()
    complaint.plain_access_code = access_code  # for tests that track the case
    return complaint


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in_through_form(client, user: User, password: str = PASSWORD) -> None:
    """Sign in the way a browser does: the login page's CSRF token posted with the form."""
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, "the real login form with its token must work"


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **kwargs):
        return self.client.post("/login", data={"email": email, "password": password}, **kwargs)

    def login_as(self, user: User, password: str = PASSWORD):
        response = self.login(user.email, password)
        assert response.status_code == 302, "login failed in a test that expects it to succeed"
        return response

    def logout(self):
        return self.client.post("/logout")
