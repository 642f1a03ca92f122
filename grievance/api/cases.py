"""The staff queue and casework (coordinators, inspectors) as JSON, per CONTRACT.md.

The same services and the same fetch-then-check helper as the HTML pages: a case the
caller may not see is 404, a move not in the workflow table is 409.
"""

from __future__ import annotations

from datetime import date

from flask import jsonify, request
from flask_babel import gettext

from ..errors import DomainError, Forbidden, ValidationFailed
from ..models import Attachment
from ..rules import N_, access, workflow
from ..rules.deadlines import is_overdue
from ..rules.ids import MAX_ID
from ..rules.priority import PRIORITY_NAMES
from ..rules.years import FIRST_YEAR, LAST_YEAR
from ..services import casework, lookup, queue
from ..transactions import read_only
from . import api_caller, api_user, bp


def _staff(*, model: bool = True):
    """The caller, if staff (else 403): a ``User``, or with ``model=False`` the token's
    ``Caller`` (enough for the access rules and the queue; nothing more is loaded)."""
    user = api_user() if model else api_caller()
    if not access.can_use_staff_queue(user):
        raise Forbidden(N_("Hanya petugas Satgas yang dapat memakai API kasus."))
    return user


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError(N_("Isi permintaan harus berupa objek JSON."))
    return body


def _iso(value):
    return value.isoformat() if value is not None else None


# A queue row of ``queue.page(..., columns="api")``, in this order. ``queue_item`` unpacks
# it positionally: one tuple unpack instead of fourteen attribute lookups on a ``Row``, per
# row, which is most of what building the list used to cost.
_API_ROW = ("id", "tracking_code", "status", "category", "region_code", "priority",
            "due_date", "created_at", "workers_affected", "shortfall", "flags",
            "employer_id", "employer_name", "assignee_email")
if queue.page_columns("api") != _API_ROW:  # pragma: no cover  (a guard for whoever edits)
    raise RuntimeError("queue_item's columns no longer match queue.page_columns('api')")
_OPEN = frozenset(workflow.OPEN_STATUSES)


# WITA has no daylight saving: a UTC time plus eight hours is the WITA wall clock.
_WITA_OFFSET = queue.WITA.utcoffset(None)


def queue_item(row, today: date) -> dict:
    """One case of ``GET /api/v1/cases``. Dates and times stay objects: the JSON encoder
    writes them in ISO 8601 itself, in C (``isoformat()`` here was 2 µs a row)."""
    (case_id, tracking_code, status, category, region_code, priority, due_date, created_at,
     workers_affected, shortfall, flags, employer_id, employer_name, assignee) = row
    return {
        "id": case_id, "tracking_code": tracking_code, "status": status,
        "category": category, "region_code": region_code,
        "priority": PRIORITY_NAMES.get(priority), "assignee": assignee,
        "due_date": due_date,
        # == queue.is_overdue, queue.row_flags and queue.age_days, inlined
        "overdue": due_date is not None and status in _OPEN and today > due_date,
        "employer": {"id": employer_id, "name": employer_name},
        "workers_affected": workers_affected,
        "shortfall": f"{shortfall:.2f}" if shortfall is not None else None,
        "flags": flags.split() if flags else [],
        "created_at": created_at,  # UTC (models.types.UTCDateTime)
        "age_days": (today - (created_at + _WITA_OFFSET).date()).days,
    }


@bp.get("/cases")
@read_only
def list_cases():
    user = _staff(model=False)
    filters = queue.QueueFilters.from_args(request.args)
    today = queue.today_wita()
    # The API's own column set: only what ``queue_item`` sends.
    rows, next_cursor = queue.page(user, filters, today, columns="api")
    return jsonify({"items": [queue_item(r, today) for r in rows], "next_cursor": next_cursor})


def _move(move: workflow.Move) -> dict:
    return {"to": move.to_status, "label": gettext(move.label),
            "needs_reason": move.needs_reason, "extra": move.extra}


