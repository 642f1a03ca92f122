"""HTTP response headers that every page gets."""

from __future__ import annotations

from flask import Flask, Response, current_app

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _headers(response: Response) -> Response:
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS (the operator says so by securing the cookie): stay on HTTPS.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # Tracking codes can sit in URLs: never leak them to another site.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        # Pages show cases and identities: no shared or back-button caches on a shared phone.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
