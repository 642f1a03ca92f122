"""POST /api/v1/complaints and the tracking API: same schema as the form, codes, throttling."""

from __future__ import annotations

import pytest

from grievance.extensions import db
from grievance.models import Complaint, Message
from grievance.services.tokens import create_token

from ..factories import make_complaint, make_union, make_user
from .helpers import body


def file(client, payload=None, **headers):
    return client.post("/api/v1/complaints", json=payload or body(), headers=headers)


def test_filing_answers_201_with_codes_status_and_checks(client):
    response = file(client)
    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "received"
    assert data["tracking_code"].startswith("KT-") and len(data["access_code"]) == 19
    check = data["checks"][0]
    assert check["rule"] == "below_minimum_wage" and check["floor"] == "3724437.20"
    assert check["shortfall"] == "724437.20"


def test_invalid_body_is_422_with_fields_in_contract_shape(client):
    response = file(client, body(wage={"monthly_wage": "3,5 juta"},
                                 employer={"name": "", "region_code": "64.72"}))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"wage.monthly_wage", "employer.name"}
    assert "juta" in error["fields"]["wage.monthly_wage"]


def test_anonymous_filing_with_identity_is_refused(client):
    response = file(client, body(privacy="anonymous", complainant={"email": "a@b.id"}))
    assert response.status_code == 422
    assert "complainant.email" in response.get_json()["error"]["fields"]


def test_not_json_is_400(client):
    response = client.post("/api/v1/complaints", data="x", content_type="text/plain")
    assert response.status_code == 400


def test_same_idempotency_key_files_once(client):
    assert file(client, **{"Idempotency-Key": "abc"}).status_code == 201
    second = file(client, **{"Idempotency-Key": "abc"})
    assert second.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Complaint.id))) == 1


def test_api_filing_is_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_PUBLIC_FILING="2 per hour")
    client = app.test_client()
    with app.app_context():
        assert [file(client).status_code for _ in range(3)] == [201, 201, 429]
        assert file(client).get_json()["error"]["code"] == "rate_limited"


def test_union_rep_token_files_for_the_union_without_the_public_limit(make_app):
    app = make_app(RATELIMIT_PUBLIC_FILING="1 per hour")
    client = app.test_client()
    with app.app_context():
        union = make_union("SPSI Samarinda")
        rep = make_user("union_rep", union=union)
        token = create_token(rep)
        db.session.commit()
        for _ in range(2):
            response = file(client, body(workers_affected=40, affected_workers=[{"name": "Andi"}],
                                         complainant={"name": "Rina"}),
                            Authorization=f"Bearer {token}")
            assert response.status_code == 201
        complaint = db.session.scalars(db.select(Complaint)).first()
        assert complaint.filed_by_union_id == union.id and complaint.source == "union"
        assert complaint.complainant.entered_by_union_id == union.id


def _track(client, code, access=None, **headers):
    if access:
        headers["X-Access-Code"] = access
    return client.get(f"/api/v1/track/{code}", headers=headers)


def test_tracking_with_both_codes_shows_status_history_and_public_messages_only(client):
    filed = file(client).get_json()
    complaint = db.session.scalars(db.select(Complaint)).one()
    db.session.add_all([Message(complaint_id=complaint.id, author_kind="staff", body="Kirim slip gaji.",
                                visibility="public"),
                        Message(complaint_id=complaint.id, author_kind="staff", body="RAHASIA internal",
                                visibility="internal")])
    db.session.commit()
    response = _track(client, filed["tracking_code"], filed["access_code"].lower().replace("-", " "))
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "received" and data["status_label"] == "Diterima"
    assert [h["status"] for h in data["history"]] == ["received"]
    assert [m["body"] for m in data["messages"]] == ["Kirim slip gaji."]


def test_wrong_access_code_gets_the_same_answer_as_an_unknown_tracking_code(client):
    filed = file(client).get_json()
    wrong = _track(client, filed["tracking_code"], "AAAA-BBBB-CCCC-DDDD")
    unknown = _track(client, "KT-AAAA-BBBB", "AAAA-BBBB-CCCC-DDDD")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.get_json() == unknown.get_json()


def test_repeated_failures_on_one_tracking_code_are_throttled_even_for_the_right_code(make_app):
    app = make_app(TRACKING_FAILURE_LIMIT="3 per hour")
    client = app.test_client()
    with app.app_context():
        filed = file(client).get_json()
        for _ in range(3):
            assert _track(client, filed["tracking_code"], "AAAA-BBBB-CCCC-DDDD").status_code == 404
        assert _track(client, filed["tracking_code"], filed["access_code"]).status_code == 429
        other = file(client).get_json()  # another case is not affected
        assert _track(client, other["tracking_code"], other["access_code"]).status_code == 200


def test_tracking_lookups_are_rate_limited_per_address(make_app):
    app = make_app(RATELIMIT_TRACKING="2 per hour")
    client = app.test_client()
    with app.app_context():
        codes = [_track(client, "KT-AAAA-BBBB", "AAAA-BBBB-CCCC-DDDD").status_code for _ in range(3)]
        assert codes == [404, 404, 429]


def test_complainant_posts_a_public_message(client):
    filed = file(client).get_json()
    response = client.post(f"/api/v1/track/{filed['tracking_code']}/messages",
                           json={"body": "Slip gaji sudah saya kirim."},
                           headers={"X-Access-Code": filed["access_code"]})
    assert response.status_code == 201
    message = db.session.scalars(db.select(Message)).one()
    assert (message.author_kind, message.visibility) == ("complainant", "public")
    empty = client.post(f"/api/v1/track/{filed['tracking_code']}/messages", json={"body": " "},
                        headers={"X-Access-Code": filed["access_code"]})
    assert empty.status_code == 422


@pytest.mark.parametrize("role, status", [("own_union", 200), ("other_union", 404),
                                          ("none", 404)])
def test_the_filing_unions_rep_tracks_by_token_others_cannot(client, role, status):
    union = make_union()
    complaint = make_complaint(union=union)
    headers = {}
    if role != "none":
        rep = make_user("union_rep", union=union if role == "own_union" else make_union())
        headers["Authorization"] = f"Bearer {create_token(rep)}"
        db.session.commit()
    assert _track(client, complaint.tracking_code, **headers).status_code == status
