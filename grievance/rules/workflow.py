"""The one table of case statuses and the moves between them.

The HTML case page, the JSON API and the services all ask this module; nothing else may
hard-code a status or a transition. The stages follow labour inspection practice in
Kaltim (Permenaker 33/2016, DOMAIN.md §8.1): verification, field inspection, Nota
Pemeriksaan I, Nota Pemeriksaan II as the last warning, then PPNS investigation.
Disputes of rights or dismissal belong to mediation (UU 2/2004, DOMAIN.md §8.2), so a
case can be *referred* out at triage or at any stage where that becomes clear.

Who may move is expressed as actor relations, not roles: ``'coordinator'`` (coordinators
and admins) and ``'assignee'`` (the inspector assigned to the case). ``access.relation``
computes those relations for a user and a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from . import N_, RuleError

STATUSES: tuple[str, ...] = (
    "received",
    "triaged",
    "inspection",
    "note_1",
    "note_2",
    "investigation",
    "resolved",
    "referred",
    "rejected",
    "merged",
)

STATUS_LABELS: dict[str, str] = {
    "received": N_("Diterima"),
    "triaged": N_("Diverifikasi"),
    "inspection": N_("Pemeriksaan"),
    "note_1": N_("Nota Pemeriksaan I"),
    "note_2": N_("Nota Pemeriksaan II"),
    "investigation": N_("Penyidikan"),
    "resolved": N_("Selesai"),
    "referred": N_("Dilimpahkan"),
    "rejected": N_("Ditolak"),
    "merged": N_("Digabung"),
}

CLOSED_STATUSES: tuple[str, ...] = ("resolved", "referred", "rejected", "merged")
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in CLOSED_STATUSES)

# Merged and referred cases live on elsewhere (in the surviving case, or with the body
# that took them over), so nothing here may move them again.
FINAL_STATUSES: tuple[str, ...] = ("merged", "referred")

COORDINATOR = "coordinator"
ASSIGNEE = "assignee"
ACTORS: frozenset[str] = frozenset({COORDINATOR, ASSIGNEE})

# The statutory length of a nota's compliance period was not found (DOMAIN.md §8.1), so
# it is a configurable default, and each nota stores its own deadline.
DEFAULT_NOTA_DAYS = 30

EXTRA_COMPLIANCE_DEADLINE = "compliance_deadline"
EXTRA_REFERRAL_BODY = "referral_body"
EXTRA_MERGED_INTO = "merged_into"
EXTRA_LABELS: dict[str, str] = {
    EXTRA_COMPLIANCE_DEADLINE: N_("Batas waktu pemenuhan"),
    EXTRA_REFERRAL_BODY: N_("Instansi tujuan pelimpahan"),
    EXTRA_MERGED_INTO: N_("Nomor kasus tujuan penggabungan"),
}

REFERRAL_BODIES: dict[str, str] = {
    # Disputes of rights, interests or dismissal: bipartite → mediation (UU 2/2004).
    "mediator_disnaker": N_("Mediator hubungan industrial Disnaker kabupaten/kota"),
    "bpjs_ketenagakerjaan": N_("BPJS Ketenagakerjaan"),
    "bpjs_kesehatan": N_("BPJS Kesehatan"),
    "police_labour_desk": N_("Unit tindak pidana ketenagakerjaan Kepolisian"),
    "other": N_("Instansi lain"),
}

# Service levels in WORKING days from entering a status; None means the status has its
# own date (a nota's compliance deadline). Closed statuses have no due date at all.
# - received 3: a complaint should be read and verified within the working week it
#   arrives, so a wage complaint is not left waiting while the next payday passes.
# - triaged 5: a verified case should have an inspector and a start within one more
#   working week; the claimable pool must not silt up.
# - inspection 30: about six calendar weeks to visit, confirm findings and decide on a
#   nota; the same 30-working-day span UU 2/2004 gives bipartite talks and mediation.
# - investigation 60: PPNS work involves the prosecutor and takes longer; about three
#   months before a coordinator is prompted to look at the file.
DUE_WORKING_DAYS: dict[str, int | None] = {
    "received": 3,
    "triaged": 5,
    "inspection": 30,
    "note_1": None,
    "note_2": None,
    "investigation": 60,
}


@dataclass(frozen=True)
class Move:
    """One allowed transition: who may make it and what it must carry."""

    from_status: str
    to_status: str
    actors: frozenset[str]
    needs_reason: bool
    extra: str | None
    label: str


_C = frozenset({COORDINATOR})  # coordinators (and admins) only
_CA = ACTORS  # coordinators or the assigned inspector
_DEADLINE = EXTRA_COMPLIANCE_DEADLINE
_BODY = EXTRA_REFERRAL_BODY
_TARGET = EXTRA_MERGED_INTO

_REJECT = N_("Tolak")
_MERGE = N_("Gabungkan dengan kasus lain")
_REFER = N_("Limpahkan")
_RESOLVE = N_("Selesaikan")
_REOPEN = N_("Buka kembali")

# Rejecting, merging and referring before inspection are triage calls: coordinators.
# Once an inspector works the case, they may close it (resolve) or hand it on (refer)
# at every stage. Reopening is the coordinator's, with a reason, for the record.
# fmt: off
MOVES: tuple[Move, ...] = tuple(Move(*row) for row in (
    # from           to               who  reason extra      label
    ("received",     "triaged",       _C,  False, None,      N_("Verifikasi")),
    ("received",     "rejected",      _C,  True,  None,      _REJECT),
    ("received",     "merged",        _C,  True,  _TARGET,   _MERGE),
    ("received",     "referred",      _C,  True,  _BODY,     _REFER),
    ("triaged",      "inspection",    _CA, False, None,      N_("Mulai pemeriksaan")),
    ("triaged",      "rejected",      _C,  True,  None,      _REJECT),
    ("triaged",      "merged",        _C,  True,  _TARGET,   _MERGE),
    ("triaged",      "referred",      _C,  True,  _BODY,     _REFER),
    ("inspection",   "note_1",        _CA, False, _DEADLINE,
     N_("Terbitkan Nota Pemeriksaan I")),
    ("inspection",   "resolved",      _CA, False, None,      _RESOLVE),
    ("inspection",   "referred",      _CA, True,  _BODY,     _REFER),
    ("note_1",       "note_2",        _CA, False, _DEADLINE,
     N_("Terbitkan Nota Pemeriksaan II")),
    ("note_1",       "resolved",      _CA, False, None,      _RESOLVE),
    ("note_1",       "referred",      _CA, True,  _BODY,     _REFER),
    ("note_2",       "investigation", _CA, False, None,      N_("Mulai penyidikan")),
    ("note_2",       "resolved",      _CA, False, None,      _RESOLVE),
    ("note_2",       "referred",      _CA, True,  _BODY,     _REFER),
    ("investigation", "resolved",     _CA, False, None,      _RESOLVE),
    ("investigation", "referred",     _CA, True,  _BODY,     _REFER),
    ("resolved",     "triaged",       _C,  True,  None,      _REOPEN),
    ("rejected",     "triaged",       _C,  True,  None,      _REOPEN),
))
# fmt: on

_BY_PAIR: dict[tuple[str, str], Move] = {(m.from_status, m.to_status): m for m in MOVES}


class UnknownStatus(RuleError):
    """A status value that is not in ``STATUSES`` (bad input, not a bad move)."""

    def __init__(self, status: object):
        super().__init__(
            "unknown_status", N_("Status %(status)s tidak dikenal."), status=str(status)
        )


class IllegalMove(RuleError):
    """The table has no such move from the current status (the API answers 409)."""

    def __init__(self, from_status: str, to_status: str):
        super().__init__(
            "illegal_move",
            N_("Status tidak dapat diubah dari %(from_label)s ke %(to_label)s."),
            **_status_params(from_status, to_status),
        )


class NotAllowed(RuleError):
    """The move exists, but this actor may not make it (e.g. an inspector rejecting)."""

    def __init__(self, from_status: str, to_status: str):
        super().__init__(
            "move_not_allowed",
            N_(
                "Anda tidak berwenang mengubah status dari %(from_label)s "
                "ke %(to_label)s."
            ),
            **_status_params(from_status, to_status),
        )


class MissingReason(RuleError):
    """Rejecting, referring, merging and reopening must say why, for the record."""

    def __init__(self, from_status: str, to_status: str):
        super().__init__(
            "reason_required",
            N_(
                "Alasan wajib diisi untuk mengubah status dari %(from_label)s "
                "ke %(to_label)s."
            ),
            **_status_params(from_status, to_status),
        )


class MissingExtra(RuleError):
    """The move needs a field (deadline, referral body, target case) not given."""

    def __init__(self, from_status: str, to_status: str, field: str):
        super().__init__(
            "extra_required",
            N_(
                "%(field_label)s wajib diisi untuk mengubah status dari "
                "%(from_label)s ke %(to_label)s."
            ),
            field=field,
            field_label=EXTRA_LABELS.get(field, field),
            **_status_params(from_status, to_status),
        )


class InvalidExtra(RuleError):
    """The move's field makes no sense (unknown body, a merge into itself)."""

    def __init__(self, field: str, message: str, **params: Any):
        super().__init__("extra_invalid", message, field=field, **params)


