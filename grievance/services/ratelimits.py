"""Per-client-address limits checked inside views, so a refused request can keep its form.

Flask-Limiter's decorator answers 429 before the view runs, which would throw away what a
worker typed. These helpers use the same limiter storage (memory, or Redis when
``REDIS_URL`` is set) and the same ``RATELIMIT_*`` settings. The address is hashed with the
secret key first, so the storage never holds client addresses.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit

from ..extensions import limiter


def client_key() -> str:
    secret = current_app.config["SECRET_KEY"]
    return hashlib.sha256(f"{secret}:{get_remote_address()}".encode()).hexdigest()[:32]


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True)) and limiter.enabled


def allowed(setting: str, scope: str) -> bool:
    """Whether one more request fits the limit in ``app.config[setting]`` (nothing counted)."""
    if not _enabled():
        return True
    return limiter.limiter.test(parse_limit(current_app.config[setting]), scope, client_key())


def count(setting: str, scope: str) -> None:
    if _enabled():
        limiter.limiter.hit(parse_limit(current_app.config[setting]), scope, client_key())


def take(setting: str, scope: str) -> bool:
    """Count one request and say whether it was within the limit."""
    if not _enabled():
        return True
    return limiter.limiter.hit(parse_limit(current_app.config[setting]), scope, client_key())
