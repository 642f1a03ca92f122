"""Deny by default: one guard, one allowlist of endpoints that need no sign-in.

Every endpoint not listed here needs a signed-in, active user (HTML) or a valid bearer token
(API). Role checks happen in ``rules.access`` on top of this; this guard only stops strangers.
A test walks ``app.url_map`` to prove every other endpoint refuses an anonymous visitor.
"""

from __future__ import annotations

from flask import Flask, g, redirect, request, url_for
from flask_login import current_user

PUBLIC_ENDPOINTS = frozenset({
    "static",
    "health.healthz",
    "public.home",
    "public.complaint_new",
    "public.complaint_receipt",
    "public.track",
    "public.track_case",
    "public.track_reply",
    "public.track_upload",
    "public.track_logout",
    "public.privacy",
    "auth.login",
    "auth.password_reset",
    "stats.index",
    "stats.csv",
    "stats.monthly",
    "api.openapi",
    "api.file_complaint",
    "api.upload_attachment",
    "api.track",
    "api.track_message",
    "api.stats",
})


def _guard():
    endpoint = request.endpoint
    if endpoint is None:  # 404/405: let the error handlers answer
        return None
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.path.startswith("/api/"):
        # The API authenticates by bearer token only (never the session cookie: no CSRF there).
        if g.get("api_caller") is None:
            from .errors import error_response

            return error_response(401)
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def _load_api_caller():
    g.api_caller = None
    if request.path.startswith("/api/"):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            from .services.tokens import caller_for_token

            g.api_caller = caller_for_token(token.strip())


def init_app(app: Flask) -> None:
    # App-level hooks run in registration order, before any blueprint's own.
    app.before_request(_load_api_caller)
    app.before_request(_guard)
