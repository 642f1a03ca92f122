"""The staff queue: who sees which cases, the filters, and keyset pagination.

Three layers that other features build on (the reports exports use the first two):

- ``visible_cases_stmt(user)``: ``SELECT complaints`` limited to what the user may see
  (coordinators and admins: everything; inspectors: their own cases plus the unassigned
  triaged pool they may claim; union reps: their union's cases; anyone else: nothing).
  It mirrors ``rules.access.can_view_case`` in SQL.
- ``apply_filters(stmt, filters, today, user=None)``: WHERE clauses only (no joins, no
  order), so it composes with any column list.
- ``page(user, filters, today)``: one page in the requested order, ``(items, next_cursor)``.
  The cursor encodes the last row's sort key and id; the next page starts strictly after
  it, so cases filed between two fetches never shift the pages (no OFFSET anywhere).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select, tuple_, union_all

from ..errors import DomainError
from ..extensions import db
from ..models import Complaint, Employer, User
from ..rules import N_, access, workflow
from ..rules.duplicates import normalize_employer_name
from ..rules.priority import PRIORITY_LEVELS, PRIORITY_NAMES

WITA = timezone(timedelta(hours=8))
SORTS = ("due", "priority", "age")
DEFAULT_SORT = "due"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Pseudo-statuses for the tabs "all open" and "all closed".
STATUS_GROUPS = {"open": workflow.OPEN_STATUSES, "closed": workflow.CLOSED_STATUSES}

_REGION = re.compile(r"^\d{2}\.\d{2}$")
_CATEGORY = re.compile(r"^[a-z_]{1,40}$")


class BadQuery(DomainError):
    """A queue parameter that cannot be understood (400, with the field named)."""

    status = 400
    code = "bad_request"


def _bad(field: str, message: str) -> BadQuery:
    return BadQuery(N_("Parameter antrean tidak valid."), fields={field: message})


@dataclass(frozen=True)
class QueueFilters:
    status: str | None = None  # a status, or "open" / "closed"
    category: str | None = None
    region: str | None = None
    priority: int | None = None  # 1..4
    assignee: str | None = None  # "mine" | "unassigned" | an email | a user id
    overdue: bool = False
    date_from: date | None = None  # filed on or after (WITA)
    date_to: date | None = None  # filed on or before (WITA)
    employer: str | None = None  # an employer id, or part of a name
    q: str | None = None  # tracking code, employer name, complaint text
    sort: str = DEFAULT_SORT
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> QueueFilters:
        """Parse query parameters (request.args or a dict); empty values mean "no filter".

        Raises ``BadQuery`` naming the first parameter it cannot understand.
        """

        def text(name: str, max_len: int = 200) -> str | None:
            value = args.get(name)
            if value is None:
                return None
            value = " ".join(str(value).split())
            if len(value) > max_len:
                raise _bad(name, N_("Isian terlalu panjang."))
            return value or None

        status = text("status", 20)
        if status is not None and status not in STATUS_GROUPS and status not in workflow.STATUSES:
            raise _bad("status", N_("Status tidak dikenal."))
        category = text("category", 40)
        if category is not None and not _CATEGORY.match(category):
            raise _bad("category", N_("Kategori tidak dikenal."))
        region = text("region", 5)
        if region is not None and not _REGION.match(region):
            raise _bad("region", N_("Kode wilayah harus seperti 64.72."))
        priority = _priority(text("priority", 10))
        assignee = text("assignee", 320)
        if assignee is not None and assignee not in ("mine", "unassigned"):
            if not assignee.isdigit() and "@" not in assignee:
                raise _bad("assignee", N_("Petugas tidak dikenal."))
            assignee = assignee.lower()
        overdue = _flag(text("overdue", 5), "overdue")
        date_from = _date(text("date_from", 10), "date_from")
        date_to = _date(text("date_to", 10), "date_to")
        if date_from and date_to and date_from > date_to:
            raise _bad("date_to", N_("Tanggal akhir harus setelah tanggal awal."))
        sort = text("sort", 10) or DEFAULT_SORT
        if sort not in SORTS:
            raise _bad("sort", N_("Urutan tidak dikenal."))
        limit_raw = text("limit", 5)
        limit = DEFAULT_LIMIT
        if limit_raw is not None:
            if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= MAX_LIMIT:
                raise _bad("limit", N_("Jumlah per halaman harus 1 sampai 200."))
            limit = int(limit_raw)
        filters = cls(status=status, category=category, region=region, priority=priority,
                      assignee=assignee, overdue=overdue, date_from=date_from, date_to=date_to,
                      employer=text("employer"), q=text("q"), sort=sort,
                      cursor=text("cursor", 200), limit=limit)
        if filters.cursor is not None:
            decode_cursor(filters.cursor, filters.sort)  # fail now, not half-way
        return filters

    def as_args(self, **changes: Any) -> dict[str, str]:
        """The filters as query parameters (for links: tabs, next page), empty ones left out."""
        current = replace(self, **changes)
        out: dict[str, str] = {}
        for name in ("status", "category", "region", "assignee", "employer", "q", "cursor"):
            value = getattr(current, name)
            if value:
                out[name] = str(value)
        if current.priority:
            out["priority"] = PRIORITY_NAMES[current.priority]
        if current.overdue:
            out["overdue"] = "1"
        for name in ("date_from", "date_to"):
            value = getattr(current, name)
            if value:
                out[name] = value.isoformat()
        if current.sort != DEFAULT_SORT:
            out["sort"] = current.sort
        if current.limit != DEFAULT_LIMIT:
            out["limit"] = str(current.limit)
        return out


def _priority(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit() and int(value) in PRIORITY_NAMES:
        return int(value)
    if value.lower() in PRIORITY_LEVELS:
        return PRIORITY_LEVELS[value.lower()]
    raise _bad("priority", N_("Prioritas tidak dikenal."))


def _flag(value: str | None, field: str) -> bool:
    if value is None:
        return False
    if value.lower() in ("1", "true", "yes", "on", "ya"):
        return True
    if value.lower() in ("0", "false", "no", "off", "tidak"):
        return False
    raise _bad(field, N_("Nilai harus 1 atau 0."))


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(field, N_("Tanggal harus berformat TTTT-BB-HH.")) from None


# --- the cursor -------------------------------------------------------------------------

def encode_cursor(sort: str, key: Any, case_id: int) -> str:
    if isinstance(key, datetime):
        key = key.astimezone(timezone.utc).isoformat()
    elif isinstance(key, date):
        key = key.isoformat()
    raw = json.dumps([sort, key, case_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, int]:
    """(sort key, id) of the row a page ended on; ``BadQuery`` if forged or for another sort."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, key, case_id = json.loads(raw)
        if kind != sort or not isinstance(case_id, int) or isinstance(case_id, bool):
            raise ValueError
        if sort == "priority":
            if not isinstance(key, int) or key not in PRIORITY_NAMES:
                raise ValueError
        elif sort == "due":
            key = None if key is None else date.fromisoformat(key)
        else:
            key = datetime.fromisoformat(key)
            if key.tzinfo is None:
                raise ValueError
        return key, case_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _bad("cursor", N_("Penanda halaman tidak valid; mulai dari halaman pertama.")) \
            from None


