"""Who may do what: the one place, as plain functions over duck-typed users and cases.

Everything denies by default: an unknown role, an inactive or missing user, an unknown
privacy level all answer False. Views load a case, then ask here; a case the user may
not view should be answered with 404, so its existence is not confirmed.

Relations of a user to a case:
- ``coordinator``: a coordinator or an admin (admins hold every coordinator power
  on cases);
- ``assignee``: the staff member the case is assigned to;
- ``filing_union``: a union rep whose union filed the case;
- ``filer``: the user account that filed the case.
"""

from __future__ import annotations

from typing import Literal, Protocol

from . import workflow
from .workflow import Move

ADMIN = "admin"
COORDINATOR = "coordinator"
INSPECTOR = "inspector"
UNION_REP = "union_rep"
ROLES: tuple[str, ...] = (ADMIN, COORDINATOR, INSPECTOR, UNION_REP)

_COORDINATING = frozenset({ADMIN, COORDINATOR})
_STAFF = frozenset({ADMIN, COORDINATOR, INSPECTOR})

ExportScope = Literal["all", "union"]


class UserLike(Protocol):
    id: int
    role: str
    union_id: int | None
    is_active: bool


class CaseLike(Protocol):
    id: int
    status: str
    assignee_id: int | None
    filed_by_union_id: int | None
    filed_by_user_id: int | None
    privacy: str


class IdentityLike(Protocol):
    entered_by_union_id: int | None


def _active(user: UserLike | None) -> bool:
    # `is True` so that a missing or odd value (None, a Mock) never grants anything.
    return user is not None and getattr(user, "is_active", False) is True


def _role(user: UserLike | None) -> str | None:
    return user.role if _active(user) else None


def _is_coordinating(user: UserLike | None) -> bool:
    return _role(user) in _COORDINATING


def _is_staff(user: UserLike | None) -> bool:
    return _role(user) in _STAFF


def _union_of(user: UserLike | None) -> int | None:
    """The union a rep speaks for; None for anyone else, or a rep without a union."""
    return user.union_id if _role(user) == UNION_REP else None


def relation(user: UserLike | None, case: CaseLike) -> set[str]:
    """The user's relations to the case; empty for inactive users."""
    if not _active(user):
        return set()
    rel: set[str] = set()
    if _is_coordinating(user):
        rel.add(workflow.COORDINATOR)
    if _is_staff(user) and case.assignee_id is not None and case.assignee_id == user.id:
        rel.add(workflow.ASSIGNEE)
    union_id = _union_of(user)
    if union_id is not None and case.filed_by_union_id == union_id:
        rel.add("filing_union")
    if case.filed_by_user_id is not None and case.filed_by_user_id == user.id:
        rel.add("filer")
    return rel


def _in_claimable_pool(case: CaseLike) -> bool:
    return case.status == "triaged" and case.assignee_id is None


def can_use_staff_queue(user: UserLike | None) -> bool:
    """The staff queue and staff case pages; union reps work through /union only."""
    return _is_staff(user)


def can_view_case(user: UserLike | None, case: CaseLike) -> bool:
    """Coordinators: all; inspectors: own cases and the claimable pool; reps: union's.

    A filer who has since lost the rep role, or moved union, sees nothing: access
    follows the union, not the account that typed the complaint in.
    """
    rel = relation(user, case)
    if workflow.COORDINATOR in rel or workflow.ASSIGNEE in rel:
        return True
    if _role(user) == INSPECTOR:
        return _in_claimable_pool(case)
    return "filing_union" in rel


def can_view_staff_case(user: UserLike | None, case: CaseLike) -> bool:
    """The staff case page (/cases/<id>, GET /api/v1/cases/<id>)."""
    return can_use_staff_queue(user) and can_view_case(user, case)


def can_view_union_case(user: UserLike | None, case: CaseLike) -> bool:
    """A case on the union pages: only the filing union's reps."""
    return "filing_union" in relation(user, case)


def can_view_identity(
    user: UserLike | None, case: CaseLike, identity: IdentityLike | None
) -> bool:
    """Whether the complainant's name, phone, NIK may be shown to this user.

    - anonymous: nothing is stored, so nobody;
    - confidential (rahasia): coordinators and the assigned inspector; a rep of the
      filing union only if their union entered the identity (they already know it);
    - open (terbuka): coordinators, the assigned inspector and the filing union.
    Inspectors browsing the unassigned pool never see identities: claiming comes first.
    """
    if identity is None or not can_view_case(user, case):
        return False
    rel = relation(user, case)
    if workflow.COORDINATOR in rel or workflow.ASSIGNEE in rel:
        return case.privacy in ("confidential", "open")
    if "filing_union" not in rel:
        return False
    if case.privacy == "open":
        return True
    if case.privacy == "confidential":
        entered_by = getattr(identity, "entered_by_union_id", None)
        return entered_by is not None and entered_by == _union_of(user)
    return False


