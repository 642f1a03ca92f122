"""API bearer tokens: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, AuditEvent, User, utcnow

PREFIX = "pkt_"


def _digest(token: str) -> str:
    # A 256-bit random token needs no slow hash: nobody can guess it, only steal it.
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "") -> str:
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), prefix=token[:10],
                            name=name))
    db.session.add(AuditEvent(actor_user_id=user.id, kind="api_token_created",
                              target_type="user", target_id=str(user.id)))
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = utcnow()
    # Write last_used_at at most once a minute: a busy client must not write on every call.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
        db.session.commit()
    return row.user
