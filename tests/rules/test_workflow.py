"""The status table: every status pair for every kind of actor, and its invariants."""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from grievance.rules import access, workflow
from grievance.rules.workflow import (
    CLOSED_STATUSES,
    MOVES,
    OPEN_STATUSES,
    STATUSES,
    IllegalMove,
    InvalidExtra,
    MissingExtra,
    MissingReason,
    NotAllowed,
    UnknownStatus,
    check_move,
)

CASE_ID = 7
ASSIGNEE_ID = 10
FILING_UNION = 1


@dataclass
class User:
    id: int
    role: str
    union_id: int | None = None
    is_active: bool = True


@dataclass
class Case:
    status: str
    id: int = CASE_ID
    assignee_id: int | None = ASSIGNEE_ID
    filed_by_union_id: int | None = FILING_UNION
    filed_by_user_id: int | None = 30
    privacy: str = "confidential"


ACTORS = {
    "coordinator": User(1, "coordinator"),
    "admin": User(2, "admin"),
    "assignee": User(ASSIGNEE_ID, "inspector"),
    "other_inspector": User(11, "inspector"),
    "union_rep": User(30, "union_rep", union_id=FILING_UNION),
}

# The table typed out independently of the code, so a change to MOVES must change this.
COORDINATOR_MOVES = {
    ("received", "triaged"),
    ("received", "rejected"),
    ("received", "merged"),
    ("received", "referred"),
    ("triaged", "inspection"),
    ("triaged", "rejected"),
    ("triaged", "merged"),
    ("triaged", "referred"),
    ("inspection", "note_1"),
    ("inspection", "resolved"),
    ("inspection", "referred"),
    ("note_1", "note_2"),
    ("note_1", "resolved"),
    ("note_1", "referred"),
    ("note_2", "investigation"),
    ("note_2", "resolved"),
    ("note_2", "referred"),
    ("investigation", "resolved"),
    ("investigation", "referred"),
    ("resolved", "triaged"),
    ("rejected", "triaged"),
}
ASSIGNEE_MOVES = {
    ("triaged", "inspection"),
    ("inspection", "note_1"),
    ("inspection", "resolved"),
    ("inspection", "referred"),
    ("note_1", "note_2"),
    ("note_1", "resolved"),
    ("note_1", "referred"),
    ("note_2", "investigation"),
    ("note_2", "resolved"),
    ("note_2", "referred"),
    ("investigation", "resolved"),
    ("investigation", "referred"),
}
ALLOWED_BY_ACTOR = {
    "coordinator": COORDINATOR_MOVES,
    "admin": COORDINATOR_MOVES,
    "assignee": ASSIGNEE_MOVES,
    "other_inspector": set(),
    "union_rep": set(),
}
REOPENS = {("resolved", "triaged"), ("rejected", "triaged")}
NEEDS_REASON = {
    pair for pair in COORDINATOR_MOVES if pair[1] in ("rejected", "referred", "merged")
} | REOPENS
FULL_EXTRA = {
    "compliance_deadline": date(2025, 7, 1),
    "referral_body": "mediator_disnaker",
    "merged_into": 99,
}


def _attempt(actor: str, from_status: str, to_status: str, reason="alasan", extra=None):
    case = Case(status=from_status)
    rel = access.relation(ACTORS[actor], case)
    return check_move(
        rel,
        from_status,
        to_status,
        reason,
        FULL_EXTRA if extra is None else extra,
        case_id=case.id,
    )


@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("to_status", STATUSES)
@pytest.mark.parametrize("from_status", STATUSES)
def test_every_status_pair_for_every_actor_matches_the_table(
    from_status, to_status, actor
):
    pair = (from_status, to_status)
    if pair not in COORDINATOR_MOVES:
        with pytest.raises(IllegalMove):
            _attempt(actor, from_status, to_status)
    elif pair not in ALLOWED_BY_ACTOR[actor]:
        with pytest.raises(NotAllowed):
            _attempt(actor, from_status, to_status)
    else:
        move = _attempt(actor, from_status, to_status)
        assert (move.from_status, move.to_status) == pair
    allowed = pair in ALLOWED_BY_ACTOR[actor]
    assert (
        access.can_move(ACTORS[actor], Case(status=from_status), to_status) is allowed
    )


def test_the_code_table_is_the_typed_out_table():
    assert {(m.from_status, m.to_status) for m in MOVES} == COORDINATOR_MOVES
    assert len(MOVES) == len(COORDINATOR_MOVES), "a pair appears twice"
    assert {
        (m.from_status, m.to_status) for m in MOVES if "assignee" in m.actors
    } == ASSIGNEE_MOVES


@pytest.mark.parametrize("reason", [None, "", "   \n"])
@pytest.mark.parametrize("pair", sorted(NEEDS_REASON))
def test_rejecting_referring_merging_and_reopening_need_a_reason(pair, reason):
    with pytest.raises(MissingReason) as err:
        _attempt("coordinator", *pair, reason=reason)
    assert err.value.params["from_status"] == pair[0]
    assert err.value.params["to_status"] == pair[1]