def case_document(case, user, *, with_identity: bool = True) -> dict:
    today = queue.today_wita()
    internal = access.can_read_internal_notes(user, case)
    items = lookup.timeline(case, include_internal=internal)
    identity = None
    if with_identity and access.can_view_identity(user, case, case.complainant):
        person = casework.view_identity(case, user)  # recorded
        identity = {"name": person.name, "phone": person.phone, "email": person.email,
                    "nik": person.nik}
    attachments = Attachment.query.filter_by(complaint_id=case.id).order_by(Attachment.id).all()
    return {
        "id": case.id, "tracking_code": case.tracking_code, "status": case.status,
        "status_label": gettext(workflow.STATUS_LABELS[case.status]),
        "category": case.category, "region_code": case.region_code,
        "priority": PRIORITY_NAMES.get(case.priority),
        "assignee": case.assignee.email if case.assignee else None,
        "due_date": _iso(case.due_date), "overdue": is_overdue(case.due_date, today)
        and case.status in workflow.OPEN_STATUSES,
        "compliance_deadline": _iso(case.compliance_deadline),
        "referral_body": case.referral_body, "merged_into": case.merged_into_id,
        "employer": {"id": case.employer.id, "name": case.employer.name,
                     "region_code": case.employer.region_code},
        "description": case.description, "workers_affected": case.workers_affected,
        "privacy": case.privacy, "details": case.details or {}, "checks": case.checks or [],
        "created_at": _iso(case.created_at), "status_changed_at": _iso(case.status_changed_at),
        "closed_at": _iso(case.closed_at),
        "complainant": identity,
        "available_moves": [_move(m) for m in access.available_moves(user, case)],
        "attachments": [{"id": a.id, "filename": a.original_name, "size": a.size,
                         "content_type": a.content_type} for a in attachments],
        "timeline": [{
            "at": _iso(item["at"]), "kind": item["kind"], "public": item["public"],
            "actor": item["actor"].email if item["actor"] is not None else item["actor_kind"],
            "from_status": item["event"].from_status if item["event"] else None,
            "to_status": item["event"].to_status if item["event"] else None,
            "note": item["event"].note if item["event"] else None,
            "body": item["message"].body if item["message"] else None,
        } for item in items],
    }


@bp.get("/cases/<int:case_id>")
def get_case(case_id: int):
    user = _staff()
    case = lookup.case_for_staff(user, case_id)
    return jsonify(case_document(case, user))


