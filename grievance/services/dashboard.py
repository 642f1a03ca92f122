"""The task-force dashboard (coordinators) and the union figures: where work piles up.

Staff-only figures, so no suppression: coordinators may see every case anyway, and a union
sees only its own complaints. Every function takes ``scope``, extra WHERE clauses over
``complaints`` (nothing for the task force, the union for a union), and answers from grouped
queries; ``median_*`` use window functions, so no per-case rows reach Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import BigInteger, case, func, literal, select, type_coerce

from ..extensions import db
from ..models import CaseEvent, Complaint, Employer, Region, User, UTCDateTime
from ..rules.workflow import CLOSED_STATUSES, OPEN_STATUSES, STATUSES
from .sqltime import days_between, today_wita, wita_start

# Age of an open case since it was filed, in days: (label key, from, to inclusive or None).
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("91+", 91, None),
)
TOP_EMPLOYERS = 10


def _scoped(stmt, scope):
    return stmt.where(*scope) if scope else stmt


def age_bucket_dates(today: date) -> dict[str, tuple[date | None, date]]:
    """For each bucket, the (date_from, date_to) filing dates the queue filter takes."""
    out = {}
    for key, low, high in AGE_BUCKETS:
        out[key] = (today - timedelta(days=high) if high is not None else None,
                    today - timedelta(days=low))
    return out


def open_by_status_and_age(today: date, scope=()) -> dict[str, dict[str, int]]:
    """{status: {bucket: count}} for open cases, age since filing in WITA days."""
    whens = []
    for key, _low, high in AGE_BUCKETS[:-1]:
        whens.append((Complaint.created_at >= wita_start(today - timedelta(days=high)), key))
    bucket = case(*whens, else_=literal(AGE_BUCKETS[-1][0]))
    stmt = _scoped(select(Complaint.status, bucket, func.count())
                   .where(Complaint.status.in_(OPEN_STATUSES))
                   .group_by(Complaint.status, bucket), scope)
    out = {s: {key: 0 for key, _, _ in AGE_BUCKETS} for s in OPEN_STATUSES}
    for status, key, n in db.session.execute(stmt):
        out[status][key] = n
    return out


def overdue_count(today: date, scope=()) -> int:
    stmt = _scoped(select(func.count()).where(Complaint.status.in_(OPEN_STATUSES),
                                              Complaint.due_date < today), scope)
    return db.session.scalar(stmt) or 0


@dataclass(frozen=True)
class Workload:
    user_id: int | None
    name: str
    email: str | None
    open: int
    overdue: int


def workload(today: date, scope=()) -> list[Workload]:
    """Open and overdue cases per assignee (unassigned first), busiest first."""
    overdue = func.sum(case((Complaint.due_date < today, 1), else_=0))
    stmt = _scoped(select(Complaint.assignee_id, User.full_name, User.email, func.count(),
                          overdue)
                   .outerjoin(User, User.id == Complaint.assignee_id)
                   .where(Complaint.status.in_(OPEN_STATUSES))
                   .group_by(Complaint.assignee_id, User.full_name, User.email), scope)
    rows = [Workload(uid, name or email or "", email, n, int(late or 0))
            for uid, name, email, n, late in db.session.execute(stmt)]
    return sorted(rows, key=lambda w: (w.user_id is not None, -w.open, w.name))


@dataclass(frozen=True)
class RegionLoad:
    code: str
    name: str
    total: int
    open: int
    workforce: int | None
    bpjs_not_registered: int

    @property
    def per_10k_workers(self) -> float | None:
        if not self.workforce:
            return None
        return round(self.total * 10_000 / self.workforce, 2)


def _bpjs_flag():
    # ``flags`` lists the intake rules a case raised, space-separated: a whole-word match.
    return (literal(" ") + Complaint.flags + literal(" ")).like("% bpjs_not_registered %")


def regions(scope=()) -> list[RegionLoad]:
    """Cases per region (all, open, BPJS non-registration) next to the region's workforce."""
    is_open = func.sum(case((Complaint.status.in_(OPEN_STATUSES), 1), else_=0))
    bpjs = func.sum(case((_bpjs_flag(), 1), else_=0))
    stmt = _scoped(select(Complaint.region_code, func.count(), is_open, bpjs)
                   .group_by(Complaint.region_code), scope)
    counts = {code: (n, int(o or 0), int(b or 0)) for code, n, o, b in db.session.execute(stmt)}
    out = []
    for region in db.session.scalars(select(Region).order_by(Region.code)):
        n, o, b = counts.get(region.code, (0, 0, 0))
        out.append(RegionLoad(region.code, region.name, n, o, region.workforce, b))
    return out


@dataclass(frozen=True)
class EmployerLoad:
    employer_id: int
    name: str
    region_code: str
    complaints: int
    workers_affected: int


def top_employers(by: str = "complaints", scope=(), limit: int = TOP_EMPLOYERS
                  ) -> list[EmployerLoad]:
    """Repeat offenders: employers with the most complaints, or the most workers affected."""
    n = func.count().label("n")
    workers = func.sum(Complaint.workers_affected).label("workers")
    grouped = _scoped(select(Complaint.employer_id, n, workers)
                      .group_by(Complaint.employer_id), scope).subquery()
    order = (grouped.c.n.desc(), grouped.c.workers.desc()) if by == "complaints" else (
        grouped.c.workers.desc(), grouped.c.n.desc())
    stmt = (select(Employer.id, Employer.name, Employer.region_code, grouped.c.n,
                   grouped.c.workers)
            .join(grouped, grouped.c.employer_id == Employer.id)
            .order_by(*order, Employer.id).limit(limit))
    return [EmployerLoad(i, name, region, c, int(w or 0))
            for i, name, region, c, w in db.session.execute(stmt)]


