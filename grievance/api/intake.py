"""Complaints, attachments and tracking (public and union reps): ``/api/v1`` over the intake services.

Anyone may file (rate-limited per client address); a union rep's bearer token files for the
rep's union and is not rate-limited. The complainant proves a case with ``X-Access-Code``;
the filing union's rep with its token.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import DomainError, NotFound, error_response
from ..extensions import db
from ..models import Complaint
from ..rules import N_
from ..rules.access import can_view_staff_case, can_view_union_case
from ..rules.codes import normalize_tracking_code
from ..rules.workflow import STATUS_LABELS
from ..services import attachments, intake, tracking
from ..services import ratelimits as limits
from ..services.intake_schema import CATEGORIES, IntakeInvalid
from . import api_caller, api_user, bp

RATE_LIMITED = N_("Terlalu banyak permintaan dari alamat Anda. Coba lagi nanti.")


def _union_rep():
    user = api_user()
    return user if user is not None and user.role == "union_rep" and user.union_id else None


def _limited(setting: str, scope: str):
    if not limits.take(setting, scope):
        return error_response(429, gettext(RATE_LIMITED))
    return None


def _upload_limited():
    """Public uploads and messages count per address (valid or not); signed-in callers do not."""
    if api_caller() is not None and not request.headers.get("X-Access-Code"):
        return None
    return _limited(limits.PUBLIC_UPLOADS, limits.UPLOADS_SCOPE)


@bp.post("/complaints")
def file_complaint():
    rep = _union_rep()
    if rep is None and not limits.allowed("RATELIMIT_PUBLIC_FILING", "filing"):
        return error_response(429, gettext(RATE_LIMITED))
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(400, gettext("Kirim badan permintaan berupa JSON."))
    key = (request.headers.get("Idempotency-Key") or "").strip()[:64] or None
    try:
        data = intake.parse(payload)
    except IntakeInvalid as error:
        return error_response(422, gettext(error.message), fields=error.field_messages())
    filed = intake.file_complaint(data, form_token=key, filed_by=rep,
                                  source="union" if rep else "api")
    if not filed.created:
        raise intake.refuse_duplicate_api_key()
    if rep is None:
        limits.count("RATELIMIT_PUBLIC_FILING", "filing")
    complaint = filed.complaint
    body = {"tracking_code": complaint.tracking_code, "access_code": filed.access_code,
            "status": complaint.status, "checks": complaint.checks,
            "warnings": [gettext(w) for w in filed.warnings]}
    return jsonify(body), 201


def _case_for_caller(tracking_code: str) -> tuple[Complaint, str]:
    """(case, who): the complainant by access code, or the filing union's rep by token."""
    rep = _union_rep()
    access = request.headers.get("X-Access-Code")
    if access:
        return tracking.find_for_complainant(tracking_code, access), "complainant"
    if rep is not None:
        return tracking.find_for_union(rep, tracking_code), "union"
    raise NotFound(tracking.UNKNOWN)


@bp.get("/track/<tracking_code>")
def track(tracking_code: str):
    refused = _limited("RATELIMIT_TRACKING", "track")
    if refused is not None:
        return refused
    complaint, _who = _case_for_caller(tracking_code)
    return jsonify({
        "tracking_code": complaint.tracking_code,
        "status": complaint.status,
        "status_label": gettext(STATUS_LABELS[complaint.status]),
        "category": complaint.category,
        "created_at": complaint.created_at.isoformat(),
        "last_public_update_at": (complaint.last_public_update_at.isoformat()
                                  if complaint.last_public_update_at else None),
        "history": [{"at": e.at.isoformat(), "status": e.status, "kind": e.kind, "note": e.note}
                    for e in tracking.public_timeline(complaint)],
        "messages": [{"id": m.id, "author": m.author_kind, "body": m.body,
                      "at": m.created_at.isoformat()} for m in tracking.public_messages(complaint)],
    })


@bp.post("/track/<tracking_code>/messages")
def track_message(tracking_code: str):
    refused = _upload_limited()
    if refused is not None:
        return refused
    complaint, who = _case_for_caller(tracking_code)
    payload = request.get_json(silent=True) or {}
    body = payload.get("body") if isinstance(payload, dict) else None
    message = tracking.post_message(complaint, body if isinstance(body, str) else "",
                                    author_kind=who, user=api_user() if who == "union" else None)
    return jsonify({"id": message.id, "created_at": message.created_at.isoformat()}), 201


@bp.post("/complaints/<tracking_code>/attachments")
def upload_attachment(tracking_code: str):
    refused = _upload_limited()
    if refused is not None:
        return refused
    user = api_user()
    if request.headers.get("X-Access-Code"):
        complaint, kind = tracking.find_for_complainant(
            tracking_code, request.headers["X-Access-Code"]), "complainant"
    else:
        code = normalize_tracking_code(tracking_code) or ""
        complaint = db.session.scalar(select(Complaint).where(Complaint.tracking_code == code))
        if complaint is None or not (can_view_staff_case(user, complaint)
                                     or can_view_union_case(user, complaint)):
            raise NotFound(tracking.UNKNOWN)
        kind = "union" if user.role == "union_rep" else "staff"
    upload = request.files.get("file")
    if upload is None:
        raise DomainError(N_("Kirim berkas di bagian multipart bernama file."),
                          fields={"file": N_("Wajib diisi.")})
    try:
        data = attachments.read_limited(upload.stream)
    except RequestEntityTooLarge:
        raise
    attachment = attachments.save(complaint, data, upload.filename, uploaded_by_kind=kind,
                                  user=user if kind != "complainant" else None)
    return jsonify({"id": attachment.id, "filename": attachment.original_name,
                    "size": attachment.size, "content_type": attachment.content_type}), 201


