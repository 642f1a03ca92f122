"""API bearer tokens: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import lazyload

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


# One indexed lookup (token_hash is unique) joined to the user: one round trip per API
# request, built once (the hash is a bind parameter). The user's union, joined eagerly
# elsewhere, is left to load if something asks for it: no API endpoint does.
_LOOKUP = (select(User, ApiToken.id, ApiToken.last_used_at)
           .join(ApiToken, ApiToken.user_id == User.id)
           .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None))
           .options(lazyload(User.union)))


def user_for_token(token: str) -> User | None:
    found = db.session.execute(_LOOKUP, {"token_hash": _digest(token)}).first()
    if found is None:
        return None
    user, token_id, last_used_at = found
    if not user.is_active:
        return None
    now = utcnow()
    # Write last_used_at at most once a minute: a busy client must not write (and commit)
    # on every call.
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        db.session.execute(update(ApiToken.__table__)
                           .where(ApiToken.__table__.c.id == token_id)
                           .values(last_used_at=now))
        db.session.commit()
    return user
