"""Claiming from the pool: exactly one winner, on SQLite (conditional UPDATE) and on
PostgreSQL (row lock with SKIP LOCKED, proven with threads)."""

from __future__ import annotations

import threading

import pytest

from grievance.errors import Conflict, NotFound
from grievance.extensions import db
from grievance.models import CaseEvent, Complaint
from grievance.services import casework
from tests.factories import make_complaint, make_user

from .helpers import Api


def test_inspector_claims_an_unassigned_triaged_case(app, client):
    inspector = make_user("inspector")
    case = make_complaint(status="triaged")
    response = Api(client, inspector).post(f"/cases/{case.id}/claim")
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Complaint, case.id).assignee_id == inspector.id


def test_second_claim_loses_with_409(app, client):
    first, second = make_user("inspector"), make_user("inspector")
    case = make_complaint(status="triaged")
    assert Api(client, first).post(f"/cases/{case.id}/claim").status_code == 200
    # The second inspector no longer sees it (not in the pool): 404, as for any other case.
    assert Api(client, second).post(f"/cases/{case.id}/claim").status_code == 404


def test_claim_is_decided_by_the_database_not_by_a_stale_read(app):
    """The session still holds the case as unassigned when another connection claims it:
    the conditional UPDATE (SQLite) or the locking SELECT (PostgreSQL) finds nothing."""
    first, second = make_user("inspector"), make_user("inspector")
    case_id = make_complaint(status="triaged").id
    stale = db.session.get(Complaint, case_id)
    assert stale.assignee_id is None
    with db.engine.begin() as other_connection:
        other_connection.execute(Complaint.__table__.update()
                                 .where(Complaint.id == case_id).values(assignee_id=first.id))
    with pytest.raises(Conflict):
        casework.claim(case_id, second)
    db.session.expire_all()
    assert db.session.get(Complaint, case_id).assignee_id == first.id


def test_claim_of_a_received_case_is_refused(app):
    inspector = make_user("inspector")
    coordinator = make_user("coordinator")
    case = make_complaint(status="received")
    with pytest.raises(NotFound):  # not in the pool, not theirs: invisible
        casework.claim(case.id, inspector)
    with pytest.raises(Conflict):
        casework.claim(case.id, coordinator)  # coordinators assign, they do not claim


def test_concurrent_claims_have_exactly_one_winner(app):
    """Eight inspectors claim at once: PostgreSQL decides by row lock (SKIP LOCKED), SQLite by
    its single writer and the conditional UPDATE."""
    inspectors = [make_user("inspector") for _ in range(8)]
    case_id = make_complaint(status="triaged").id
    ids = [u.id for u in inspectors]
    barrier = threading.Barrier(len(ids))
    results: list[str] = []
    lock = threading.Lock()

    def attempt(user_id: int) -> None:
        with app.app_context():
            from grievance.models import User

            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                casework.claim(case_id, user)
                outcome = "won"
            except Exception as error:  # noqa: BLE001
                db.session.rollback()
                outcome = type(error).__name__
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("won") == 1, results
    assert set(results) <= {"won", "Conflict", "NotFound"}
    db.session.expire_all()
    assert db.session.get(Complaint, case_id).assignee_id in ids
    assert db.session.query(CaseEvent).filter_by(complaint_id=case_id, kind="claimed").count() == 1
