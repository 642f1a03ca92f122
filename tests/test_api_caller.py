"""Who an API request speaks for: the bearer token's caller, read in one Core query.

The queue reads with the token's ``Caller`` alone (no ``User`` is loaded); requests that
record or assign load the ``User`` on first use. A token stops working the moment it is
revoked or its user deactivated, and a role change applies to the next request. API requests
have no cookie session at all.
"""

from __future__ import annotations

import pytest
from flask import session
from sqlalchemy import event, select

from grievance.extensions import db
from grievance.models import ApiToken, User, utcnow
from grievance.services.tokens import Caller, caller_for_token, create_token, user_for_token
from tests.factories import make_complaint, make_user


@pytest.fixture
def statements(app):
    """The SQL statements the engine sends, in order."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_names_its_active_user_with_role_and_union(app):
    rep = make_user("union_rep")
    caller = caller_for_token(create_token(rep))
    assert caller == Caller(id=rep.id, role="union_rep", union_id=rep.union_id)
    assert caller.is_active is True
    assert caller_for_token("pkt_" + "x" * 43) is None
    assert user_for_token(create_token(rep)).id == rep.id


def test_the_queue_api_sends_the_token_lookup_and_the_page_and_nothing_else(
        app, client, statements):
    coordinator = make_user("coordinator")
    make_complaint(status="received")
    token = create_token(coordinator)
    headers = _bearer(token)
    assert client.get("/api/v1/cases", headers=headers).status_code == 200  # last_used_at
    statements.clear()
    response = client.get("/api/v1/cases?status=open", headers=headers)
    assert response.status_code == 200 and len(response.get_json()["items"]) == 1
    assert len(statements) == 2, statements
    assert "api_tokens" in statements[0] and " AS walked" in statements[1]


def test_a_request_that_records_who_acted_gets_the_users_model(app, client):
    coordinator = make_user("coordinator")
    case = make_complaint(status="received")
    response = client.post(f"/api/v1/cases/{case.id}/notes", headers=_bearer(
        create_token(coordinator)), json={"body": "Dicatat lewat API.", "public": False})
    assert response.status_code == 201


@pytest.mark.parametrize("change", ["revoked", "deactivated"])
def test_a_revoked_token_or_deactivated_user_is_refused_on_the_next_request(
        app, client, change):
    coordinator = make_user("coordinator")
    headers = _bearer(create_token(coordinator))
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    if change == "revoked":
        db.session.scalar(select(ApiToken)).revoked_at = utcnow()
    else:
        db.session.get(User, coordinator.id).active = False
    db.session.commit()
    response = client.get("/api/v1/cases", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_role_change_applies_to_the_next_request(app, client):
    staff = make_user("coordinator")
    headers = _bearer(create_token(staff))
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    union_id = make_user("union_rep").union_id
    user = db.session.get(User, staff.id)
    user.role, user.union_id = "union_rep", union_id
    db.session.commit()
    assert client.get("/api/v1/cases", headers=headers).status_code == 403


def test_api_responses_neither_read_nor_set_the_session_cookie(app, client, auth):
    coordinator = make_user("coordinator")
    auth.login_as(coordinator)  # a signed-in browser: its cookie goes with every request
    response = client.get("/api/v1/cases")
    assert response.status_code == 401  # the cookie is no credential here
    assert "Set-Cookie" not in response.headers
    response = client.get("/api/v1/cases", headers=_bearer(create_token(coordinator)))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert client.get("/cases").status_code == 200  # and the browser is still signed in


def test_writing_to_the_session_in_an_api_request_is_a_clear_error(app):
    with app.test_request_context("/api/v1/cases"):
        app.preprocess_request()
        assert session.get("_user_id") is None
        with pytest.raises(RuntimeError, match="no cookie session"):
            session["x"] = 1


def test_lang_on_an_api_call_answers_in_that_language_for_that_call_only(app, client):
    """``?lang=en`` picks the language of one API answer; there is no session to keep it in
    (the HTML pages remember it, the API does not)."""
    english = client.get("/api/v1/cases?lang=en")
    assert english.status_code == 401
    assert english.get_json()["error"]["message"] == "Please sign in first."
    assert "Set-Cookie" not in english.headers
    assert client.get("/api/v1/cases").get_json()["error"]["message"] == (
        "Silakan masuk terlebih dahulu.")
    headers = _bearer(create_token(make_user("coordinator")))
    for path in ("/api/v1/cases?lang=en", "/api/v1/stats?lang=en",
                 "/api/v1/openapi.json?lang=en"):
        assert client.get(path, headers=headers).status_code == 200, path
    assert client.get("/api/v1/nothing?lang=en").status_code == 404
