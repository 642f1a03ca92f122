"""API bearer tokens: random, shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

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


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a valid token speaks for, as its lookup read them: what the access rules ask
    (``rules.access.UserLike``) and nothing else. Only active users become callers.

    Not a ``User``: a request that only reads (the queue) needs no model object, and
    loading one (identity map, instance state, thirteen columns) cost more than the lookup
    itself. ``api.api_user()`` loads the ``User`` for the requests that record or assign.
    """

    id: int
    role: str
    union_id: int | None
    is_active: bool = True


_USERS = User.__table__
_TOKENS = ApiToken.__table__
# One indexed lookup (token_hash is unique) joined to the user: one round trip per API
# request, built once (the hash is a bind parameter), Core rows only.
_LOOKUP = (select(_USERS.c.id, _USERS.c.role, _USERS.c.union_id, _USERS.c.active,
                  _TOKENS.c.id, _TOKENS.c.last_used_at)
           .join_from(_TOKENS, _USERS, _TOKENS.c.user_id == _USERS.c.id)
           .where(_TOKENS.c.token_hash == bindparam("token_hash"),
                  _TOKENS.c.revoked_at.is_(None)))


def caller_for_token(token: str) -> Caller | None:
    """The active user ``token`` speaks for, or None (unknown, revoked, or deactivated)."""
    # On the session's connection (the request's transaction, or its autocommit on
    # PostgreSQL), through Core: a Core SELECT gains nothing from the ORM's execute path.
    found = db.session.connection().execute(_LOOKUP, {"token_hash": _digest(token)}).first()
    if found is None:
        return None
    user_id, role, union_id, active, token_id, last_used_at = found
    if not active:
        return None
    now = utcnow()
    # Write last_used_at at most once a minute: a busy client must not write (and commit)
    # on every call.
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        db.session.execute(update(_TOKENS).where(_TOKENS.c.id == token_id)
                           .values(last_used_at=now))
        db.session.commit()
    return Caller(id=user_id, role=role, union_id=union_id)


def user_for(caller: Caller | None) -> User | None:
    """The ``User`` behind ``caller``, still active, or None."""
    if caller is None:
        return None
    user = db.session.get(User, caller.id)
    return user if user is not None and user.is_active else None


def user_for_token(token: str) -> User | None:
    return user_for(caller_for_token(token))
