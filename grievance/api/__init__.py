"""JSON API v1 (``/api/v1``) over the same services as the HTML pages.

Authentication is by bearer token only (``g.api_user``, set by the guard); the session cookie
is ignored here, which is why the blueprint is exempt from CSRF.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# One module per area; each registers its routes on ``bp`` and describes them in
# ``OPENAPI_PATHS``. intake: complaints, attachments, tracking (issue 3); cases: the staff
# queue and casework (issue 4); reports: statistics and exports (issue 5).
API_MODULES = ("intake", "cases", "reports")


def api_user():
    """The token's user, or None for an anonymous caller."""
    return g.get("api_user")


def init_app(app: Flask) -> None:
    from importlib import import_module

    from . import openapi  # noqa: F401  (registers its routes on bp)

    for name in API_MODULES:
        import_module(f"{__name__}.{name}")

    csrf.exempt(bp)
    app.register_blueprint(bp)
