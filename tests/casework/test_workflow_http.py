"""Every (from, to) pair of statuses, for each kind of actor, through the API and the HTML
form: both front doors allow and refuse exactly what ``rules.workflow`` says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from grievance.extensions import db
from grievance.rules import workflow
from tests.factories import make_complaint, make_employer, make_user

from .helpers import Api

PAIRS = [(a, b) for a in workflow.STATUSES for b in workflow.STATUSES]


def _expected(relation: str, from_status: str, to_status: str) -> int:
    if relation == "other_inspector":
        return 404  # not theirs and not in the claimable pool: it does not exist for them
    move = workflow.find_move(from_status, to_status)
    if move is None:
        return 409
    actor = workflow.COORDINATOR if relation == "coordinator" else workflow.ASSIGNEE
    return 200 if actor in move.actors else 403


def _body(to_status: str, target_id: int) -> dict:
    return {"to": to_status, "note": "Alasan untuk catatan.", "referral_body": "other",
            "merged_into": target_id,
            "compliance_deadline": (date.today() + timedelta(days=40)).isoformat()}


@pytest.mark.parametrize("from_status,to_status", PAIRS)
def test_api_and_html_enforce_the_same_move_table(app, from_status, to_status):
    coordinator = make_user("coordinator")
    assignee = make_user("inspector")
    other = make_user("inspector")
    employer = make_employer()
    target = make_complaint(employer=employer, status="triaged")
    users = {"coordinator": coordinator, "assignee": assignee, "other_inspector": other}
    for relation, user in users.items():
        for door in ("api", "html"):
            case = make_complaint(employer=employer, status=from_status, assignee=assignee)
            body = _body(to_status, target.id)
            client = app.test_client()
            if door == "api":
                response = Api(client, user).post(f"/cases/{case.id}/transitions", body)
                got = response.status_code
            else:
                from tests.factories import AuthActions

                AuthActions(client).login_as(user)
                response = client.post(f"/cases/{case.id}/move", data=body)
                got = 200 if response.status_code == 302 else response.status_code
            expected = _expected(relation, from_status, to_status)
            assert got == expected, (door, relation, from_status, to_status, response.data[:300])
            db.session.expire_all()
            stored = db.session.get(type(case), case.id)
            assert stored.status == (to_status if expected == 200 else from_status)
