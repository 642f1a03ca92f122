"""Accounts: creation, sign-in with per-account throttling, sessions, passwords."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import ValidationFailed
from ..extensions import db
from ..models import ROLES, AuditEvent, Union, User, utcnow
from ..models.people import new_session_nonce
from ..rules import N_

log = logging.getLogger("grievance.users")

MIN_PASSWORD_LENGTH = 12
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


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right and the account may sign in now, else None.

    One answer for every failure (unknown account, wrong password, locked, inactive), so a
    visitor cannot learn which accounts exist. Repeated failures lock the account for a while.
    """
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        dummy = _DUMMY_HASH.setdefault(method, generate_password_hash("x" * 16, method=method))
        check_password_hash(dummy, password or "")
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
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
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_nonce != nonce or not user.is_active:
        return None
    return user
