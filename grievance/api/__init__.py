"""JSON API v1 (``/api/v1``) over the same services as the HTML pages.

Authentication is by bearer token only (``g.api_caller``, set by the guard); the session
cookie is ignored here, which is why the blueprint is exempt from CSRF.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g
from flask.sessions import NullSession, SecureCookieSessionInterface

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# One module per area; each registers its routes on ``bp`` and describes them in
# ``OPENAPI_PATHS``. intake: complaints, attachments, tracking (issue 3); cases: the staff
# queue and casework (issue 4); reports: statistics and exports (issue 5).
API_MODULES = ("intake", "cases", "reports")


def api_caller():
    """Who the bearer token speaks for (``services.tokens.Caller``), or None: enough for the
    access rules, and all a request that only reads needs."""
    return g.get("api_caller")


def api_user():
    """The token's ``User``, or None for an anonymous caller: loaded on first use, for the
    requests whose services record who acted or assign to them."""
    if "api_user" not in g:
        from ..services.tokens import user_for

        g.api_user = user_for(api_caller())
    return g.api_user


class NoSession(NullSession):
    """The ``session`` of an API request: empty, and writing to it is a programming error."""

    def _fail(self, *args, **kwargs):
        raise RuntimeError("the API has no cookie session: callers authenticate by token")

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except under ``/api/``: the API never reads the
    cookie (a browser's cookie must not authenticate a cross-site request), so it is not
    verified and nothing is written back; the cookie is left as it was."""

    def open_session(self, app, request):
        if request.path.startswith(bp.url_prefix + "/"):
            return NoSession()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    from importlib import import_module

    from . import openapi  # noqa: F401  (registers its routes on bp)

    for name in API_MODULES:
        import_module(f"{__name__}.{name}")

    csrf.exempt(bp)
    app.register_blueprint(bp)
