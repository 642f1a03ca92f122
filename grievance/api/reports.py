"""Public statistics and case exports (issue 5).

``GET /api/v1/stats`` is public and rate-limited; it returns aggregates only, hidden cells as
``null``. The exports need a coordinator's or a union rep's bearer token.
"""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import get_locale

from ..extensions import limiter
from ..rules.years import FIRST_YEAR, LAST_YEAR
from ..services import exports
from ..services.stats import StatsFilters, public_stats
from . import api_user, bp
from .cases import QUEUE_FILTER_PARAMS


def _stats_limit() -> str:
    return current_app.config.get("RATELIMIT_STATS", "120 per minute")


@bp.get("/stats")
@limiter.limit(_stats_limit)
def stats():
    filters = StatsFilters.from_args(request.args)
    report = public_stats(filters, current_app.config["STATS_SUPPRESS_BELOW"],
                          locale=str(get_locale() or "id"))
    response = jsonify(report.as_json())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/reports/cases.csv")
def export_csv():
    return exports.response(api_user(), "csv", request.args)


@bp.get("/reports/cases.xlsx")
def export_xlsx():
    return exports.response(api_user(), "xlsx", request.args)


_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}}
_FILTER_PARAMS = [
    {"name": "year", "in": "query",
     "schema": {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
     "description": "Year filed (WITA)"},
    {"name": "region", "in": "query",
     "schema": {"type": "string", "example": "64.72", "pattern": "^[0-9]{2}[.][0-9]{2}$"},
     "description": "Kemendagri code of a regency/city of East Kalimantan (422 if unknown)"},
    {"name": "category", "in": "query",
     "schema": {"type": "string", "pattern": "^[a-z_]{1,40}$"},
     "description": "Complaint category code (422 if unknown)"},
]

OPENAPI_SCHEMAS: dict = {
    "Stats": {
        "type": "object",
        "required": ["total", "by_status", "by_category", "by_region", "by_month",
                     "median_days_to_resolve", "suppressed_below"],
        "properties": {
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "total": {"type": "integer", "nullable": True},
            "by_status": _COUNTS,
            "by_category": _COUNTS,
            "by_region": {**_COUNTS, "description": "All 10 regencies/cities, keyed by name"},
            "region_codes": {"type": "object", "additionalProperties": {"type": "string"}},
            "by_month": {**_COUNTS, "description": "Keyed YYYY-MM (month filed, WITA)"},
            "median_days_to_resolve": {"type": "number", "nullable": True},
            "suppressed_below": {"type": "integer"},
            "slice_suppressed": {
                "type": "boolean",
                "description": "The filtered slice is too small (or would let a small one be "
                               "derived): every number is null"},
        },
    },
}

# The queue's filters (sort, cursor and page size aside: an export has every matching case).
_QUEUE_PARAMS = QUEUE_FILTER_PARAMS


def _export_op(kind: str, media: str) -> dict:
    return {"get": {
        "summary": f"Export cases as {kind} (the queue's filters), streamed",
        "description": "Coordinators: every case, with complainant identity only for cases "
                       "filed as open (never confidential ones). Union reps: their union's "
                       "cases only, without identity. Every export is audited.",
        "security": [{"bearer": []}],
        "parameters": _QUEUE_PARAMS,
        "responses": {
            "200": {"description": "one row per case",
                    "content": {media: {"schema": {"type": "string", "format": "binary"}}}},
            "400": {"description": "bad filter"},
            "401": {"description": "no or bad token"},
            "403": {"description": "role may not export"}}}}


OPENAPI_PATHS: dict = {
    "/api/v1/reports/cases.csv": _export_op("CSV", "text/csv"),
    "/api/v1/reports/cases.xlsx": _export_op(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "/api/v1/stats": {"get": {
        "summary": "Public aggregate statistics with small-cell suppression",
        "parameters": _FILTER_PARAMS,
        "responses": {
            "200": {"description": "aggregates; a count below suppressed_below is null",
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Stats"}}}},
            "422": {"description": "unknown filter value", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}},
            "429": {"description": "rate limited"}}}},
}
