"""JSON API v1 (``/api/v1``) over the same services as the HTML pages.

Authentication is by bearer token only (``g.api_user``, set by the guard); the session cookie
is ignored here, which is why the blueprint is exempt from CSRF.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def api_user():
    """The token's user, or None for an anonymous caller."""
    return g.get("api_user")


def init_app(app: Flask) -> None:
    from . import openapi  # noqa: F401  (registers its routes on bp)

    csrf.exempt(bp)
    app.register_blueprint(bp)
