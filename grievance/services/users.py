"""Accounts: creation, sign-in with per-account throttling, sessions, passwords."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import ValidationFailed
from ..extensions import db
from ..models import ROLES, AuditEvent, Union, User, utcnow
from ..models.people import new_session_nonce
from ..rules import N_
from ..rules.ids import parse_id

log = logging.getLogger("grievance.users")

MIN_PASSWORD_LENGTH = 12
RESET_SALT = "password-reset"
RESET_MAX_AGE_SECONDS = 24 * 3600
# Compared against when the account does not exist, so both paths cost one hash check.
_DUMMY_HASH: dict[str, str] = {}


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            N_("Kata sandi minimal %(n)s karakter."), n=MIN_PASSWORD_LENGTH,
            fields={"password": N_("Kata sandi terlalu pendek.")},
        )


def get_or_create_union(name: str) -> Union:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(N_("Nama serikat wajib diisi."))
    union = db.session.scalar(select(Union).where(func.lower(Union.name) == name.lower()))
    if union is None:
        union = Union(name=name)
        db.session.add(union)
        db.session.flush()
    return union


def create_user(email: str, role: str, password: str, *, union_name: str | None = None,
                full_name: str = "", actor: User | None = None) -> User:
    email = normalize_email(email)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ValidationFailed(N_("Alamat email tidak valid."),
                               fields={"email": N_("Alamat email tidak valid.")})
    if role not in ROLES:
        raise ValidationFailed(N_("Peran tidak dikenal."), fields={"role": N_("Peran tidak dikenal.")})
    if role == "union_rep" and not union_name:
        raise ValidationFailed(N_("Perwakilan serikat harus memiliki serikat."),
                               fields={"union": N_("Wajib untuk perwakilan serikat.")})
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationFailed(N_("Email ini sudah terdaftar."),
                               fields={"email": N_("Email ini sudah terdaftar.")})
    check_password_strength(password)
    union = get_or_create_union(union_name) if union_name else None
    user = User(email=email, role=role, full_name=full_name.strip(),
                password_hash=hash_password(password), union=union)
    db.session.add(user)
    db.session.flush()
    db.session.add(AuditEvent(actor_user_id=actor.id if actor else None, kind="user_created",
                              target_type="user", target_id=str(user.id), data={"role": role}))
    db.session.commit()
    log.info("user %s created with role %s", user.id, role)
    return user


def set_password(user: User, password: str, *, actor: User | None = None) -> None:
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.session_nonce = new_session_nonce()  # log out every other session
    user.failed_logins = 0
    user.locked_until = None
    db.session.add(AuditEvent(actor_user_id=actor.id if actor else None, kind="password_set",
                              target_type="user", target_id=str(user.id)))
    db.session.commit()


def _spend_one_hash(password: str) -> None:
    """Cost one password check, so refusals without a real check take as long as real ones."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    dummy = _DUMMY_HASH.setdefault(method, generate_password_hash("x" * 16, method=method))
    check_password_hash(dummy, password or "")


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every session carries the nonce this replaces."""
    user.session_nonce = new_session_nonce()
    db.session.commit()


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_reset_token(user: User) -> str:
    """A signed link token for ``user``, valid for 24 hours and only until the password changes.

    It carries the session nonce, which ``set_password`` rotates: once used (or once the
    password changed any other way) the token no longer matches and is refused.
    """
    return _reset_serializer().dumps({"u": user.id, "n": user.session_nonce})


def user_for_reset_token(token: str, *, max_age: int = RESET_MAX_AGE_SECONDS) -> User | None:
    """The active user the token was made for, or None if it is forged, expired or used.

    One answer for every failure, so the page never tells which of them it was.
    """
    try:
        data = _reset_serializer().loads(token or "", max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.is_active or user.session_nonce != data.get("n"):
        return None
    return user


def reset_password_with_token(token: str, password: str) -> User | None:
    """Set the password through a reset link; None if the link is not (or no longer) valid."""
    user = user_for_reset_token(token)
    if user is None:
        return None
    check_password_strength(password)
    db.session.add(AuditEvent(actor_user_id=user.id, kind="password_reset_completed",
                              target_type="user", target_id=str(user.id)))
    set_password(user, password, actor=user)  # rotates the nonce: the link is spent; commits
    log.info("user %s set a new password through a reset link", user.id)
    return user


def change_own_password(user: User, current_password: str, new_password: str) -> bool:
    """The signed-in user's own change; False if the current password is wrong.

    Every session of the account ends (the nonce rotates); the caller signs this one in again.
    """
    if not check_password_hash(user.password_hash, current_password or ""):
        return False
    check_password_strength(new_password)
    db.session.add(AuditEvent(actor_user_id=user.id, kind="password_changed",
                              target_type="user", target_id=str(user.id)))
    set_password(user, new_password, actor=user)
    log.info("user %s changed their password", user.id)
    return True


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right and the account may sign in now, else None.

    One answer for every failure (unknown account, wrong password, locked, inactive), so a
    visitor cannot learn which accounts exist. Repeated failures lock the account for a while.
    """
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        _spend_one_hash(password)
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        _spend_one_hash(password)  # as slow as a real check: timing must not reveal the lock
        log.info("login refused for locked user %s", user.id)
        return None
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
            user.locked_until = now + timedelta(minutes=minutes)
            user.failed_logins = 0
            log.info("user %s locked for %s minutes after repeated failures", user.id, minutes)
        db.session.commit()
        return None
    if not user.is_active:
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.commit()
    return user


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: ``<id>:<nonce>``; a rotated nonce ends old sessions."""
    user_id, _, nonce = (session_id or "").partition(":")
    user_id = parse_id(user_id)
    if user_id is None or not nonce:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_nonce != nonce or not user.is_active:
        return None
    return user