# --- who sees what ----------------------------------------------------------------------

def visible_cases_stmt(user) -> Select:
    """``SELECT complaints`` restricted to the cases ``user`` may see (see module doc)."""
    stmt = select(Complaint)
    if user is None or not getattr(user, "is_active", False):
        return stmt.where(false())
    if access.export_scope(user) == "all":  # coordinators and admins
        return stmt
    if user.role == access.INSPECTOR:
        return stmt.where(or_(
            Complaint.assignee_id == user.id,
            and_(Complaint.status == "triaged", Complaint.assignee_id.is_(None)),
        ))
    if access.export_scope(user) == "union":
        return stmt.where(Complaint.filed_by_union_id == user.union_id)
    return stmt.where(false())


def _wita_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), WITA).astimezone(timezone.utc)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_filters(stmt: Select, filters: QueueFilters, today: date, *, user=None,
                  include_status: bool = True) -> Select:
    """Add the filters' WHERE clauses to a statement over ``complaints``.

    ``assignee="mine"`` needs ``user``; without one it matches nothing. ``today`` decides
    what is overdue (a case due today is not yet late). ``include_status=False`` leaves
    the status out, for the per-status counts of the tabs.
    """
    f = filters
    if include_status and f.status:
        if f.status in STATUS_GROUPS:
            stmt = stmt.where(Complaint.status.in_(STATUS_GROUPS[f.status]))
        else:
            stmt = stmt.where(Complaint.status == f.status)
    if f.category:
        stmt = stmt.where(Complaint.category == f.category)
    if f.region:
        stmt = stmt.where(Complaint.region_code == f.region)
    if f.priority:
        stmt = stmt.where(Complaint.priority == f.priority)
    if f.assignee == "mine":
        stmt = stmt.where(Complaint.assignee_id == user.id if user is not None else false())
    elif f.assignee == "unassigned":
        stmt = stmt.where(Complaint.assignee_id.is_(None))
    elif f.assignee and f.assignee.isdigit():
        stmt = stmt.where(Complaint.assignee_id == int(f.assignee))
    elif f.assignee:
        stmt = stmt.where(Complaint.assignee_id.in_(
            select(User.id).where(User.email == f.assignee).scalar_subquery()))
    if f.overdue:
        stmt = stmt.where(Complaint.due_date < today,
                          Complaint.status.in_(workflow.OPEN_STATUSES))
    if f.date_from:
        stmt = stmt.where(Complaint.created_at >= _wita_start(f.date_from))
    if f.date_to:
        stmt = stmt.where(Complaint.created_at < _wita_start(f.date_to + timedelta(days=1)))
    if f.employer:
        if f.employer.isdigit():
            stmt = stmt.where(Complaint.employer_id == int(f.employer))
        else:
            name = normalize_employer_name(f.employer)
            stmt = stmt.where(Complaint.employer_id.in_(
                select(Employer.id).where(
                    Employer.name_normalized.like(_like(name), escape="\\"))
                .scalar_subquery()))
    if f.q:
        stmt = stmt.where(_text_search(f.q))
    return stmt


