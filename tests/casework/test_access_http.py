"""The access matrix over HTTP: role × relation to the case × action → status code."""

from __future__ import annotations

import pytest

from grievance.rules import workflow
from tests.factories import AuthActions, make_complaint, make_union, make_user

from .helpers import Api

ACTIONS = ("view", "transition", "assign", "note")
# who → expected status for each action on a case in `inspection` assigned to "assignee".
MATRIX = {
    "coordinator": {"view": 200, "transition": 200, "assign": 200, "note": 201},
    "assignee": {"view": 200, "transition": 200, "assign": 403, "note": 201},
    "other_inspector": {"view": 404, "transition": 404, "assign": 404, "note": 404},
    "union_rep": {"view": 403, "transition": 403, "assign": 403, "note": 403},
    "anonymous": {"view": 401, "transition": 401, "assign": 401, "note": 401},
}


def _call(api: Api, action: str, case_id: int, inspector_email: str):
    if action == "view":
        return api.get(f"/cases/{case_id}")
    if action == "transition":
        return api.post(f"/cases/{case_id}/transitions", {"to": "resolved"})
    if action == "assign":
        return api.post(f"/cases/{case_id}/assign", {"inspector": inspector_email})
    return api.post(f"/cases/{case_id}/notes", {"body": "Catatan.", "public": False})


@pytest.mark.parametrize("who", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_staff_api_access_matrix(app, client, who, action):
    union = make_union()
    assignee = make_user("inspector")
    users = {"coordinator": make_user("coordinator"), "assignee": assignee,
             "other_inspector": make_user("inspector"),
             "union_rep": make_user("union_rep", union=union), "anonymous": None}
    case = make_complaint(status="inspection", assignee=assignee, union=union)
    response = _call(Api(client, users[who]), action, case.id, assignee.email)
    assert response.status_code == MATRIX[who][action], response.get_json()


def test_union_rep_cannot_list_the_staff_queue(app, client):
    rep = make_user("union_rep")
    assert Api(client, rep).get("/cases").status_code == 403


@pytest.mark.parametrize("who,expected", [
    ("coordinator", 200), ("assignee", 200), ("other_inspector", 404), ("union_rep", 403)])
def test_case_page_follows_the_same_matrix(app, client, who, expected):
    union = make_union()
    assignee = make_user("inspector")
    users = {"coordinator": make_user("coordinator"), "assignee": assignee,
             "other_inspector": make_user("inspector"),
             "union_rep": make_user("union_rep", union=union)}
    case = make_complaint(status="inspection", assignee=assignee, union=union)
    AuthActions(client).login_as(users[who])
    assert client.get(f"/cases/{case.id}").status_code == expected


def test_anonymous_visitor_is_sent_to_sign_in_from_the_case_page(app, client):
    case = make_complaint()
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_inspector_sees_the_claimable_pool_but_no_identity(app, client):
    inspector = make_user("inspector")
    case = make_complaint(status="triaged")
    from grievance.extensions import db
    from grievance.models import Complainant

    db.session.add(Complainant(complaint_id=case.id, name="Siti", email="siti@contoh.test"))
    db.session.commit()
    body = Api(client, inspector).get(f"/cases/{case.id}").get_json()
    assert body["complainant"] is None
    assert body["available_moves"] == []  # claim first


def test_coordinator_sees_identity_and_the_view_is_recorded(app, client):
    from grievance.extensions import db
    from grievance.models import CaseEvent, Complainant

    coordinator = make_user("coordinator")
    case = make_complaint()
    db.session.add(Complainant(complaint_id=case.id, name="Siti", email="siti@contoh.test"))
    db.session.commit()
    body = Api(client, coordinator).get(f"/cases/{case.id}").get_json()
    assert body["complainant"]["name"] == "Siti"
    events = db.session.query(CaseEvent).filter_by(complaint_id=case.id,
                                                   kind="identity_viewed").all()
    assert [e.actor_user_id for e in events] == [coordinator.id]


def test_identity_page_is_recorded_and_escapes_text(app, client):
    from grievance.extensions import db
    from grievance.models import CaseEvent, Complainant

    coordinator = make_user("coordinator")
    case = make_complaint(description="<b>tebal</b>")
    db.session.add(Complainant(complaint_id=case.id, name="<i>Siti</i>"))
    db.session.commit()
    AuthActions(client).login_as(coordinator)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "&lt;b&gt;tebal&lt;/b&gt;" in page and "Siti" not in page
    page = client.get(f"/cases/{case.id}/identity").get_data(as_text=True)
    assert "&lt;i&gt;Siti&lt;/i&gt;" in page
    assert db.session.query(CaseEvent).filter_by(kind="identity_viewed").count() == 1


def test_statuses_of_the_matrix_case_allow_the_moves_used():
    assert workflow.find_move("inspection", "resolved") is not None