def _deadline(value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(N_("Batas waktu pemenuhan harus berupa tanggal."),
                               fields={"compliance_deadline": N_("Format TTTT-BB-HH.")}) from None


@bp.post("/cases/<int:case_id>/transitions")
def transition_case(case_id: int):
    user = _staff()
    case = lookup.case_for_staff(user, case_id)
    body = _body()
    to_status = body.get("to")
    if not isinstance(to_status, str) or not to_status:
        raise ValidationFailed(N_("Status tujuan wajib diisi."), fields={"to": N_("Wajib diisi.")})
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise ValidationFailed(N_("Catatan harus berupa teks."), fields={"note": N_("Teks.")})
    extra = {
        "compliance_deadline": _deadline(body.get("compliance_deadline")),
        "referral_body": body.get("referral_body"),
        "merged_into": body.get("merged_into"),
    }
    casework.transition(case, user, to_status, note=note,
                        extra={k: v for k, v in extra.items() if v is not None})
    return jsonify(case_document(case, user, with_identity=False))


@bp.post("/cases/<int:case_id>/assign")
def assign_case(case_id: int):
    user = _staff()
    case = lookup.case_for_staff(user, case_id)
    inspector = _body().get("inspector")
    if not isinstance(inspector, str) or not inspector.strip():
        raise ValidationFailed(N_("Email pengawas wajib diisi."),
                               fields={"inspector": N_("Wajib diisi.")})
    casework.assign(case, user, inspector)
    return jsonify({"id": case.id, "assignee": case.assignee.email})


@bp.post("/cases/<int:case_id>/claim")
def claim_case(case_id: int):
    user = _staff()
    case = casework.claim(case_id, user)
    return jsonify({"id": case.id, "assignee": user.email})


@bp.post("/cases/<int:case_id>/notes")
def add_note(case_id: int):
    user = _staff()
    case = lookup.case_for_staff(user, case_id)
    body = _body()
    text, public = body.get("body"), body.get("public", False)
    if not isinstance(text, str):
        raise ValidationFailed(N_("Isi catatan wajib diisi."), fields={"body": N_("Wajib diisi.")})
    if not isinstance(public, bool):
        raise ValidationFailed(N_("public harus true atau false."),
                               fields={"public": N_("true atau false.")})
    message = casework.add_note(case, user, text, public=public)
    return jsonify({"id": message.id, "public": public,
                    "created_at": _iso(message.created_at)}), 201


# --- the OpenAPI description of the routes above ------------------------------------------

_ID = {"name": "case_id", "in": "path", "required": True,
       "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
_BEARER = [{"bearer": []}]


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    texts = {400: "bad parameters", 401: "no or bad token", 403: "not allowed for this role",
             404: "no such case, or not yours to see",
             409: "not allowed from the current status", 422: "missing reason or field"}
    return {str(c): {"description": texts[c], **_json({"$ref": "#/components/schemas/Error"})}
            for c in codes}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


OPENAPI_SCHEMAS = {
    "QueueItem": {"type": "object", "required": [
        "id", "tracking_code", "status", "category", "region_code", "priority", "assignee",
        "due_date"], "properties": {
        "id": {"type": "integer"}, "tracking_code": {"type": "string"},
        "status": {"type": "string", "enum": list(workflow.STATUSES)},
        "category": {"type": "string"}, "region_code": {"type": "string"},
        "priority": {"type": "string", "enum": list(PRIORITY_NAMES.values())},
        "assignee": {"type": "string", "nullable": True},
        "due_date": {"type": "string", "format": "date", "nullable": True},
        "overdue": {"type": "boolean"}, "workers_affected": {"type": "integer"},
        "shortfall": {"type": "string", "nullable": True},
        "flags": {"type": "array", "items": {"type": "string"}},
        "employer": {"type": "object"}, "created_at": {"type": "string", "format": "date-time"},
        "age_days": {"type": "integer"}}},
    "Case": {"type": "object", "description": "The whole case; `complainant` is null unless "
             "the caller may see the identity (the view is recorded).",
             "properties": {"id": {"type": "integer"}, "status": {"type": "string"},
                            "available_moves": {"type": "array", "items": {"type": "object"}},
                            "timeline": {"type": "array", "items": {"type": "object"}},
                            "complainant": {"type": "object", "nullable": True}}},
}

# The queue's filters, as ``queue.QueueFilters.from_args`` accepts them (the exports take
# the same ones). Values are trimmed and blank means "no filter"; a text beyond its length is
# refused rather than cut.
QUEUE_FILTER_PARAMS = [
    _query("status", "a status, or `open` / `closed`; none: every status you may see",
           {"type": "string", "enum": [*queue.STATUS_GROUPS, *workflow.STATUSES]}),
    _query("category", "category code",
           {"type": "string", "pattern": "^[a-z_]{1,40}$"}),
    _query("region", "region code, e.g. 64.72",
           {"type": "string", "pattern": "^[0-9]{2}[.][0-9]{2}$"}),
    _query("priority", "low, normal, high, urgent (or 1-4)",
           {"type": "string", "enum": [*PRIORITY_NAMES.values(),
                                       *(str(level) for level in PRIORITY_NAMES)]}),
    _query("assignee", "`mine`, `unassigned`, an email or a user id",
           {"type": "string", "maxLength": 320,
            "pattern": "^(mine|unassigned|[0-9]{1,10}|[^@]*@.*)$"}),
    _query("overdue", "1: only cases past their due date",
           {"type": "string", "enum": ["1", "0", "true", "false", "yes", "no", "on", "off",
                                       "ya", "tidak"]}),
    _query("date_from", f"filed on or after (YYYY-MM-DD, WITA; years {FIRST_YEAR}-{LAST_YEAR})",
           {"type": "string", "format": "date"}),
    _query("date_to", f"filed on or before (YYYY-MM-DD, WITA; years {FIRST_YEAR}-{LAST_YEAR}); "
           "not before date_from",
           {"type": "string", "format": "date"}),
    _query("employer", "employer id, or part of its name",
           {"type": "string", "maxLength": 200}),
    _query("q", "tracking code, employer name or complaint text",
           {"type": "string", "maxLength": 200}),
]

OPENAPI_PATHS = {
    "/api/v1/cases": {"get": {
        "summary": "The staff queue, one page (keyset pagination)",
        "security": _BEARER,
        "parameters": [
            *QUEUE_FILTER_PARAMS,
            _query("sort", "due (default), priority or age",
                   {"type": "string", "enum": list(queue.SORTS)}),
            _query("cursor", "`next_cursor` of the previous page",
                   {"type": "string", "maxLength": 200}),
            _query("limit", "1-200, default 50",
                   {"type": "integer", "minimum": 1, "maximum": queue.MAX_LIMIT}),
        ],
        "responses": {"200": {"description": "a page", **_json({
            "type": "object", "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/QueueItem"}},
                "next_cursor": {"type": "string", "nullable": True}}})},
            **_errors(400, 401, 403)}}},
    "/api/v1/cases/{case_id}": {"get": {
        "summary": "One case (coordinator, assigned inspector; pool cases to inspectors)",
        "security": _BEARER, "parameters": [_ID],
        "responses": {"200": {"description": "the case",
                              **_json({"$ref": "#/components/schemas/Case"})},
                      **_errors(401, 403, 404)}}},
    "/api/v1/cases/{case_id}/transitions": {"post": {
        "summary": "Move the case to another status (the workflow table decides)",
        "security": _BEARER, "parameters": [_ID],
        "requestBody": {"required": True, **_json({"type": "object", "required": ["to"],
            "properties": {
                "to": {"type": "string", "enum": list(workflow.STATUSES)},
                "note": {"type": "string", "description": "reason; required for rejected, "
                         "referred, merged and reopening; public"},
                "merged_into": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                "referral_body": {"type": "string", "enum": list(workflow.REFERRAL_BODIES)},
                "compliance_deadline": {"type": "string", "format": "date",
                                        "description": "nota deadline; default configurable"},
            }})},
        "responses": {"200": {"description": "moved",
                              **_json({"$ref": "#/components/schemas/Case"})},
                      **_errors(400, 401, 403, 404, 409, 422)}}},
    "/api/v1/cases/{case_id}/assign": {"post": {
        "summary": "Assign the case to an inspector (coordinators)",
        "security": _BEARER, "parameters": [_ID],
        "requestBody": {"required": True, **_json({
            "type": "object", "required": ["inspector"],
            "properties": {"inspector": {"type": "string", "format": "email"}}})},
        "responses": {"200": {"description": "assigned", **_json({"type": "object"})},
                      **_errors(400, 401, 403, 404, 422)}}},
    "/api/v1/cases/{case_id}/claim": {"post": {
        "summary": "Take an unassigned triaged case (inspectors); one winner if two claim",
        "security": _BEARER, "parameters": [_ID],
        "responses": {"200": {"description": "claimed", **_json({"type": "object"})},
                      **_errors(401, 403, 404, 409)}}},
    "/api/v1/cases/{case_id}/notes": {"post": {
        "summary": "Add a note: public notes reach the complainant and the filing union",
        "security": _BEARER, "parameters": [_ID],
        "requestBody": {"required": True, **_json({
            "type": "object", "required": ["body"],
            "properties": {"body": {"type": "string", "minLength": 1, "pattern": "[^\\s]"},
                           "public": {"type": "boolean"}}})},
        "responses": {"201": {"description": "added", **_json({"type": "object"})},
                      **_errors(400, 401, 403, 404, 422)}}},
}