def _text_search(q: str):
    """Tracking code (exact), employer name or complaint text (substring, any case)."""
    pattern = _like(q)
    employer_ids = (select(Employer.id)
                    .where(Employer.name_normalized.like(_like(normalize_employer_name(q)),
                                                         escape="\\"))
                    .scalar_subquery())
    return or_(
        Complaint.tracking_code == q.upper(),
        Complaint.employer_id.in_(employer_ids),
        func.lower(Complaint.description).like(pattern, escape="\\"),
    )


# --- order and pages --------------------------------------------------------------------
#
# Orders: due = earliest due date first (so overdue first), cases without a due date
# (closed ones) last; priority = most urgent first, oldest first within a level; age =
# oldest first. Every order ends on id, so it is total and a cursor is exact.
#
# One page is a UNION ALL of small index walks, one per status (and per priority level for
# the priority order), each seeking past the cursor with a row-value comparison and taking
# at most limit+1 rows; the outer query merges those few rows. Each walk follows one of
# the queue indexes (status, due_date|priority|created_at, id), so page 200 costs what
# page 1 costs, and a tab spanning several statuses never sorts the whole table.

def _statuses(filters: QueueFilters) -> tuple[str, ...]:
    if filters.status in STATUS_GROUPS:
        return STATUS_GROUPS[filters.status]
    if filters.status:
        return (filters.status,)
    return workflow.STATUSES


def _branches(base: Select, filters: QueueFilters) -> list[Select]:
    """The index walks of one page (see above)."""
    n = filters.limit + 1
    key, last_id = decode_cursor(filters.cursor, filters.sort) if filters.cursor else (None, None)
    started = filters.cursor is not None
    out = []
    for status in _statuses(filters):
        walk = base.where(Complaint.status == status)
        if filters.sort == "age":
            if started:
                walk = walk.where(tuple_(Complaint.created_at, Complaint.id) > tuple_(key, last_id))
            out.append(walk.order_by(Complaint.created_at, Complaint.id).limit(n))
        elif filters.sort == "priority":
            for level in sorted(PRIORITY_NAMES, reverse=True):
                if started and level > key:
                    continue
                step = walk.where(Complaint.priority == level)
                if started and level == key:
                    step = step.where(Complaint.id > last_id)
                out.append(step.order_by(Complaint.id).limit(n))
        else:
            if not started or key is not None:
                dated = walk.where(Complaint.due_date.is_not(None))
                if started:
                    dated = dated.where(
                        tuple_(Complaint.due_date, Complaint.id) > tuple_(key, last_id))
                out.append(dated.order_by(Complaint.due_date, Complaint.id).limit(n))
            undated = walk.where(Complaint.due_date.is_(None))
            if started and key is None:
                undated = undated.where(Complaint.id > last_id)
            out.append(undated.order_by(Complaint.id).limit(n))
    return out