@pytest.mark.parametrize("pair", sorted(COORDINATOR_MOVES - NEEDS_REASON))
def test_other_moves_need_no_reason(pair):
    assert _attempt("coordinator", *pair, reason=None).needs_reason is False


def test_reasons_are_needed_exactly_where_the_table_says():
    assert {(m.from_status, m.to_status) for m in MOVES if m.needs_reason} == (
        NEEDS_REASON
    )


EXTRA_BY_TARGET = {
    "note_1": "compliance_deadline",
    "note_2": "compliance_deadline",
    "referred": "referral_body",
    "merged": "merged_into",
}


@pytest.mark.parametrize("move", MOVES, ids=lambda m: f"{m.from_status}-{m.to_status}")
def test_each_move_carries_the_extra_its_target_needs(move):
    assert move.extra == EXTRA_BY_TARGET.get(move.to_status)


@pytest.mark.parametrize("missing", [{}, None, "empty"])
@pytest.mark.parametrize(
    "move",
    [m for m in MOVES if m.extra],
    ids=lambda m: f"{m.from_status}-{m.to_status}",
)
def test_a_move_without_its_extra_is_refused(move, missing):
    extra = {move.extra: ""} if missing == "empty" else missing
    with pytest.raises(MissingExtra) as err:
        check_move({"coordinator"}, move.from_status, move.to_status, "alasan", extra)
    assert err.value.params["field"] == move.extra


@pytest.mark.parametrize(
    "deadline", ["2025-07-01", 20250701, datetime(2025, 7, 1, 9, 0)]
)
def test_a_compliance_deadline_must_be_a_date(deadline):
    with pytest.raises(InvalidExtra):
        check_move(
            {"assignee"},
            "inspection",
            "note_1",
            None,
            {"compliance_deadline": deadline},
        )


@pytest.mark.parametrize("deadline", [date(2025, 6, 30), date(2025, 6, 1)])
def test_a_compliance_deadline_today_or_earlier_is_refused(deadline):
    with pytest.raises(InvalidExtra):
        check_move(
            {"assignee"},
            "note_1",
            "note_2",
            None,
            {"compliance_deadline": deadline},
            today=date(2025, 6, 30),
        )


def test_a_compliance_deadline_after_today_is_accepted():
    move = check_move(
        {"assignee"},
        "note_1",
        "note_2",
        None,
        {"compliance_deadline": date(2025, 7, 1)},
        today=date(2025, 6, 30),
    )
    assert move.to_status == "note_2"


@pytest.mark.parametrize("body", ["disnaker", "MEDIATOR_DISNAKER", 1])
def test_an_unknown_referral_body_is_refused(body):
    with pytest.raises(InvalidExtra):
        check_move(
            {"coordinator"},
            "triaged",
            "referred",
            "sengketa PHK",
            {"referral_body": body},
        )


@pytest.mark.parametrize("body", sorted(workflow.REFERRAL_BODIES))
def test_every_referral_body_is_accepted(body):
    move = check_move(
        {"assignee"}, "inspection", "referred", "sengketa hak", {"referral_body": body}
    )
    assert move.to_status == "referred"


def test_a_case_cannot_be_merged_into_itself():
    with pytest.raises(InvalidExtra):
        check_move(
            {"coordinator"},
            "received",
            "merged",
            "sama",
            {"merged_into": CASE_ID},
            case_id=CASE_ID,
        )


@pytest.mark.parametrize("target", [0, -3, "12", True, 1.5])
def test_merged_into_must_be_a_case_id(target):
    with pytest.raises(InvalidExtra):
        check_move(
            {"coordinator"}, "received", "merged", "sama", {"merged_into": target}
        )


def test_extras_a_move_does_not_use_are_ignored():
    move = check_move({"coordinator"}, "received", "triaged", None, {"merged_into": 0})
    assert move.extra is None


@pytest.mark.parametrize("final", ["merged", "referred"])
def test_nothing_moves_out_of_merged_or_referred(final):
    assert workflow.moves_from(final) == []
    for to_status in STATUSES:
        with pytest.raises(IllegalMove):
            check_move({"coordinator", "assignee"}, final, to_status, "x", FULL_EXTRA)


def _reachable_from(start: str) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        for move in workflow.moves_from(todo.popleft()):
            if move.to_status not in seen:
                seen.add(move.to_status)
                todo.append(move.to_status)
    return seen


def test_every_status_is_reachable_from_received():
    assert _reachable_from("received") == set(STATUSES)


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_every_open_status_can_still_reach_a_closed_one(status):
    assert _reachable_from(status) & set(CLOSED_STATUSES)


