"""Settings from the environment (the table in CONTRACT.md), typed, failing fast on nonsense.

``load_config(instance_path, overrides)`` returns a plain dict for ``app.config``. Nothing here
runs at import time; the secret key is read or generated only when an app is created.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """A setting that cannot work: raised at start-up, never at request time."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _database_url(env: Mapping[str, str], instance: Path) -> str:
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance / 'grievance.db'}"
    # Heroku-style and bare postgres URLs would pick psycopg2, which we do not ship.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _engine_options(url: str) -> dict[str, Any]:
    # A server connection can die between two requests (a PostgreSQL restart, an idle
    # timeout). With psycopg, connections.py checks each one on checkout without a round
    # trip, and connections are retired after an hour, before a firewall's idle limit can
    # drop one silently. Any other server driver gets SQLAlchemy's ``SELECT 1`` per checkout.
    # An SQLite file cannot drop a connection: nothing to check.
    if url.startswith("sqlite"):
        return {}
    if url.startswith("postgresql+psycopg://"):
        return {"pool_recycle": 3600}
    return {"pool_pre_ping": True}


def _secret_key(env: Mapping[str, str], instance: Path) -> str:
    key = env.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long")
        return key
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    # Create the file readable by its owner only, atomically, so two workers starting at
    # once cannot each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


RATE_SETTINGS = ("RATELIMIT_PUBLIC_FILING", "RATELIMIT_TRACKING", "RATELIMIT_LOGIN",
                 "RATELIMIT_PUBLIC_UPLOADS", "RATELIMIT_STATS", "TRACKING_FAILURE_LIMIT")


def _check_limits(config: dict[str, Any]) -> None:
    """A rate that does not parse would fail on the first request: fail at start-up."""
    from limits import parse

    for name in RATE_SETTINGS:
        try:
            parse(config[name])
        except ValueError:
            raise ConfigError(f"{name} must be a rate like '20 per hour', "
                              f"got {config[name]!r}") from None


def load_config(
    instance_path: str | os.PathLike,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Build the app's settings; ``overrides`` (tests, tools) win over the environment."""
    env = os.environ if env is None else env
    overrides = dict(overrides or {})
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    mail_server = env.get("MAIL_SERVER", "").strip() or None
    redis_url = env.get("REDIS_URL", "").strip() or None
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": _database_url(env, instance),
        "UPLOAD_DIR": env.get("UPLOAD_DIR", "").strip() or str(instance / "uploads"),
        # Mail: with no MAIL_SERVER the outbox writes messages to the log instead.
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": _int(env, "MAIL_PORT", 25, minimum=1),
        "MAIL_USE_TLS": _bool(env, "MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _bool(env, "MAIL_USE_SSL", False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER")
        or "Satgas Pengawasan Ketenagakerjaan Kaltim <no-reply@localhost>",
        "MAIL_SUPPRESS_SEND": False,
        "OUTBOX_MAX_ATTEMPTS": _int(env, "OUTBOX_MAX_ATTEMPTS", 6, minimum=1),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_PUBLIC_FILING": env.get("RATELIMIT_PUBLIC_FILING", "20 per hour"),
        "RATELIMIT_TRACKING": env.get("RATELIMIT_TRACKING", "60 per hour"),
        "RATELIMIT_PUBLIC_UPLOADS": env.get("RATELIMIT_PUBLIC_UPLOADS", "60 per hour"),
        "RATELIMIT_STATS": env.get("RATELIMIT_STATS", "120 per minute"),
        # Wrong access codes for one tracking code, from anywhere, before that code is locked.
        "TRACKING_FAILURE_LIMIT": env.get("TRACKING_FAILURE_LIMIT", "10 per hour"),
        "RATELIMIT_LOGIN": env.get("RATELIMIT_LOGIN", "30 per 15 minutes"),
        "LOGIN_MAX_FAILURES": _int(env, "LOGIN_MAX_FAILURES", 5, minimum=1),
        "LOGIN_LOCKOUT_MINUTES": _int(env, "LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        "MAX_UPLOAD_MB": _int(env, "MAX_UPLOAD_MB", 10, minimum=1),
        "MAX_ATTACHMENTS": _int(env, "MAX_ATTACHMENTS", 10, minimum=1),
        "NOTA_DEADLINE_DAYS": _int(env, "NOTA_DEADLINE_DAYS", 30, minimum=1),
        "STATS_SUPPRESS_BELOW": _int(env, "STATS_SUPPRESS_BELOW", 5, minimum=1),
        "PASSWORD_HASH_METHOD": env.get("PASSWORD_HASH_METHOD", "scrypt"),
        "SESSION_COOKIE_HTTPONLY": True,
        # Strict: the browser never sends the staff session on a request started by another
        # site. A link from an email opens the login page first; that is the price.
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_SECURE": _bool(env, "SESSION_COOKIE_SECURE", False),
        "SESSION_COOKIE_NAME": "pengaduan_session",
        "PERMANENT_SESSION_LIFETIME": _int(env, "SESSION_HOURS", 12, minimum=1) * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead: a slow worker must not lose a form
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Makassar",
        "LANGUAGES": ("id", "en"),
        "TRUST_PROXY_HOPS": _int(env, "TRUST_PROXY_HOPS", 0),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
    }
    config.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(config["SQLALCHEMY_DATABASE_URI"])
    config["MAX_CONTENT_LENGTH"] = overrides.get(
        "MAX_CONTENT_LENGTH",
        # A multipart request carries at most one full-size file plus the form fields.
        (config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024,
    )
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = _secret_key(env, instance)
    _check_limits(config)
    if config["PASSWORD_HASH_METHOD"].split(":")[0] not in {"scrypt", "pbkdf2"}:
        raise ConfigError("PASSWORD_HASH_METHOD must be scrypt or pbkdf2:…")
    return config
