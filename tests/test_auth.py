"""Sign-in: one generic failure message, throttling, POST-only logout, checked ``next``."""

from __future__ import annotations

import pytest

from grievance.extensions import db

from .factories import PASSWORD, make_user

GENERIC = "Email atau kata sandi salah"


def test_staff_member_signs_in_and_lands_on_the_queue(client, auth, app):
    user = make_user("coordinator")
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/cases"


def test_union_rep_lands_on_the_union_dashboard(client, auth, app):
    rep = make_user("union_rep")
    assert auth.login(rep.email).headers["Location"] == "/union"


def test_email_is_matched_without_regard_to_case_or_spaces(client, auth, app):
    make_user("inspector", email="pengawas@uji.test")
    assert auth.login("  Pengawas@UJI.test ").status_code == 302


@pytest.mark.parametrize("email,password", [
    ("nobody@uji.test", PASSWORD),        # unknown account
    ("known@uji.test", "wrong-password"),  # wrong password
])
def test_failed_login_gives_one_message_that_does_not_reveal_accounts(client, auth, app, email,
                                                                       password):
    make_user("coordinator", email="known@uji.test")
    response = auth.login(email, password)
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    assert "tidak terdaftar" not in response.get_data(as_text=True)


def test_failed_login_keeps_the_email_but_not_the_password(client, auth, app):
    response = auth.login("someone@uji.test", "secret-typed-by-user")
    html = response.get_data(as_text=True)
    assert 'value="someone@uji.test"' in html
    assert "secret-typed-by-user" not in html


def test_inactive_account_cannot_sign_in(client, auth, app):
    user = make_user("inspector", active=False)
    response = auth.login(user.email)
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(client, auth, app):
    user = make_user("coordinator")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert auth.login(user.email, "wrong-password").status_code == 200
    response = auth.login(user.email)  # right password, but locked now
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.locked_until is not None


def test_login_attempts_from_one_address_are_rate_limited(make_app):
    app = make_app(RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    codes = [client.post("/login", data={"email": "x@uji.test", "password": "y"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_logout_is_post_only(client, auth, app):
    user = make_user("coordinator")
    auth.login_as(user)
    assert client.get("/logout").status_code == 405
    assert client.get("/cases").status_code == 200  # still signed in
    assert auth.logout().status_code == 302
    assert client.get("/cases").status_code == 302  # back to the login page


@pytest.mark.parametrize("target,expected", [
    ("/cases?status=triaged", "/cases?status=triaged"),
    ("https://evil.example/phish", "/cases"),
    ("//evil.example/phish", "/cases"),
    ("/\\evil.example", "/cases"),
    ("javascript:alert(1)", "/cases"),
])
def test_next_parameter_only_leads_to_this_site(client, auth, app, target, expected):
    user = make_user("coordinator")
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == expected


def test_login_starts_a_fresh_session(client, auth, app):
    user = make_user("coordinator")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker before login"
    auth.login_as(user)
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_language_choice_survives_login(client, auth, app):
    user = make_user("coordinator")
    client.get("/?lang=en")
    auth.login_as(user)
    assert "Case queue" in client.get("/cases").get_data(as_text=True)


def test_password_change_ends_other_sessions(client, auth, app):
    from grievance.services.users import set_password

    user = make_user("coordinator")
    auth.login_as(user)
    set_password(user, "another-long-password")
    assert client.get("/cases").status_code == 302


def test_protected_page_redirects_to_login_with_next(client, app):
    response = client.get("/cases?status=triaged")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_signed_in_user_of_the_wrong_role_is_refused(client, auth, app):
    auth.login_as(make_user("union_rep"))
    assert client.get("/cases").status_code == 403
    assert client.get("/admin").status_code == 403


def test_login_form_rejects_a_post_without_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user("coordinator")
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_csrf_token_from_the_form_succeeds(make_app):
    from .conftest import csrf_token_from

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user("coordinator")
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    assert client.get("/cases").status_code == 200
    with client.session_transaction() as sess:
        assert sess.get("_user_id", "").startswith(f"{user.id}:")


def test_a_copied_session_cookie_stops_working_after_logout(client, auth, app):
    user = make_user("coordinator")
    auth.login_as(user)
    with client.session_transaction() as sess:
        stolen = dict(sess)
    auth.logout()
    with client.session_transaction() as sess:
        sess.update(stolen)  # replay the cookie's contents
    assert client.get("/cases").status_code == 302


def test_a_locked_account_costs_a_password_check_like_an_unknown_one(client, auth, app, monkeypatch):
    """Refusing a locked account without hashing would make it answer measurably faster."""
    from grievance.services import users

    user = make_user("coordinator")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login(user.email, "wrong-password")
    calls = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda *a: calls.append(1) or real(*a))
    auth.login(user.email)
    auth.login("nobody@uji.test")
    assert calls == [1, 1]