_ERRORS = {str(code): {"description": text, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
    for code, text in ((400, "bad request"), (404, "unknown tracking code or wrong access code"),
                       (413, "file too large"), (415, "not a PDF, JPEG or PNG"),
                       (409, "conflict"), (422, "invalid fields"), (429, "rate limited"))}
_CODE_PARAM = {"name": "tracking_code", "in": "path", "required": True,
               "schema": {"type": "string", "example": "KT-7F3K-9QX2"}}
_ACCESS_HEADER = {"name": "X-Access-Code", "in": "header", "required": False,
                  "description": "the complainant's access code (else a union rep's bearer token)",
                  "schema": {"type": "string", "example": "ABCD-EFGH-JKMN-PQRS"}}


def _errors(*codes: int) -> dict:
    return {str(c): _ERRORS[str(c)] for c in codes}


_DATE = {"type": "string", "format": "date"}
_MONEY = {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "example": "3.500.000"}]}
_YES_NO = {"type": "boolean", "nullable": True}

OPENAPI_SCHEMAS = {
    "ComplaintIn": {
        "type": "object", "required": ["category", "employer", "description"],
        "properties": {
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "employer": {"type": "object", "required": ["name", "region_code"], "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 200,
                         "pattern": "[^\\s]"},
                "region_code": {"type": "string", "example": "64.72",
                                "pattern": "^[0-9]{2}[.][0-9]{2}$"},
                "address": {"type": "string"}, "sector": {"type": "string"}}},
            "description": {"type": "string", "minLength": 10, "maxLength": 5000},
            "workers_affected": {"type": "integer", "minimum": 1, "default": 1},
            "privacy": {"type": "string", "enum": ["anonymous", "confidential", "open"],
                        "default": "confidential"},
            "complainant": {"type": "object", "description": "refused when anonymous",
                            "properties": {k: {"type": "string"}
                                           for k in ("name", "phone", "email", "nik")}},
            "affected_workers": {"type": "array", "items": {"type": "object", "required": ["name"],
                                 "properties": {"name": {"type": "string"},
                                                "position": {"type": "string"}}}},
            "wage": {"type": "object", "properties": {"monthly_wage": _MONEY,
                                                      "year": {"type": "integer"}}},
            "contract": {"type": "object", "properties": {
                "type": {"type": "string", "enum": ["pkwt", "pkwtt", "outsourced", "none"]},
                "start_date": _DATE, "end_date": _DATE, "renewals": {"type": "integer"},
                "written": _YES_NO, "permanent_work": _YES_NO}},
            "outsourcing": {"type": "object", "properties": {"company": {"type": "string"}}},
            "bpjs": {"type": "object", "properties": {
                "ketenagakerjaan": _YES_NO, "kesehatan": _YES_NO, "employment_start": _DATE}},
            "thr": {"type": "object", "properties": {
                "holiday": _DATE, "paid_on": _DATE, "amount_paid": _MONEY, "employment_start": _DATE}},
            "overtime": {"type": "object", "properties": {
                "days": {"type": "integer"}, "hours_per_day": {"type": "number"},
                "rest_days": {"type": "integer"}, "rest_day_hours": {"type": "number"}}},
            "severance": {"type": "object", "properties": {
                "end_date": _DATE, "service_years": {"type": "integer"},
                "service_months": {"type": "integer"}}},
        },
    },
    "Filed": {"type": "object", "properties": {
        "tracking_code": {"type": "string"}, "access_code": {"type": "string"},
        "status": {"type": "string"}, "checks": {"type": "array", "items": {"type": "object"}},
        "warnings": {"type": "array", "items": {"type": "string"}}}},
}

OPENAPI_PATHS = {
    "/api/v1/complaints": {"post": {
        "summary": "File a complaint (anyone, rate-limited; or a union rep's token)",
        "security": [{}, {"bearer": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                        "schema": {"type": "string", "maxLength": 64},
                        "description": "a repeat with the same key is refused with 409"}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ComplaintIn"}}}},
        "responses": {"201": {"description": "filed; the access code is shown only here",
                              "content": {"application/json": {
                                  "schema": {"$ref": "#/components/schemas/Filed"}}}},
                      **_errors(400, 409, 422, 429)}}},
    "/api/v1/complaints/{tracking_code}/attachments": {"post": {
        "summary": "Add a PDF, JPEG or PNG to a case (complainant by access code, or staff/union)",
        "security": [{}, {"bearer": []}],
        "parameters": [_CODE_PARAM, _ACCESS_HEADER],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}},
        "responses": {"201": {"description": "stored", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"id": {"type": "integer"}, "filename": {"type": "string"},
                                             "size": {"type": "integer"},
                                             "content_type": {"type": "string"}}}}}},
                      **_errors(400, 404, 409, 413, 415, 429)}}},
    "/api/v1/track/{tracking_code}": {"get": {
        "summary": "Status, public history and public messages of a case",
        "security": [{}, {"bearer": []}],
        "parameters": [_CODE_PARAM, _ACCESS_HEADER],
        "responses": {"200": {"description": "the public view of the case"},
                      **_errors(404, 429)}}},
    "/api/v1/track/{tracking_code}/messages": {"post": {
        "summary": "A public message from the complainant (or the filing union)",
        "security": [{}, {"bearer": []}],
        "parameters": [_CODE_PARAM, _ACCESS_HEADER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}}}},
        "responses": {"201": {"description": "posted"}, **_errors(400, 404, 429)}}},
}