def _status_params(from_status: str, to_status: str) -> dict[str, str]:
    """Codes and label msgids; the web layer translates the labels before formatting."""
    return {
        "from_status": from_status,
        "to_status": to_status,
        "from_label": STATUS_LABELS.get(from_status, from_status),
        "to_label": STATUS_LABELS.get(to_status, to_status),
    }


def require_status(status: str) -> str:
    """Return ``status`` if known, else raise ``UnknownStatus``."""
    if status not in STATUS_LABELS:
        raise UnknownStatus(status)
    return status


def is_closed(status: str) -> bool:
    """True for resolved, referred, rejected and merged."""
    return require_status(status) in CLOSED_STATUSES


def moves_from(status: str) -> list[Move]:
    """Every move out of ``status``, in table order (the case page keeps that order)."""
    require_status(status)
    return [m for m in MOVES if m.from_status == status]


def find_move(from_status: str, to_status: str) -> Move | None:
    """The table's move between two statuses, or None."""
    return _BY_PAIR.get((from_status, to_status))


def default_compliance_deadline(issued_on: date, days: int = DEFAULT_NOTA_DAYS) -> date:
    """Deadline for a nota issued on ``issued_on``: ``days`` CALENDAR days later.

    Calendar days because nota templates say "dalam waktu 7 (tujuh) hari", not
    "hari kerja"; the inspector may always set another date on the nota itself.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    return issued_on + timedelta(days=days)


def _needs_deadline(to_status: str) -> bool:
    return any(
        m.to_status == to_status and m.extra == EXTRA_COMPLIANCE_DEADLINE for m in MOVES
    )


def with_default_extra(
    to_status: str,
    extra: Mapping[str, Any] | None,
    issued_on: date,
    nota_days: int = DEFAULT_NOTA_DAYS,
) -> dict[str, Any]:
    """Copy of ``extra`` with the configured nota deadline filled in if none was given.

    The API's transition body need not carry a deadline; services call this before
    ``check_move`` with the configured number of days.
    """
    filled = dict(extra or {})
    if _needs_deadline(to_status) and filled.get(EXTRA_COMPLIANCE_DEADLINE) is None:
        filled[EXTRA_COMPLIANCE_DEADLINE] = default_compliance_deadline(
            issued_on, nota_days
        )
    return filled


def check_move(
    actor_relation: set[str] | frozenset[str],
    from_status: str,
    to_status: str,
    reason: str | None,
    extra: Mapping[str, Any] | None,
    *,
    case_id: int | None = None,
    today: date | None = None,
) -> Move:
    """Return the move if this actor may make it with this reason and extra, else raise.

    Checks run from the coarsest to the finest, so the error names the first real
    problem: unknown status, move not in the table (409), actor not allowed, missing
    reason, missing or invalid extra. ``case_id`` lets a merge refuse the case itself;
    ``today`` lets a nota refuse a deadline that has already passed. Extra fields that
    the move does not use are ignored.
    """
    require_status(from_status)
    require_status(to_status)
    move = find_move(from_status, to_status)
    if move is None:
        raise IllegalMove(from_status, to_status)
    if not (move.actors & set(actor_relation)):
        raise NotAllowed(from_status, to_status)
    if move.needs_reason and not (reason or "").strip():
        raise MissingReason(from_status, to_status)
    if move.extra is not None:
        _check_extra(move, (extra or {}).get(move.extra), case_id=case_id, today=today)
    return move


def _check_extra(
    move: Move, value: Any, *, case_id: int | None, today: date | None
) -> None:
    if value is None or value == "":
        raise MissingExtra(move.from_status, move.to_status, move.extra or "")
    if move.extra == EXTRA_COMPLIANCE_DEADLINE:
        _check_deadline(value, today)
    elif move.extra == EXTRA_REFERRAL_BODY:
        _check_referral_body(value)
    elif move.extra == EXTRA_MERGED_INTO:
        _check_merged_into(value, case_id)


def _check_deadline(value: Any, today: date | None) -> None:
    # datetime is a subclass of date; a timestamp here means a caller mixed up fields.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidExtra(
            EXTRA_COMPLIANCE_DEADLINE, N_("Batas waktu pemenuhan harus berupa tanggal.")
        )
    if today is not None and value <= today:
        raise InvalidExtra(
            EXTRA_COMPLIANCE_DEADLINE,
            N_("Batas waktu pemenuhan harus setelah hari ini."),
        )


def _check_referral_body(value: Any) -> None:
    if value not in REFERRAL_BODIES:
        raise InvalidExtra(
            EXTRA_REFERRAL_BODY,
            N_("Instansi tujuan pelimpahan %(value)s tidak dikenal."),
            value=str(value),
        )


def _check_merged_into(value: Any, case_id: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidExtra(
            EXTRA_MERGED_INTO, N_("Nomor kasus tujuan penggabungan tidak sah.")
        )
    if case_id is not None and value == case_id:
        raise InvalidExtra(
            EXTRA_MERGED_INTO,
            N_("Kasus tidak dapat digabungkan dengan dirinya sendiri."),
        )
