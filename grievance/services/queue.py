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
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)

from ..errors import DomainError
from ..extensions import db
from ..models import Complaint, Employer, User
from ..rules import N_, access, workflow
from ..rules.duplicates import normalize_employer_name
from ..rules.ids import is_digits, parse_id
from ..rules.priority import PRIORITY_LEVELS, PRIORITY_NAMES
from ..rules.years import FIRST_YEAR, LAST_YEAR

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
        if hasattr(args, "to_dict"):  # a MultiDict: the first value of each (and .get on a
            args = args.to_dict()    # plain dict raises no exception per absent key)

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
            # A user id (rules.ids: digits that can name a row) or an email.
            if parse_id(assignee) is None and "@" not in assignee:
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
            if not is_digits(limit_raw) or not 1 <= int(limit_raw) <= MAX_LIMIT:
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
    if is_digits(value) and int(value) in PRIORITY_NAMES:
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


# Filing dates a filter can name (rules.years, as for the statistics). The message names the
# years: a test holds it to the constants.
_FIRST_DAY, _LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
DATE_RANGE_MESSAGE = N_("Tanggal harus antara tahun 2000 dan 2100.")


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _bad(field, N_("Tanggal harus berformat TTTT-BB-HH.")) from None
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise _bad(field, DATE_RANGE_MESSAGE)
    return day


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


# --- statements by shape ----------------------------------------------------------------
#
# A queue statement depends on the request in two ways: its *shape* (who is asking in
# which role, which filters are set, the status tab, the order, where the cursor is) and
# the *values* (the user's id, the region code, the cursor's key, …). The shape decides
# the SQL text; the values are bind parameters. ``page_query`` builds each shape once
# (``_page_stmt_for``, an LRU cache) and binds the values per request, so a request costs
# parameter binding and execution only: no statement building, and SQLAlchemy's cache key
# (memoised on the statement object) and compiled cache hit every time.
#
# Every statement is built *from the shape alone* (the builders never see the request), so
# two requests with one shape cannot get different SQL. ``apply_filters`` and
# ``visible_cases_stmt`` (the exports, the tab counts) use the same builders with the values
# filled in, so the rules live in one place.

_C = Complaint.__table__.c
_EMPLOYERS = Employer.__table__
_USERS = User.__table__


def _named(values: Mapping[str, Any] | None):
    """The bind parameter factory: named and unvalued for a cached statement, or carrying
    the value (``unique``: composes with anything) for a statement built for one use."""
    if values is None:
        return lambda name, type_=None: bindparam(name, type_=type_)
    return lambda name, type_=None: bindparam(name, values[name], type_=type_, unique=True)


# --- who sees what ----------------------------------------------------------------------

def _visibility(user) -> tuple[str, dict[str, Any]]:
    """The visibility kind of ``user`` (the shape) and its values."""
    if user is None or not getattr(user, "is_active", False):
        return "none", {}
    if access.export_scope(user) == "all":  # coordinators and admins
        return "all", {}
    if user.role == access.INSPECTOR:
        return "inspector", {"vis_user": user.id}
    if access.export_scope(user) == "union":
        return "union", {"vis_union": user.union_id}
    return "none", {}


def _visible_clause(kind: str, p):
    if kind == "all":
        return None
    if kind == "inspector":
        return or_(_C.assignee_id == p("vis_user", _C.assignee_id.type),
                   and_(_C.status == "triaged", _C.assignee_id.is_(None)))
    if kind == "union":
        return _C.filed_by_union_id == p("vis_union", _C.filed_by_union_id.type)
    return false()


def visible_cases_stmt(user) -> Select:
    """``SELECT complaints`` restricted to the cases ``user`` may see (see module doc)."""
    kind, values = _visibility(user)
    clause = _visible_clause(kind, _named(values))
    stmt = select(Complaint)
    return stmt if clause is None else stmt.where(clause)


# --- filters ----------------------------------------------------------------------------

