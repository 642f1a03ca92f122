"""HTTP response headers that every page gets."""

from __future__ import annotations

from flask import Flask, Response, current_app

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


# Every response gets these unless the view set its own (``setdefault`` semantics).
_ALWAYS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    # Tracking codes can sit in URLs: never leak them to another site.
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000")
# Pages show cases and identities: no shared or back-button caches on a shared phone.
_NO_STORE = ("Cache-Control", "no-store")


def _headers(response: Response) -> Response:
    # One pass over the headers the view set, then append what is missing: seven
    # ``setdefault`` calls each scanned the list again (a measurable share of an API call).
    present = {name.lower() for name, _ in response.headers}
    wanted = list(_ALWAYS)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS (the operator says so by securing the cookie): stay on HTTPS.
        wanted.append(_HSTS)
    if response.mimetype in ("text/html", "application/json"):
        wanted.append(_NO_STORE)
    response.headers.extend([pair for pair in wanted if pair[0].lower() not in present])
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