def test_no_status_is_unreachable_or_unknown_to_the_table():
    targets = {m.to_status for m in MOVES}
    sources = {m.from_status for m in MOVES}
    assert set(STATUSES) - targets == {"received"}
    assert (targets | sources) <= set(STATUSES)


def test_open_and_closed_statuses_split_the_statuses_in_order():
    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) == set(STATUSES)
    assert not set(OPEN_STATUSES) & set(CLOSED_STATUSES)
    assert OPEN_STATUSES == STATUSES[:6]
    assert set(CLOSED_STATUSES) == {"resolved", "referred", "rejected", "merged"}


def test_every_status_has_its_indonesian_label():
    assert workflow.STATUS_LABELS == {
        "received": "Diterima",
        "triaged": "Diverifikasi",
        "inspection": "Pemeriksaan",
        "note_1": "Nota Pemeriksaan I",
        "note_2": "Nota Pemeriksaan II",
        "investigation": "Penyidikan",
        "resolved": "Selesai",
        "referred": "Dilimpahkan",
        "rejected": "Ditolak",
        "merged": "Digabung",
    }


def test_every_move_has_a_label_and_known_actors():
    for move in MOVES:
        assert move.label.strip()
        assert move.actors and move.actors <= workflow.ACTORS
        assert move.extra is None or workflow.EXTRA_LABELS[move.extra]


def test_a_move_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        MOVES[0].to_status = "resolved"


@pytest.mark.parametrize("bad", ["closed", "", "Diterima", None])
def test_an_unknown_status_is_reported_as_such(bad):
    with pytest.raises(UnknownStatus):
        check_move({"coordinator"}, bad, "triaged", "x", {})
    with pytest.raises(UnknownStatus):
        check_move({"coordinator"}, "received", bad, "x", {})
    with pytest.raises(UnknownStatus):
        workflow.moves_from(bad)


def test_find_move_answers_none_off_the_table():
    assert workflow.find_move("received", "resolved") is None
    assert workflow.find_move("received", "triaged").actors == {"coordinator"}


@pytest.mark.parametrize(
    "call",
    [
        lambda: check_move(set(), "received", "resolved", None, {}),
        lambda: check_move(set(), "received", "triaged", None, {}),
        lambda: check_move({"coordinator"}, "received", "rejected", "", {}),
        lambda: check_move({"coordinator"}, "received", "merged", "x", {}),
        lambda: check_move(
            {"coordinator"}, "received", "referred", "x", {"referral_body": "?"}
        ),
        lambda: check_move({"coordinator"}, "bogus", "triaged", "x", {}),
    ],
)
def test_every_error_message_formats_with_its_params(call):
    with pytest.raises(workflow.RuleError) as err:
        call()
    formatted = err.value.message % err.value.params
    assert "%(" not in formatted
    assert err.value.code


def test_move_errors_name_both_statuses_by_label():
    with pytest.raises(IllegalMove) as err:
        check_move({"coordinator"}, "received", "resolved", None, {})
    text = err.value.message % err.value.params
    assert "Diterima" in text and "Selesai" in text


def test_due_days_are_set_for_exactly_the_open_statuses():
    assert set(workflow.DUE_WORKING_DAYS) == set(OPEN_STATUSES)
    assert workflow.DUE_WORKING_DAYS["note_1"] is None
    assert workflow.DUE_WORKING_DAYS["note_2"] is None
    for status in ("received", "triaged", "inspection", "investigation"):
        assert workflow.DUE_WORKING_DAYS[status] > 0


def test_referral_bodies_are_the_agreed_ones():
    assert tuple(workflow.REFERRAL_BODIES) == (
        "mediator_disnaker",
        "bpjs_ketenagakerjaan",
        "bpjs_kesehatan",
        "police_labour_desk",
        "other",
    )


@pytest.mark.parametrize("to_status", ["note_1", "note_2"])
def test_a_nota_gets_the_configured_default_deadline_when_none_is_given(to_status):
    issued = date(2025, 5, 2)
    filled = workflow.with_default_extra(to_status, {}, issued)
    assert filled["compliance_deadline"] == date(2025, 6, 1)
    filled = workflow.with_default_extra(to_status, None, issued, nota_days=7)
    assert filled["compliance_deadline"] == date(2025, 5, 9)


def test_a_given_deadline_is_kept_and_other_moves_get_none():
    given = {"compliance_deadline": date(2025, 8, 1)}
    assert workflow.with_default_extra("note_1", given, date(2025, 5, 2)) == given
    assert workflow.with_default_extra("resolved", {}, date(2025, 5, 2)) == {}
    assert workflow.DEFAULT_NOTA_DAYS == 30


def test_a_nota_period_must_be_at_least_a_day():
    with pytest.raises(ValueError):
        workflow.default_compliance_deadline(date(2025, 5, 2), 0)


def test_is_closed_knows_the_closed_statuses():
    assert [s for s in STATUSES if workflow.is_closed(s)] == [
        "resolved",
        "referred",
        "rejected",
        "merged",
    ]