def _wita_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), WITA).astimezone(timezone.utc)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class _FilterShape(NamedTuple):
    status: str | None
    category: bool
    region: bool
    priority: bool
    assignee: str | None  # "mine" | "mine-nobody" | "unassigned" | "id" | "email"
    overdue: bool
    date_from: bool
    date_to: bool
    employer: str | None  # "id" | "name"
    q: bool


def _filter_shape(f: QueueFilters, user) -> _FilterShape:
    assignee = f.assignee
    if assignee == "mine":
        assignee = "mine" if user is not None else "mine-nobody"
    elif assignee and assignee != "unassigned":
        assignee = "id" if parse_id(assignee) is not None else "email"
    # Digits that cannot be an id (rules.ids) are looked for in the names, as any other text.
    employer = ("id" if parse_id(f.employer) is not None else "name") if f.employer else None
    return _FilterShape(f.status, bool(f.category), bool(f.region), bool(f.priority), assignee,
                        f.overdue, bool(f.date_from), bool(f.date_to), employer, bool(f.q))


def _filter_values(f: QueueFilters, today: date, user) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if f.category:
        values["f_category"] = f.category
    if f.region:
        values["f_region"] = f.region
    if f.priority:
        values["f_priority"] = f.priority
    if f.assignee == "mine":
        if user is not None:
            values["f_assignee"] = user.id
    elif f.assignee and f.assignee != "unassigned":
        values["f_assignee"] = parse_id(f.assignee) or f.assignee
    if f.overdue:
        values["f_today"] = today
    if f.date_from:
        values["f_from"] = _wita_start(f.date_from)
    if f.date_to:
        values["f_to"] = _wita_start(f.date_to + timedelta(days=1))
    if f.employer:
        values["f_employer"] = (parse_id(f.employer)
                                or _like(normalize_employer_name(f.employer)))
    if f.q:
        # Tracking code (exact), employer name or complaint text (substring, any case).
        values["q_code"] = f.q.upper()
        values["q_employer"] = _like(normalize_employer_name(f.q))
        values["q_text"] = _like(f.q)
    return values


def _filter_clauses(s: _FilterShape, p, *, include_status: bool = True) -> list:
    """The WHERE clauses of a filter shape; ``p`` makes the bind parameters (``_named``)."""
    out: list = []
    if include_status and s.status:
        if s.status in STATUS_GROUPS:
            out.append(_C.status.in_(STATUS_GROUPS[s.status]))
        else:
            out.append(_C.status == s.status)
    if s.category:
        out.append(_C.category == p("f_category", _C.category.type))
    if s.region:
        out.append(_C.region_code == p("f_region", _C.region_code.type))
    if s.priority:
        out.append(_C.priority == p("f_priority", _C.priority.type))
    if s.assignee in ("mine", "id"):
        out.append(_C.assignee_id == p("f_assignee", _C.assignee_id.type))
    elif s.assignee == "mine-nobody":
        out.append(false())
    elif s.assignee == "unassigned":
        out.append(_C.assignee_id.is_(None))
    elif s.assignee == "email":
        out.append(_C.assignee_id.in_(
            select(_USERS.c.id).where(_USERS.c.email == p("f_assignee", _USERS.c.email.type))
            .scalar_subquery()))
    if s.overdue:
        out.append(_C.due_date < p("f_today", _C.due_date.type))
        out.append(_C.status.in_(workflow.OPEN_STATUSES))
    if s.date_from:
        out.append(_C.created_at >= p("f_from", _C.created_at.type))
    if s.date_to:
        out.append(_C.created_at < p("f_to", _C.created_at.type))
    if s.employer == "id":
        out.append(_C.employer_id == p("f_employer", _C.employer_id.type))
    elif s.employer == "name":
        out.append(_C.employer_id.in_(
            select(_EMPLOYERS.c.id)
            .where(_EMPLOYERS.c.name_normalized.like(p("f_employer", String()), escape="\\"))
            .scalar_subquery()))
    if s.q:
        out.append(or_(
            _C.tracking_code == p("q_code", _C.tracking_code.type),
            _C.employer_id.in_(
                select(_EMPLOYERS.c.id)
                .where(_EMPLOYERS.c.name_normalized.like(p("q_employer", String()), escape="\\"))
                .scalar_subquery()),
            func.lower(_C.description).like(p("q_text", String()), escape="\\"),
        ))
    return out


