"""Who may download a case's file: by role, relation to the case, privacy and who uploaded it.

A worker's payslip names the worker: complainant and union files follow the identity rules
(an inspector browsing the unassigned pool sees neither), and staff documents stay internal.
"""

from __future__ import annotations

import pytest

from grievance.rules import access

from .actors import ASSIGNEE_ID, FILING_UNION, OTHER_UNION, Case, User

PRIVACIES = ("anonymous", "confidential", "open")
KINDS = ("complainant", "union", "staff")

ADMIN = User(1, "admin")
COORDINATOR = User(2, "coordinator")
ASSIGNEE = User(ASSIGNEE_ID, "inspector")
OTHER_INSPECTOR = User(11, "inspector")
REP = User(20, "union_rep", union_id=FILING_UNION)
OTHER_REP = User(21, "union_rep", union_id=OTHER_UNION)


def _expected_on_assigned_case(who: str, privacy: str, kind: str) -> bool:
    if who in ("admin", "coordinator", "assignee"):
        return True
    if who == "rep":
        return kind == "union" or (kind == "complainant" and privacy == "open")
    return False  # another inspector (not the pool: the case is assigned), another union


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("privacy", PRIVACIES)
@pytest.mark.parametrize("who, user", [
    ("admin", ADMIN), ("coordinator", COORDINATOR), ("assignee", ASSIGNEE),
    ("other_inspector", OTHER_INSPECTOR), ("rep", REP), ("other_rep", OTHER_REP)])
def test_assigned_case_matrix(who, user, privacy, kind):
    case = Case(privacy=privacy)
    assert access.can_download_attachment(user, case, kind) is _expected_on_assigned_case(
        who, privacy, kind)


@pytest.mark.parametrize("privacy, kind, allowed", [
    ("confidential", "complainant", False),  # the identity page answers 403: so does the payslip
    ("confidential", "union", False),
    ("anonymous", "complainant", False),
    ("anonymous", "union", False),
    ("open", "complainant", False),  # not even on an open case: claim it first, like the identity
    ("open", "union", False),
    ("confidential", "staff", True),
    ("anonymous", "staff", True),
    ("open", "staff", True),
])
def test_an_inspector_browsing_the_unassigned_pool(privacy, kind, allowed):
    pool_case = Case(privacy=privacy, status="triaged", assignee_id=None)
    assert access.can_view_case(OTHER_INSPECTOR, pool_case)
    assert access.can_download_attachment(OTHER_INSPECTOR, pool_case, kind) is allowed


@pytest.mark.parametrize("kind", KINDS)
def test_an_inspector_outside_the_pool_and_not_assigned_gets_nothing(kind):
    received = Case(privacy="open", status="received", assignee_id=None)
    assert access.can_download_attachment(OTHER_INSPECTOR, received, kind) is False
    assert access.can_download_attachment(COORDINATOR, received, kind) is True


@pytest.mark.parametrize("privacy", PRIVACIES)
def test_union_reps_never_get_staff_documents(privacy):
    assert access.can_download_attachment(REP, Case(privacy=privacy), "staff") is False


@pytest.mark.parametrize("kind", KINDS)
def test_a_case_filed_by_no_union_gives_reps_nothing(kind):
    case = Case(privacy="open", filed_by_union_id=None)
    assert access.can_download_attachment(REP, case, kind) is False


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("user", [
    None, User(2, "coordinator", is_active=False), User(ASSIGNEE_ID, "inspector", is_active=False),
    User(20, "union_rep", union_id=FILING_UNION, is_active=False), User(40, "auditor")])
def test_nobody_else_downloads_anything(user, kind):
    assert access.can_download_attachment(user, Case(privacy="open"), kind) is False


@pytest.mark.parametrize("kind", ["", "system", "COMPLAINANT", None])
def test_an_unknown_uploader_is_for_coordinators_and_the_assignee_only(kind):
    case = Case(privacy="open", status="triaged", assignee_id=None)
    assert access.can_download_attachment(COORDINATOR, case, kind) is True
    assert access.can_download_attachment(OTHER_INSPECTOR, case, kind) is False
    assert access.can_download_attachment(REP, case, kind) is False
    assigned = Case(privacy="open")
    assert access.can_download_attachment(ASSIGNEE, assigned, kind) is True


def test_a_rep_who_moved_union_loses_the_files_they_filed():
    moved = User(30, "union_rep", union_id=OTHER_UNION)  # filed_by_user_id == 30
    assert access.can_download_attachment(moved, Case(privacy="open"), "union") is False
