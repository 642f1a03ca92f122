"""Bind the unbound extensions of ``extensions.py`` to an app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import csrf, db, limiter, login_manager, mail, migrate

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask) -> None:
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    hops = app.config["TRUST_PROXY_HOPS"]
    if hops:
        # Behind nginx/a load balancer the client address (rate limits) is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), compare_type=True)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from . import models  # noqa: F401  (register the tables with the metadata)
    from .services.users import load_user_from_session

    login_manager.user_loader(load_user_from_session)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
