"""Password reset by link (one use, 24 hours) and self-service password change."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from grievance.extensions import db
from grievance.models import AuditEvent, OutboxMessage, User
from grievance.services import users

from .factories import PASSWORD, AuthActions, make_user

NEW_PASSWORD = "kata-sandi-baru-yang-panjang"
INVALID = "Tautan atur ulang kata sandi ini sudah kedaluwarsa, sudah dipakai, atau tidak lengkap."


def _mails(user: User) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.recipient == user.email).order_by(OutboxMessage.id)))


def _link_path(message: OutboxMessage) -> str:
    match = re.search(r"https?://\S+?(/password/reset/\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def _admin_resets(client, user: User) -> str:
    """An admin presses "reset password"; the path of the link mailed to ``user``."""
    admin_client = client.application.test_client()
    AuthActions(admin_client).login_as(make_user("admin"))
    assert admin_client.post(f"/admin/users/{user.id}/password").status_code == 302
    return _link_path(_mails(user)[-1])


def _new_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post(path, data={"password": password,
                                   "confirm": password if confirm is None else confirm})


def _kinds() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.kind).order_by(AuditEvent.id)))


def test_admin_reset_mails_a_link_and_never_a_password(app, client, runner):
    user = make_user("coordinator")
    path = _admin_resets(client, user)
    mail = _mails(user)[-1]
    assert mail.kind == "password_reset"
    assert app.config["PUBLIC_BASE_URL"] + path in mail.body_text
    db.session.refresh(user)
    # No word of the mail (nor of the written .eml) is the account's password.
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    eml = "\n".join(p.read_text() for p in Path(app.instance_path, "mail").glob("*.eml"))
    assert path in eml
    for word in set((mail.subject + " " + mail.body_text + " " + eml).split()):
        assert not check_password_hash(user.password_hash, word)
    assert "password_reset_mailed" in _kinds()


def test_admin_reset_ends_the_old_password_and_sessions(app, client, auth):
    user = make_user("coordinator")
    auth.login_as(user)
    _admin_resets(client, user)
    assert client.get("/cases").status_code == 302  # the running session has ended
    assert auth.login(user.email, PASSWORD).status_code == 200  # the old password no longer works


def test_new_account_gets_a_link_too(app, client, auth):
    auth.login_as(make_user("admin"))
    client.post("/admin/users", data={"email": "baru@uji.test", "role": "inspector"})
    user = db.session.scalars(db.select(User).where(User.email == "baru@uji.test")).one()
    mail = _mails(user)[-1]
    assert mail.kind == "account_created"
    auth.logout()
    assert _new_password(client, _link_path(mail)).status_code == 302
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_reset_link_sets_a_new_password_once(app, client, auth):
    user = make_user("inspector")
    path = _admin_resets(client, user)
    page = client.get(path)
    assert page.status_code == 200 and 'name="confirm"' in page.get_data(as_text=True)
    response = _new_password(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302
    auth.logout()
    # The nonce rotated: the same link is refused, for viewing and for setting.
    assert INVALID in client.get(path).get_data(as_text=True)
    again = _new_password(client, path, "noch-ein-anderes-passwort")
    assert again.status_code == 400 and INVALID in again.get_data(as_text=True)
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302
    assert {"password_reset_mailed", "password_reset_completed"} <= set(_kinds())


def _token_signed_at(user: User, seconds_ago: int, monkeypatch) -> str:
    moment = int(time.time()) - seconds_ago
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: moment)
        return users.password_reset_token(user)


@pytest.mark.parametrize("hours_ago,valid", [(23, True), (25, False)])
def test_reset_link_is_valid_for_24_hours(app, client, monkeypatch, hours_ago, valid):
    user = make_user("coordinator")
    token = _token_signed_at(user, hours_ago * 3600, monkeypatch)
    assert (users.user_for_reset_token(token) is not None) is valid
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == (200 if valid else 400)
    assert (INVALID in response.get_data(as_text=True)) is not valid


def test_max_age_is_checked_against_the_signing_time(app):
    user = make_user("coordinator")
    token = users.password_reset_token(user)
    assert users.user_for_reset_token(token, max_age=3600) == user
    assert users.user_for_reset_token(token, max_age=-1) is None


def _bad_tokens(app, user: User, other: User) -> dict[str, str]:
    good = users.password_reset_token(user)
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="email-confirm")
    other_key = URLSafeTimedSerializer("x" * 40, salt="password-reset")
    return {
        "garbage": "not-a-token",
        "tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "other salt": other_salt.dumps({"u": user.id, "n": user.session_nonce}),
        "other key": other_key.dumps({"u": user.id, "n": user.session_nonce}),
        "stale nonce": users._reset_serializer().dumps({"u": user.id, "n": "0" * 16}),
        "unknown user": users._reset_serializer().dumps({"u": other.id + 999, "n": "x"}),
        "inactive user": users.password_reset_token(other),
    }


def test_every_bad_link_gets_the_same_generic_page(app, client):
    user = make_user("coordinator")
    other = make_user("inspector", active=False)
    pages = set()
    for name, token in _bad_tokens(app, user, other).items():
        response = client.get(f"/password/reset/{token}")
        assert response.status_code == 400, name
        html = response.get_data(as_text=True)
        assert INVALID in html, name
        pages.add(html[html.index("<main"):html.index("</main>")])  # the header links to the URL
        assert _new_password(client, f"/password/reset/{token}").status_code == 400, name
    assert len(pages) == 1
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, PASSWORD)


@pytest.mark.parametrize("password,confirm,error", [
    ("kurang", "kurang", "minimal"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "tidak sama"),
])
def test_reset_form_checks_length_and_confirmation(app, client, password, confirm, error):
    user = make_user("coordinator")
    path = _admin_resets(client, user)
    response = _new_password(client, path, password, confirm)
    assert response.status_code == 200 and error in response.get_data(as_text=True)
    assert _new_password(client, path).status_code == 302  # the link is still good


def test_reset_form_needs_a_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        user = make_user("coordinator")
        token = users.password_reset_token(user)
        assert _new_password(client, f"/password/reset/{token}").status_code == 400
        db.session.refresh(user)
        assert users.user_for_reset_token(token) == user  # not spent


def test_reset_page_is_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_LOGIN="3 per minute")
    client = app.test_client()
    codes = [client.get("/password/reset/guess").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_a_newer_reset_voids_the_earlier_link(app, client):
    user = make_user("coordinator")
    first = _admin_resets(client, user)
    second = _admin_resets(client, user)
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 200


# --- self-service change ------------------------------------------------------------------

def _change(client, current: str, new: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post("/account/password", data={
        "current_password": current, "password": new,
        "confirm": new if confirm is None else confirm})


def test_change_password_page_needs_sign_in(app, client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_signed_in_user_sees_the_change_link(app, client, auth):
    auth.login_as(make_user("union_rep"))
    assert 'href="/account/password"' in client.get("/union").get_data(as_text=True)


def test_change_requires_the_current_password(app, client, auth):
    user = make_user("inspector")
    auth.login_as(user)
    response = _change(client, "salah-sekali-ini-bukan")
    assert response.status_code == 200
    assert "Kata sandi saat ini salah." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, PASSWORD)
    assert "password_changed" not in _kinds()


def test_change_keeps_this_session_and_ends_the_others(app, client, auth):
    user = make_user("coordinator")
    elsewhere = app.test_client()
    AuthActions(elsewhere).login_as(user)
    auth.login_as(user)
    response = _change(client, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    assert client.get("/cases").status_code == 200       # this session continues
    assert elsewhere.get("/cases").status_code == 302    # the other one has ended
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 200
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302
    assert "password_changed" in _kinds()


def test_change_checks_length_and_confirmation(app, client, auth):
    user = make_user("coordinator")
    auth.login_as(user)
    assert "minimal" in _change(client, PASSWORD, "pendek").get_data(as_text=True)
    assert "tidak sama" in _change(client, PASSWORD, NEW_PASSWORD, "lain").get_data(as_text=True)
    db.session.refresh(user)
    assert check_password_hash(user.password_hash, PASSWORD)


def test_change_also_voids_an_outstanding_reset_link(app, client, auth):
    user = make_user("coordinator")
    path = _admin_resets(client, user)
    db.session.refresh(user)
    # the admin reset replaced the password: set one through the link, then change it
    assert _new_password(client, path).status_code == 302
    token = users.password_reset_token(db.session.get(User, user.id))
    auth.login_as(user, NEW_PASSWORD)
    assert _change(client, NEW_PASSWORD, "noch-ein-langes-passwort").status_code == 302
    assert client.get(f"/password/reset/{token}").status_code == 400
