"""Deny by default: walk every route and prove a stranger is refused outside the allowlist."""

from __future__ import annotations

import re

from grievance.auth_guard import PUBLIC_ENDPOINTS


def _sample_path(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: "1", rule.rule)


def test_every_non_public_endpoint_refuses_an_anonymous_visitor(app, client):
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        path = _sample_path(rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, path)
                assert response.get_json()["error"]["code"] == "unauthorized"
            else:
                assert response.status_code == 302, (method, path, response.status_code)
                assert response.headers["Location"].startswith("/login"), (method, path)
            checked += 1
    assert checked >= 5


def test_public_pages_need_no_account(client):
    for path in ("/", "/complaints/new", "/track", "/stats", "/login", "/privacy", "/healthz",
                 "/api/v1/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_api_ignores_the_session_cookie(client, auth, app):
    """A signed-in browser must not be able to use the API: it has no CSRF protection."""
    from .factories import make_user

    auth.login_as(make_user("coordinator"))
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.endpoint not in PUBLIC_ENDPOINTS:
            response = client.get(_sample_path(rule))
            assert response.status_code in (401, 405), rule.rule
