"""Triage by a coordinator: priority, bulk assignment, duplicates, merge, employer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grievance.errors import Forbidden, NotFound, ValidationFailed
from grievance.extensions import db
from grievance.models import AuditEvent, CaseEvent
from grievance.services import casework, lookup
from tests.factories import make_complaint, make_employer, make_user


def test_priority_is_suggested_and_can_be_overridden(app):
    coordinator = make_user("coordinator")
    employer = make_employer()
    for _ in range(3):
        make_complaint(employer=employer)
    case = make_complaint(employer=employer, workers_affected=120, checks=[
        {"rule": "below_minimum_wage", "floor": "3724437.20", "shortfall": "1900000.00"}])
    level, reasons = casework.suggested_priority(case)
    assert level == 4 and len(reasons) >= 3
    casework.set_priority(case, coordinator)
    assert case.priority == 4
    casework.set_priority(case, coordinator, 2)
    assert case.priority == 2
    events = db.session.query(CaseEvent).filter_by(complaint_id=case.id, kind="priority_changed")
    assert [e.data["to"] for e in events] == [4, 2]


def test_inspector_cannot_set_priority(app):
    inspector = make_user("inspector")
    case = make_complaint(status="inspection", assignee=inspector)
    with pytest.raises(Forbidden):
        casework.set_priority(case, inspector, 4)


def test_bulk_assign_is_all_or_nothing(app):
    coordinator, inspector = make_user("coordinator"), make_user("inspector")
    a, b = make_complaint(status="triaged"), make_complaint(status="triaged")
    assert casework.bulk_assign([a.id, b.id], coordinator, inspector.email) == 2
    with pytest.raises(NotFound):
        casework.bulk_assign([a.id, 999999], coordinator, make_user("inspector"))
    db.session.expire_all()
    assert lookup.case_for_staff(coordinator, a.id).assignee_id == inspector.id


def test_assigning_to_a_union_rep_is_refused(app):
    coordinator = make_user("coordinator")
    with pytest.raises(ValidationFailed):
        casework.assign(make_complaint(), coordinator, make_user("union_rep").email)


def test_duplicates_are_suggested_and_merged_with_a_reason(app):
    coordinator = make_user("coordinator")
    employer = make_employer()
    first = make_complaint(employer=employer, status="triaged")
    second = make_complaint(employer=employer)
    make_complaint(employer=employer, category="thr_unpaid")
    assert [c.id for c in casework.possible_duplicates(second)] == [first.id]
    with pytest.raises(ValidationFailed):
        casework.merge(second, coordinator, first.id, "")
    casework.merge(second, coordinator, first.id, "Pengaduan yang sama.")
    assert second.status == "merged" and second.merged_into_id == first.id
    assert db.session.query(CaseEvent).filter_by(complaint_id=first.id,
                                                 kind="merged_in").count() == 1


def test_merge_into_a_missing_case_is_refused(app):
    coordinator = make_user("coordinator")
    case = make_complaint()
    with pytest.raises(ValidationFailed):
        casework.merge(case, coordinator, 424242, "Duplikat.")


def test_employer_is_linked_and_corrected_with_a_trail(app):
    coordinator = make_user("coordinator")
    wrong, right = make_employer("PT Salah Ketik"), make_employer("PT Benar", region_code="64.71")
    case = make_complaint(employer=wrong)
    casework.link_employer(case, coordinator, right.id)
    assert case.employer_id == right.id and case.region_code == "64.71"
    casework.correct_employer(right, coordinator, name="PT Benar Sekali", nib="1234567890123")
    assert right.name_normalized == "benar sekali"
    assert db.session.query(AuditEvent).filter_by(kind="employer_corrected").count() == 1


def test_employer_summary_flags_repeat_offenders(app, client, auth):
    employer = make_employer()
    for n in (10, 20, 30):
        make_complaint(employer=employer, workers_affected=n, shortfall=Decimal("100000.50"))
    make_complaint(employer=employer, status="rejected", workers_affected=99)
    summary = lookup.employer_summary(employer)
    assert summary["cases"] == 3 and summary["workers_affected"] == 60
    assert summary["monthly_shortfall"] == Decimal("6000030.00")
    assert summary["repeat_offender"]
    auth.login_as(make_user("inspector"))
    page = client.get(f"/employers/{employer.id}").get_data(as_text=True)
    assert "Berulang kali diadukan" in page