def apply_filters(stmt: Select, filters: QueueFilters, today: date, *, user=None,
                  include_status: bool = True) -> Select:
    """Add the filters' WHERE clauses to a statement over ``complaints``.

    ``assignee="mine"`` needs ``user``; without one it matches nothing. ``today`` decides
    what is overdue (a case due today is not yet late). ``include_status=False`` leaves
    the status out, for the per-status counts of the tabs.
    """
    clauses = _filter_clauses(_filter_shape(filters, user),
                              _named(_filter_values(filters, today, user)),
                              include_status=include_status)
    return stmt.where(*clauses) if clauses else stmt


# --- order and pages --------------------------------------------------------------------
#
# Orders: due = earliest due date first (so overdue first), cases without a due date
# (closed ones) last; priority = most urgent first, then by case number (filing order) within a level; age =
# oldest first. Every order ends on id, so it is total and a cursor is exact.
#
# One page is a UNION ALL of small index walks, one per status (and per priority level for
# the priority order), each seeking past the cursor with a row-value comparison and taking
# at most limit+1 rows; the outer query merges those few rows. Each walk follows one of
# the queue indexes (status, due_date|priority|created_at, id), so page 200 costs what
# page 1 costs, and a tab spanning several statuses never sorts the whole table.

def _statuses(status: str | None) -> tuple[str, ...]:
    if status in STATUS_GROUPS:
        return STATUS_GROUPS[status]
    if status:
        return (status,)
    return workflow.STATUSES


def _cursor_phase(filters: QueueFilters) -> tuple[Any, dict[str, Any]]:
    """Where the cursor is, as far as the SQL text cares (the shape), and its values.

    None before the first page; for the due order "dated" or "undated" (the last row had
    a due date or not); for the priority order the last row's level; for age "after".
    """
    if not filters.cursor:
        return None, {}
    key, last_id = decode_cursor(filters.cursor, filters.sort)
    if filters.sort == "priority":
        return key, {"c_id": last_id}
    if filters.sort == "age":
        return "after", {"c_key": key, "c_id": last_id}
    if key is None:
        return "undated", {"c_id": last_id}
    return "dated", {"c_key": key, "c_id": last_id}


def _constant(value: str | int, column):
    """``value`` written into the SQL rather than bound: a walk's status and priority level.

    They are part of the statement's shape anyway, and PostgreSQL plans a prepared statement
    once (a generic plan) only when that plan is no worse than one made for the values:
    with the status as a parameter it is (it cannot tell 'received' from 'resolved'), so it
    re-planned the 12-walk statement on every execution (~0.9 ms, more than running it).
    Only values from the workflow table reach here.
    """
    if value not in workflow.STATUSES and value not in PRIORITY_NAMES:
        raise ValueError(f"not a status or priority level: {value!r}")
    text = f"'{value}'" if isinstance(value, str) else str(int(value))
    return literal_column(text, column.type)