def _outer_order(sort: str, walked) -> list:
    if sort == "priority":
        return [walked.c.priority.desc(), walked.c.id]
    if sort == "age":
        return [walked.c.created_at, walked.c.id]
    return [walked.c.due_date.is_(None), walked.c.due_date, walked.c.id]


def sort_key(sort: str, row) -> Any:
    if sort == "priority":
        return row.priority
    if sort == "age":
        return row.created_at
    return row.due_date


# The columns a queue row needs: one query, no per-row lazy loads.
QUEUE_COLUMNS = (
    Complaint.id, Complaint.tracking_code, Complaint.status, Complaint.category,
    Complaint.region_code, Complaint.priority, Complaint.assignee_id, Complaint.due_date,
    Complaint.created_at, Complaint.workers_affected, Complaint.shortfall, Complaint.checks,
    Complaint.employer_id, Complaint.status_changed_at, Complaint.privacy,
    Employer.name.label("employer_name"),
    User.email.label("assignee_email"), User.full_name.label("assignee_name"),
)


def page_stmt(user, filters: QueueFilters, today: date) -> Select:
    """The exact SELECT behind one page (the benchmark runs it bare, too)."""
    base = apply_filters(visible_cases_stmt(user), filters, today, user=user,
                         include_status=False).with_only_columns(
        Complaint.id, Complaint.priority, Complaint.due_date, Complaint.created_at)
    walks = [select(walk.subquery()) for walk in _branches(base, filters)]
    walked = (union_all(*walks) if len(walks) > 1 else walks[0]).subquery("walked")
    return (select(*QUEUE_COLUMNS)
            .join_from(walked, Complaint, Complaint.id == walked.c.id)
            .join(Employer, Complaint.employer_id == Employer.id)
            .outerjoin(User, Complaint.assignee_id == User.id)
            .order_by(*_outer_order(filters.sort, walked))
            .limit(filters.limit + 1))


def page(user, filters: QueueFilters, today: date) -> tuple[list, str | None]:
    """One page of queue rows (``Row`` objects with ``QUEUE_COLUMNS``) and the next cursor.

    ``next_cursor`` is None on the last page. One row more than asked is fetched to know.
    """
    rows = list(db.session.execute(page_stmt(user, filters, today)))
    next_cursor = None
    if len(rows) > filters.limit:
        rows = rows[: filters.limit]
        last = rows[-1]
        next_cursor = encode_cursor(filters.sort, sort_key(filters.sort, last), last.id)
    return rows, next_cursor


def status_counts(user, filters: QueueFilters, today: date) -> dict[str, int]:
    """Cases per status under the current filters (the status itself aside): the tabs."""
    stmt = apply_filters(visible_cases_stmt(user), filters, today, user=user,
                         include_status=False)
    stmt = stmt.with_only_columns(Complaint.status, func.count()).group_by(Complaint.status)
    counts = {status: 0 for status in workflow.STATUSES}
    counts.update({status: n for status, n in db.session.execute(stmt)})
    return counts


def row_flags(row) -> list[str]:
    """Rule names the intake checks raised (``below_minimum_wage``, …)."""
    return [c.get("rule") for c in (row.checks or []) if isinstance(c, dict) and c.get("rule")]


def is_overdue(row, today: date) -> bool:
    return (row.due_date is not None and row.status in workflow.OPEN_STATUSES
            and today > row.due_date)


def age_days(row, today: date) -> int:
    return (today - row.created_at.astimezone(WITA).date()).days


def today_wita() -> date:
    return datetime.now(WITA).date()


__all__ = [
    "BadQuery", "QueueFilters", "QUEUE_COLUMNS", "apply_filters", "decode_cursor",
    "encode_cursor", "page", "page_stmt", "status_counts", "today_wita", "visible_cases_stmt",
]