@dataclass(frozen=True)
class Shortfall:
    """Monthly wage shortfall reported, per worker × workers affected, summed (exact)."""

    all_cases: Decimal
    open_cases: Decimal
    cases: int


def shortfall_totals(scope=()) -> Shortfall:
    sen = type_coerce(Complaint.shortfall, BigInteger) * Complaint.workers_affected
    is_open = Complaint.status.in_(OPEN_STATUSES)
    stmt = _scoped(select(func.sum(sen), func.sum(case((is_open, sen), else_=0)),
                          func.count(Complaint.shortfall))
                   .where(Complaint.shortfall.is_not(None)), scope)
    total, open_total, n = db.session.execute(stmt).one()
    return Shortfall(Decimal(int(total or 0)) / 100, Decimal(int(open_total or 0)) / 100, n)


def _median_by(key, value, base_where) -> dict[str, float]:
    """Median of ``value`` per ``key`` in SQL (ROW_NUMBER over the group, middle rows)."""
    inner = select(
        key.label("k"), value.label("v"),
        func.row_number().over(partition_by=key, order_by=value).label("rn"),
        func.count().over(partition_by=key).label("n"),
    ).where(*base_where).subquery()
    stmt = (select(inner.c.k, func.avg(inner.c.v))
            .where(inner.c.rn.in_([(inner.c.n + 1) / 2, (inner.c.n + 2) / 2]))
            .group_by(inner.c.k))
    return {k: round(float(v), 1) for k, v in db.session.execute(stmt) if v is not None}


def median_days_in_status(now: datetime | None = None, scope=()) -> dict[str, dict]:
    """Per status: median days of finished stays (from the case history) and of the open
    cases waiting in it now. Where cases wait longest is where the work piles up."""
    now = now or datetime.now(timezone.utc)
    left_at = func.lead(CaseEvent.created_at).over(
        partition_by=CaseEvent.complaint_id, order_by=(CaseEvent.created_at, CaseEvent.id))
    stays_where = [CaseEvent.to_status.is_not(None)]
    if scope:
        stays_where.append(CaseEvent.complaint_id.in_(
            select(Complaint.id).where(*scope).scalar_subquery()))
    stays = (select(CaseEvent.to_status.label("status"),
                    CaseEvent.created_at.label("entered"), left_at.label("left_at"))
             .where(*stays_where).subquery())
    finished = _median_by(stays.c.status, days_between(stays.c.entered, stays.c.left_at),
                          [stays.c.left_at.is_not(None)])
    waiting_where = [Complaint.status.in_(OPEN_STATUSES), *scope]
    waiting = _median_by(Complaint.status,
                         days_between(Complaint.status_changed_at, literal(now, UTCDateTime())),
                         waiting_where)
    return {s: {"finished": finished.get(s), "waiting": waiting.get(s)}
            for s in OPEN_STATUSES}


def status_counts(scope=()) -> dict[str, int]:
    stmt = _scoped(select(Complaint.status, func.count()).group_by(Complaint.status), scope)
    out = dict.fromkeys(STATUSES, 0)
    out.update(dict(db.session.execute(stmt).all()))
    return out


def task_force(today: date | None = None) -> dict:
    """Every figure of ``/dashboard``."""
    today = today or today_wita()
    return {
        "today": today,
        "by_status": status_counts(),
        "open_by_age": open_by_status_and_age(today),
        "age_dates": age_bucket_dates(today),
        "overdue": overdue_count(today),
        "workload": workload(today),
        "regions": regions(),
        "top_by_complaints": top_employers("complaints"),
        "top_by_workers": top_employers("workers"),
        "shortfall": shortfall_totals(),
        "time_in_status": median_days_in_status(),
    }


def union_figures(union_id: int, today: date | None = None) -> dict:
    """The same figures for one union's own complaints (``/union`` and ``/union/stats``)."""
    today = today or today_wita()
    scope = [Complaint.filed_by_union_id == union_id]
    by_status = status_counts(scope)
    by_category = dict(db.session.execute(
        select(Complaint.category, func.count()).where(*scope)
        .group_by(Complaint.category)).all())
    resolved_days = days_between(Complaint.created_at, Complaint.closed_at)
    median_resolve = _median_by(literal("all"), resolved_days,
                                [Complaint.status == "resolved",
                                 Complaint.closed_at.is_not(None), *scope]).get("all")
    workers = db.session.scalar(select(func.sum(Complaint.workers_affected)).where(*scope))
    return {
        "today": today,
        "total": sum(by_status.values()),
        "open": sum(by_status[s] for s in OPEN_STATUSES),
        "closed": sum(by_status[s] for s in CLOSED_STATUSES),
        "by_status": by_status,
        "by_category": by_category,
        "open_by_age": open_by_status_and_age(today, scope),
        "overdue": overdue_count(today, scope),
        "workers_affected": int(workers or 0),
        "shortfall": shortfall_totals(scope),
        "median_days_to_resolve": median_resolve,
        "top_by_complaints": top_employers("complaints", scope, limit=5),
        "time_in_status": median_days_in_status(scope=scope),
    }

