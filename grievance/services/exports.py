"""Case exports (CSV and XLSX) with the queue's filters, streamed, and logged.

Who gets what (``rules.access``):

- coordinators and admins: every case (``export_scope == 'all'``); the complainant's name,
  phone, email and NIK only for cases filed as *open* (terbuka). Confidential (rahasia)
  identities are never exported, whoever asks (the promise on the public form), and
  anonymous cases have none;
- union reps: only their union's cases (``export_scope == 'union'``) and no identity
  columns at all (``export_includes_identity`` is False);
- anyone else: refused.

Rows are read with ``yield_per`` (a server-side cursor on PostgreSQL), so a 100,000-row
export never holds more than one batch of rows; CSV is produced batch by batch, XLSX through
openpyxl's write-only mode into a temporary file. Every export leaves an ``AuditEvent``
(who, format, filters, scope) committed before the first byte is sent.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask import Response
from sqlalchemy import BigInteger, String, case, cast, func, literal, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..errors import Forbidden
from ..extensions import db
from ..models import Complainant, Complaint, Employer, Region, Union, User
from ..rules import N_, access
from ..rules.workflow import STATUS_LABELS
from .audit import audit
from .queue import QueueFilters, apply_filters, today_wita, visible_cases_stmt
from .sqltime import wita_text

BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _sen_text(column):
    """Money stored as whole sen, as exact decimal text (``'724437.20'``) by the database."""
    sen = type_coerce(column, BigInteger)
    cents = func.abs(sen) % 100
    whole = (sen - sen % 100) / 100 if db.engine.dialect.name == "sqlite" else func.div(sen, 100)
    return case((sen.is_(None), None), else_=cast(whole, String).concat(".").concat(
        case((cents < 10, "0"), else_="").concat(cast(cents, String))))


def _guarded(column):
    """Free text from outside, prefixed with ' when a spreadsheet would run it as a formula
    ("=HYPERLINK(…)" typed into the public form). Done in SQL, like the formatting."""
    first = func.substr(column, 1, 1)
    return case((first.in_(FORMULA_STARTS), literal("'").concat(column)), else_=column)


def _case_columns():
    """Columns in export order; times and money become text in SQL (see ``rows``)."""
    return (
        ("id", Complaint.id), ("tracking_code", Complaint.tracking_code),
        ("status", Complaint.status), ("category", Complaint.category),
        ("priority", Complaint.priority), ("region_code", Complaint.region_code),
        ("region", Region.name), ("employer", _guarded(Employer.name)),
        ("employer_sector", Employer.sector), ("workers_affected", Complaint.workers_affected),
        ("reported_wage", _sen_text(Complaint.reported_wage)),
        ("shortfall_per_worker", _sen_text(Complaint.shortfall)),
        ("privacy", Complaint.privacy), ("filed_by_union", _guarded(Union.name)),
        ("created_at", wita_text(Complaint.created_at)),
        ("status_changed_at", wita_text(Complaint.status_changed_at)),
        ("due_date", Complaint.due_date), ("closed_at", wita_text(Complaint.closed_at)),
        ("referral_body", Complaint.referral_body),
        ("status_label", case(STATUS_LABELS, value=Complaint.status, else_=Complaint.status)),
    )


IDENTITY_COLUMNS = (
    ("complainant_name", Complainant.name), ("complainant_phone", Complainant.phone),
    ("complainant_email", Complainant.email), ("complainant_nik", Complainant.nik),
)
# Only identities the complainant chose to make open may leave the system.
EXPORTABLE_PRIVACY = "open"


@dataclass(frozen=True)
class ExportPlan:
    scope: str  # 'all' | 'union'
    identity: bool
    header: list[str]
    stmt: object


def plan(user, filters: QueueFilters, today: date) -> ExportPlan:
    """What this user may export with these filters; ``Forbidden`` for anyone else."""
    scope = access.export_scope(user)
    if scope is None:
        raise Forbidden(N_("Anda tidak berwenang mengekspor kasus."))
    identity = access.export_includes_identity(user)
    assignee = aliased(User)
    case_columns = _case_columns()
    columns = [col.label(name) for name, col in case_columns]
    columns.append(_guarded(assignee.email).label("assignee"))
    if identity:
        columns += [_guarded(col).label(name) for name, col in IDENTITY_COLUMNS]
    visible = visible_cases_stmt(user)
    if scope == "union":  # belt and braces: never another union's case
        visible = visible.where(Complaint.filed_by_union_id == user.union_id)
    ids = apply_filters(visible.with_only_columns(Complaint.id), filters, today,
                        user=user, include_status=True)
    stmt = (select(*columns)
            .select_from(Complaint)
            .join(Region, Region.code == Complaint.region_code)
            .join(Employer, Employer.id == Complaint.employer_id)
            .outerjoin(Union, Union.id == Complaint.filed_by_union_id)
            .outerjoin(assignee, assignee.id == Complaint.assignee_id))
    if identity:
        stmt = stmt.outerjoin(Complainant, (Complainant.complaint_id == Complaint.id)
                              & (Complaint.privacy == EXPORTABLE_PRIVACY)
                              & Complainant.purged_at.is_(None))
    stmt = stmt.where(Complaint.id.in_(ids.scalar_subquery())).order_by(Complaint.id)
    header = [name for name, _ in case_columns] + ["assignee"]
    if identity:
        header += [name for name, _ in IDENTITY_COLUMNS]
    return ExportPlan(scope, identity, header, stmt)


def record(user, fmt: str, filters: QueueFilters, export: ExportPlan) -> None:
    """The audit event, committed before streaming starts (a broken download still counts)."""
    audit("cases_exported", actor=user, target_type="complaints", data={
        "format": fmt, "scope": export.scope, "identity": export.identity,
        "filters": filters.as_args(cursor=None, limit=50),
    })
    db.session.commit()




def batches(export: ExportPlan, session=None) -> Iterator[list]:
    """Export rows in header order, ``BATCH`` database rows at a time.

    Times, money, labels and the formula guard are all done in SQL, so rows go to the
    writer as they come: this is the loop that runs 100,000 times.
    """
    session = session or db.session
    # Core, not ORM: plain column rows need no ORM loading step.
    result = session.connection().execute(export.stmt.execution_options(yield_per=BATCH))
    yield from result.partitions()


def csv_chunks(export: ExportPlan, session=None) -> Iterator[str]:
    """The CSV, one piece per batch (UTF-8 with BOM so Excel reads it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(export.header)
    for batch in batches(export, session):
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(export: ExportPlan):
    """A temporary file holding the workbook (write-only mode: rows go straight to disk)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("kasus")
    sheet.append(export.header)

    def text_cell(value):
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            # Control characters (pasted from elsewhere, or sent through the API) cannot be
            # stored in the sheet's XML: openpyxl refused the whole export. Each is shown as
            # U+FFFD, so the reader sees that something was there.
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        # openpyxl would store a string starting with "=" as a formula: force text.
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    for batch in batches(export):
        for values in batch:
            sheet.append([text_cell(v) for v in values])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def file_chunks(handle, size: int = 64 * 1024) -> Iterator[bytes]:
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


def _own_session(engine, export: ExportPlan) -> Iterator[str]:
    """The CSV from a session of its own: the server may consume the body after the
    request's context (and its session) is gone."""
    with Session(engine) as session:
        yield from csv_chunks(export, session)


def response(user, fmt: str, args) -> Response:
    """The streamed CSV or XLSX download for ``user`` (API and HTML links alike)."""
    filters = QueueFilters.from_args(args)
    export = plan(user, filters, today_wita())
    record(user, fmt, filters, export)
    stamp = today_wita().isoformat()
    if fmt == "csv":
        body = _own_session(db.engine, export)
        mimetype = "text/csv; charset=utf-8"
    else:
        body = file_chunks(xlsx_file(export))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    out = Response(body, mimetype=mimetype)
    out.headers["Content-Disposition"] = f'attachment; filename="kasus-{stamp}.{fmt}"'
    out.headers["Cache-Control"] = "no-store"
    return out