def _walks(base: Select, status: str | None, sort: str, phase: Any, n) -> list[Select]:
    """The index walks of one page (see above); ``n`` is the limit + 1 parameter."""
    last_id = bindparam("c_id", type_=_C.id.type)
    out = []
    for one in _statuses(status):
        walk = base.where(_C.status == _constant(one, _C.status))
        if sort == "age":
            if phase is not None:
                key = bindparam("c_key", type_=_C.created_at.type)
                walk = walk.where(tuple_(_C.created_at, _C.id) > tuple_(key, last_id))
            out.append(walk.order_by(_C.created_at, _C.id).limit(n))
        elif sort == "priority":
            for level in sorted(PRIORITY_NAMES, reverse=True):
                if phase is not None and level > phase:
                    continue
                step = walk.where(_C.priority == _constant(level, _C.priority))
                if phase is not None and level == phase:
                    step = step.where(_C.id > last_id)
                out.append(step.order_by(_C.id).limit(n))
        else:
            if phase != "undated":
                dated = walk.where(_C.due_date.is_not(None))
                if phase == "dated":
                    key = bindparam("c_key", type_=_C.due_date.type)
                    dated = dated.where(tuple_(_C.due_date, _C.id) > tuple_(key, last_id))
                out.append(dated.order_by(_C.due_date, _C.id).limit(n))
            undated = walk.where(_C.due_date.is_(None))
            if phase == "undated":
                undated = undated.where(_C.id > last_id)
            # Ordered by due_date too (NULL throughout): the order the index (status,
            # due_date, id) is in, which PostgreSQL's planner does not see through IS NULL.
            # Ordered by id alone, it would walk the primary key instead, filtering: all
            # 100,000 rows (60 ms) when a status has no undated case.
            out.append(undated.order_by(_C.due_date, _C.id).limit(n))
    return out


# What a walk selects: the id and the sort key, nothing else. The walk's index
# ``(status, key, id)`` then answers it alone (SQLite: a covering index; PostgreSQL: an
# index-only scan once VACUUM has marked the pages visible). With priority and filing time in
# every walk, each of the ~600 rows twelve walks bring up cost a table lookup, only for 51 of
# them to be kept: on SQLite that was 1.8x the whole page's SQL (5x in priority order).
_SORT_COLUMN = {"due": _C.due_date, "priority": _C.priority, "age": _C.created_at}


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
    Complaint.created_at, Complaint.workers_affected, Complaint.shortfall, Complaint.flags,
    Complaint.employer_id, Complaint.status_changed_at, Complaint.privacy,
    Employer.name.label("employer_name"),
    User.email.label("assignee_email"), User.full_name.label("assignee_name"),
)
# Column sets of a page by name: "queue" (``QUEUE_COLUMNS``, the HTML queue) and "api"
# (what ``GET /api/v1/cases`` sends, nothing more).
_COMPLAINT_COLUMNS = {
    "queue": ("id", "tracking_code", "status", "category", "region_code", "priority",
              "assignee_id", "due_date", "created_at", "workers_affected", "shortfall",
              "flags", "employer_id", "status_changed_at", "privacy"),
    "api": ("id", "tracking_code", "status", "category", "region_code", "priority",
            "due_date", "created_at", "workers_affected", "shortfall", "flags",
            "employer_id"),
}
_JOINED_COLUMNS = {
    "queue": (_EMPLOYERS.c.name.label("employer_name"), _USERS.c.email.label("assignee_email"),
              _USERS.c.full_name.label("assignee_name")),
    "api": (_EMPLOYERS.c.name.label("employer_name"), _USERS.c.email.label("assignee_email")),
}


def page_columns(columns: str = "queue") -> tuple[str, ...]:
    """The names of a page row's columns, in order, for a column set."""
    return _COMPLAINT_COLUMNS[columns] + tuple(c.name for c in _JOINED_COLUMNS[columns])


