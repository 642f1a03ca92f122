"""Who may do what: matrices of actor (role × relation to the case) × action."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grievance.rules import access
from grievance.rules.workflow import STATUSES

from .actors import ASSIGNEE_ID, FILING_UNION, OTHER_UNION, Case, User


@dataclass(frozen=True)
class Identity:
    entered_by_union_id: int | None = None


USERS = {
    "admin": User(1, "admin"),
    "coordinator": User(2, "coordinator"),
    "assignee": User(ASSIGNEE_ID, "inspector"),
    "other_inspector": User(11, "inspector"),
    "filing_rep": User(30, "union_rep", union_id=FILING_UNION),
    "other_rep": User(31, "union_rep", union_id=OTHER_UNION),
    "rep_without_union": User(32, "union_rep", union_id=None),
    "unknown_role": User(40, "auditor"),
    "inactive_coordinator": User(3, "coordinator", is_active=False),
    "inactive_assignee": User(ASSIGNEE_ID, "inspector", is_active=False),
    "inactive_filing_rep": User(
        30, "union_rep", union_id=FILING_UNION, is_active=False
    ),
}
STAFF_COORD = {"admin", "coordinator"}
WORKERS = STAFF_COORD | {"assignee"}

ACTIONS = {
    "view": lambda u, c: access.can_view_case(u, c),
    "view_staff_page": lambda u, c: access.can_view_staff_case(u, c),
    "view_union_page": lambda u, c: access.can_view_union_case(u, c),
    "use_staff_queue": lambda u, c: access.can_use_staff_queue(u),
    "claim": lambda u, c: access.can_claim(u, c),
    "assign": lambda u, c: access.can_assign(u, c),
    "move_to_note_1": lambda u, c: access.can_move(u, c, "note_1"),
    "move_to_resolved": lambda u, c: access.can_move(u, c, "resolved"),
    "add_public_note": lambda u, c: access.can_add_note(u, c, public=True),
    "add_internal_note": lambda u, c: access.can_add_note(u, c, public=False),
    "read_internal_notes": lambda u, c: access.can_read_internal_notes(u, c),
    "export": lambda u, c: access.can_export_cases(u),
    "admin": lambda u, c: access.can_admin(u),
    "dashboard": lambda u, c: access.can_view_dashboard(u),
    "union_dashboard": lambda u, c: access.can_view_union_dashboard(u),
}

STAFF = STAFF_COORD | {"assignee", "other_inspector"}
REPS = {"filing_rep", "other_rep", "rep_without_union"}

# Case under inspection, assigned to ASSIGNEE_ID, filed by FILING_UNION.
ASSIGNED_CASE_MATRIX = {
    "view": WORKERS | {"filing_rep"},
    "view_staff_page": WORKERS,
    "view_union_page": {"filing_rep"},
    "use_staff_queue": STAFF,
    "claim": set(),
    "assign": STAFF_COORD,
    "move_to_note_1": WORKERS,
    "move_to_resolved": WORKERS,
    "add_public_note": WORKERS,
    "add_internal_note": WORKERS,
    "read_internal_notes": WORKERS,
    "export": STAFF_COORD | {"filing_rep", "other_rep"},
    "admin": {"admin"},
    "dashboard": STAFF_COORD,
    "union_dashboard": {"filing_rep", "other_rep"},
}

# Verified, unassigned case in the pool: any inspector may look and claim.
POOL_CASE_MATRIX = {
    **ASSIGNED_CASE_MATRIX,
    "view": STAFF | {"filing_rep"},
    "view_staff_page": STAFF,
    "claim": {"assignee", "other_inspector"},
    "move_to_note_1": set(),
    "move_to_resolved": set(),
    "add_public_note": STAFF_COORD,
    "add_internal_note": STAFF_COORD,
    "read_internal_notes": STAFF,
}
ASSIGNED_CASE = Case()
POOL_CASE = Case(status="triaged", assignee_id=None)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", sorted(USERS))
def test_access_to_an_assigned_case(actor, action):
    expected = actor in ASSIGNED_CASE_MATRIX[action]
    assert ACTIONS[action](USERS[actor], ASSIGNED_CASE) is expected


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor", sorted(USERS))
def test_access_to_a_case_in_the_claimable_pool(actor, action):
    expected = actor in POOL_CASE_MATRIX[action]
    assert ACTIONS[action](USERS[actor], POOL_CASE) is expected


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("status", STATUSES)
def test_inactive_users_are_denied_everything(status, action):
    case = Case(status=status)
    for name in ("inactive_coordinator", "inactive_assignee", "inactive_filing_rep"):
        assert ACTIONS[action](USERS[name], case) is False
        assert ACTIONS[action](None, case) is False
    assert access.available_moves(USERS["inactive_coordinator"], case) == []
    assert access.relation(USERS["inactive_assignee"], case) == set()


@pytest.mark.parametrize("status", STATUSES)
def test_union_rep_can_never_view_another_unions_case(status):
    for case in (Case(status=status), Case(status=status, assignee_id=None)):
        assert access.can_view_case(USERS["other_rep"], case) is False
        assert access.can_view_union_case(USERS["other_rep"], case) is False


def test_a_rep_without_a_union_does_not_match_a_case_without_a_union():
    case = Case(filed_by_union_id=None, filed_by_user_id=None)
    assert access.can_view_case(USERS["rep_without_union"], case) is False
    assert access.relation(USERS["rep_without_union"], case) == set()


@pytest.mark.parametrize(
    "status", [s for s in STATUSES if s != "triaged"], ids=lambda s: f"unassigned-{s}"
)
def test_inspector_sees_unassigned_cases_only_in_the_triaged_pool(status):
    case = Case(status=status, assignee_id=None, filed_by_union_id=None)
    assert access.can_view_case(USERS["other_inspector"], case) is False
    assert access.can_claim(USERS["other_inspector"], case) is False


@pytest.mark.parametrize("status", STATUSES)
def test_inspector_never_sees_a_colleagues_case(status):
    case = Case(status=status, assignee_id=12)
    assert access.can_view_case(USERS["other_inspector"], case) is False
    assert access.can_view_case(USERS["assignee"], case) is False


def test_union_reps_use_the_union_pages_not_the_staff_queue():
    rep = USERS["filing_rep"]
    assert access.can_use_staff_queue(rep) is False
    assert access.can_view_staff_case(rep, ASSIGNED_CASE) is False
    assert access.can_view_union_case(rep, ASSIGNED_CASE) is True


def _identity_matrix():
    rows = []
    for privacy in ("anonymous", "confidential", "open"):
        for entered_by in (None, FILING_UNION, OTHER_UNION):
            for actor in sorted(USERS):
                if privacy == "anonymous":
                    expected = False
                elif actor in WORKERS:
                    expected = True
                elif actor == "filing_rep":
                    expected = privacy == "open" or entered_by == FILING_UNION
                else:
                    expected = False
                rows.append((privacy, entered_by, actor, expected))
    return rows


@pytest.mark.parametrize(
    ("privacy", "entered_by", "actor", "expected"), _identity_matrix()
)
def test_who_sees_the_complainants_identity(privacy, entered_by, actor, expected):
    case = Case(privacy=privacy)
    identity = Identity(entered_by_union_id=entered_by)
    assert access.can_view_identity(USERS[actor], case, identity) is expected


def test_confidential_identity_is_hidden_from_the_filing_union_unless_it_entered_it():
    case = Case(privacy="confidential")
    rep = USERS["filing_rep"]
    assert access.can_view_identity(rep, case, Identity(None)) is False
    assert access.can_view_identity(rep, case, Identity(OTHER_UNION)) is False
    assert access.can_view_identity(rep, case, Identity(FILING_UNION)) is True


def test_pool_inspectors_do_not_see_identities_before_claiming():
    identity = Identity()
    for privacy in ("confidential", "open"):
        case = replace(POOL_CASE, privacy=privacy)
        assert (
            access.can_view_identity(USERS["other_inspector"], case, identity) is False
        )
        assert access.can_view_identity(USERS["coordinator"], case, identity) is True


@pytest.mark.parametrize("privacy", ["secret", "", None])
def test_an_unknown_privacy_level_shows_nobody_the_identity(privacy):
    case = Case(privacy=privacy)
    for user in USERS.values():
        assert access.can_view_identity(user, case, Identity(FILING_UNION)) is False


def test_no_stored_identity_is_never_viewable():
    for user in USERS.values():
        assert access.can_view_identity(user, Case(privacy="open"), None) is False


@pytest.mark.parametrize(
    ("actor", "relations"),
    [
        ("admin", {"coordinator"}),
        ("coordinator", {"coordinator"}),
        ("assignee", {"assignee"}),
        ("other_inspector", set()),
        ("filing_rep", {"filing_union", "filer"}),
        ("other_rep", set()),
        ("inactive_assignee", set()),
    ],
)
def test_relation_names_each_tie_to_the_case(actor, relations):
    assert access.relation(USERS[actor], ASSIGNED_CASE) == relations


def test_a_coordinator_assigned_to_a_case_is_also_its_assignee():
    case = Case(assignee_id=USERS["coordinator"].id)
    assert access.relation(USERS["coordinator"], case) == {"coordinator", "assignee"}


@pytest.mark.parametrize(
    ("actor", "status", "targets"),
    [
        ("coordinator", "received", ["triaged", "rejected", "merged", "referred"]),
        ("admin", "resolved", ["triaged"]),
        ("assignee", "triaged", ["inspection"]),
        ("assignee", "inspection", ["note_1", "resolved", "referred"]),
        ("assignee", "resolved", []),
        ("other_inspector", "inspection", []),
        ("filing_rep", "inspection", []),
        ("coordinator", "merged", []),
    ],
)
def test_the_case_page_offers_the_moves_this_user_may_make(actor, status, targets):
    moves = access.available_moves(USERS[actor], Case(status=status))
    assert [m.to_status for m in moves] == targets


def test_a_case_with_an_unknown_status_offers_no_moves():
    assert access.available_moves(USERS["coordinator"], Case(status="bogus")) == []
    assert (
        access.can_move(USERS["coordinator"], Case(status="bogus"), "triaged") is False
    )


@pytest.mark.parametrize("status", ["resolved", "referred", "rejected", "merged"])
def test_a_closed_case_cannot_be_assigned(status):
    assert access.can_assign(USERS["coordinator"], Case(status=status)) is False
    assert access.can_assign(USERS["coordinator"]) is True


@pytest.mark.parametrize(
    ("actor", "scope", "with_identity"),
    [
        ("admin", "all", True),
        ("coordinator", "all", True),
        ("assignee", None, False),
        ("filing_rep", "union", False),
        ("other_rep", "union", False),
        ("rep_without_union", None, False),
        ("inactive_coordinator", None, False),
        ("unknown_role", None, False),
    ],
)
def test_export_scope_and_identity_in_exports(actor, scope, with_identity):
    assert access.export_scope(USERS[actor]) == scope
    assert access.export_includes_identity(USERS[actor]) is with_identity


users = st.builds(
    User,
    id=st.integers(1, 6),
    role=st.sampled_from([*access.ROLES, "auditor", ""]),
    union_id=st.one_of(st.none(), st.integers(1, 3)),
    is_active=st.booleans(),
)
cases = st.builds(
    Case,
    status=st.sampled_from(STATUSES),
    assignee_id=st.one_of(st.none(), st.integers(1, 6)),
    filed_by_union_id=st.one_of(st.none(), st.integers(1, 3)),
    filed_by_user_id=st.one_of(st.none(), st.integers(1, 6)),
    privacy=st.sampled_from(["anonymous", "confidential", "open"]),
)
identities = st.builds(
    Identity, entered_by_union_id=st.one_of(st.none(), st.integers(1, 3))
)


@given(user=users, case=cases, identity=identities)
def test_no_right_on_a_case_without_the_right_to_view_it(user, case, identity):
    if not access.can_view_case(user, case):
        assert not access.can_view_identity(user, case, identity)
        assert not access.can_read_internal_notes(user, case)
        assert not access.can_add_note(user, case, public=True)
        assert access.available_moves(user, case) == []
        assert not access.can_claim(user, case)


@given(user=users, case=cases, identity=identities)
def test_union_reps_see_only_their_unions_cases_and_never_internal_notes(
    user, case, identity
):
    if user.role != "union_rep":
        return
    if access.can_view_case(user, case):
        assert user.union_id is not None and case.filed_by_union_id == user.union_id
    assert not access.can_read_internal_notes(user, case)
    assert not access.can_add_note(user, case, public=True)
    assert access.available_moves(user, case) == []


@given(user=users, case=cases, identity=identities)
def test_inactive_users_have_no_relation_and_no_right(user, case, identity):
    user = replace(user, is_active=False)
    assert access.relation(user, case) == set()
    assert not access.can_view_case(user, case)
    assert not access.can_view_identity(user, case, identity)
    assert access.export_scope(user) is None