def can_download_attachment(user: UserLike | None, case: CaseLike, uploaded_by_kind: str) -> bool:
    """Whether this user may download one of the case's files, given who uploaded it.

    A worker's payslip or contract names the worker, so the complainant's and the union's
    files follow the identity rules, and staff documents stay internal:
    - coordinators and the assigned inspector: every file;
    - other staff who may view the case (an inspector browsing the unassigned pool): staff
      files only, like the identity they may not see either, until they claim the case;
    - a rep of the filing union: files uploaded by the union, and the complainant's files
      on an *open* case; never staff files;
    - an unknown uploader kind: coordinators and the assigned inspector only.
    """
    if not can_view_case(user, case):
        return False
    rel = relation(user, case)
    if workflow.COORDINATOR in rel or workflow.ASSIGNEE in rel:
        return True
    if _is_staff(user):
        return uploaded_by_kind == "staff"
    if "filing_union" in rel:
        if uploaded_by_kind == "union":
            return True
        return uploaded_by_kind == "complainant" and case.privacy == "open"
    return False


def can_claim(user: UserLike | None, case: CaseLike) -> bool:
    """An inspector takes an unassigned, verified case from the pool."""
    return _role(user) == INSPECTOR and _in_claimable_pool(case)


def can_assign(user: UserLike | None, case: CaseLike | None = None) -> bool:
    """Coordinators assign; a closed case has nothing left to assign."""
    if not _is_coordinating(user):
        return False
    return case is None or case.status not in workflow.CLOSED_STATUSES


def _actor_may(rel: set[str], move: Move) -> bool:
    return bool(move.actors & rel)


def can_move(user: UserLike | None, case: CaseLike, to_status: str) -> bool:
    """Whether the move is in the table and this user is one of its actors.

    Reasons and extras are the form's business (``workflow.check_move`` checks them).
    """
    move = workflow.find_move(case.status, to_status)
    return move is not None and _actor_may(relation(user, case), move)


def available_moves(user: UserLike | None, case: CaseLike) -> list[Move]:
    """The moves the case page offers this user, in table order."""
    if case.status not in workflow.STATUS_LABELS:
        return []
    rel = relation(user, case)
    return [m for m in workflow.moves_from(case.status) if _actor_may(rel, m)]


def can_add_note(user: UserLike | None, case: CaseLike, public: bool) -> bool:
    """Coordinators and the assignee write notes, public or internal alike.

    ``public`` is part of the question because public notes reach the complainant;
    today the same people may write both, but callers must not have to know that.
    Union reps and complainants post messages, not notes.
    """
    rel = relation(user, case)
    return workflow.COORDINATOR in rel or workflow.ASSIGNEE in rel


def can_read_internal_notes(user: UserLike | None, case: CaseLike) -> bool:
    """Staff who can view the case; never union reps, whatever their relation."""
    return _is_staff(user) and can_view_case(user, case)


def export_scope(user: UserLike | None) -> ExportScope | None:
    """'all' for coordinators, 'union' for a rep with a union, else None."""
    if _is_coordinating(user):
        return "all"
    if _union_of(user) is not None:
        return "union"
    return None


def can_export_cases(user: UserLike | None) -> bool:
    """CSV/XLSX reports: see ``export_scope`` for which rows."""
    return export_scope(user) is not None


def export_includes_identity(user: UserLike | None) -> bool:
    """Complainant identities never leave in a union's export (CONTRACT.md, reports)."""
    return export_scope(user) == "all"


def can_admin(user: UserLike | None) -> bool:
    """Users and reference data (regions, wage floors, categories): admins only."""
    return _role(user) == ADMIN


def can_view_dashboard(user: UserLike | None) -> bool:
    """The staff dashboard (workload, overdue cases per inspector): coordinators."""
    return _is_coordinating(user)


def can_view_union_dashboard(user: UserLike | None) -> bool:
    """/union: a rep who belongs to a union."""
    return _union_of(user) is not None