@lru_cache(maxsize=512)
def _page_stmt_for(visibility: str, shape: _FilterShape, sort: str, phase: Any,
                   columns: str, limit: int) -> Select:
    """The page statement of one shape, built once (see "statements by shape").

    The row limit (page size + 1) is written into the SQL, like the walks' statuses (see
    ``_constant``): with ``LIMIT $1`` PostgreSQL cannot tell a 51-row page from a scan of
    everything and re-plans each execution instead of reusing its plan. Page sizes are
    1..200, 50 nearly always: a handful of statements.
    """
    n = literal_column(str(int(limit)), Integer())
    base = select(_C.id, _SORT_COLUMN[sort])
    clauses = _filter_clauses(shape, _named(None), include_status=False)
    if clauses:
        base = base.where(*clauses)
    if visibility == "inspector":
        # Their own cases and the unassigned triaged pool, walked apart: as one OR per walk,
        # every status's walk collected and sorted the whole pool (9-18 ms at 100,000 cases
        # on PostgreSQL); apart, each is a short walk along its own index.
        mine = base.where(_C.assignee_id == bindparam("vis_user", type_=_C.assignee_id.type))
        walks = _walks(mine, shape.status, sort, phase, n)
        if "triaged" in _statuses(shape.status):
            walks += _walks(base.where(_C.assignee_id.is_(None)), "triaged", sort, phase, n)
    else:
        visible = _visible_clause(visibility, _named(None))
        if visible is not None:
            base = base.where(visible)
        walks = _walks(base, shape.status, sort, phase, n)
    walks = [select(walk.subquery()) for walk in walks]
    merged = (union_all(*walks) if len(walks) > 1 else walks[0]).subquery("merged")
    # The page's ids are chosen (merged, ordered, cut to limit + 1) before anything is
    # joined: the joins then fetch one page of rows, not every row the walks brought up.
    walked = (select(merged).order_by(*_outer_order(sort, merged)).limit(n)
              .subquery("walked"))
    complaints = Complaint.__table__
    return (select(*(complaints.c[name] for name in _COMPLAINT_COLUMNS[columns]),
                   *_JOINED_COLUMNS[columns])
            .select_from(walked
                         .join(complaints, complaints.c.id == walked.c.id)
                         .join(_EMPLOYERS, complaints.c.employer_id == _EMPLOYERS.c.id)
                         .outerjoin(_USERS, complaints.c.assignee_id == _USERS.c.id))
            .order_by(*_outer_order(sort, walked))
            .limit(n))


def page_query(user, filters: QueueFilters, today: date, *,
               columns: str = "queue") -> tuple[Select, dict[str, Any]]:
    """The statement behind one page (shared between requests of one shape) and its
    parameters: ``db.session.execute(*page_query(...))`` runs the page."""
    visibility, params = _visibility(user)
    phase, cursor_values = _cursor_phase(filters)
    stmt = _page_stmt_for(visibility, _filter_shape(filters, user), filters.sort, phase, columns,
                          filters.limit + 1)
    params.update(_filter_values(filters, today, user))
    params.update(cursor_values)
    return stmt, params


def page_stmt(user, filters: QueueFilters, today: date, *, columns: str = "queue") -> Select:
    """The page's SELECT with its values bound in (a copy; ``page`` uses ``page_query``)."""
    stmt, params = page_query(user, filters, today, columns=columns)
    return stmt.params(params)


def page(user, filters: QueueFilters, today: date, *,
         columns: str = "queue") -> tuple[list, str | None]:
    """One page of queue rows (``Row`` objects with ``QUEUE_COLUMNS``, or the API's narrower
    set for ``columns="api"``) and the next cursor.

    ``next_cursor`` is None on the last page. One row more than asked is fetched to know.
    """
    # A Core statement on the session's connection: the ORM's execute path (bind lookup,
    # execution options, event hooks for ORM statements) does nothing for it but cost time.
    rows = db.session.connection().execute(*page_query(user, filters, today,
                                                       columns=columns)).all()
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
    return row.flags.split() if row.flags else []


def is_overdue(row, today: date) -> bool:
    return (row.due_date is not None and row.status in workflow.OPEN_STATUSES
            and today > row.due_date)


def age_days(row, today: date) -> int:
    return (today - row.created_at.astimezone(WITA).date()).days


def today_wita() -> date:
    return datetime.now(WITA).date()


__all__ = [
    "BadQuery", "QueueFilters", "QUEUE_COLUMNS", "apply_filters", "decode_cursor",
    "encode_cursor", "page", "page_columns", "page_query", "page_stmt", "status_counts",
    "today_wita", "visible_cases_stmt",
]
