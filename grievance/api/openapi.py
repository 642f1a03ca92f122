"""``/api/v1/openapi.json``: the description of every API endpoint of the project.

Each API module keeps the description of its own endpoints next to them in ``OPENAPI_PATHS``
(and any shared schemas in ``OPENAPI_SCHEMAS``); this module only assembles the document.
"""

from __future__ import annotations

from importlib import import_module

from flask import jsonify

from . import API_MODULES, bp

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}},
}

OPENAPI_PATHS = {
    "/healthz": {"get": {
        "summary": "Liveness and database check",
        "responses": {"200": {"description": "up", "content": {"application/json": {
            "schema": {"type": "object", "properties": {
                "status": {"type": "string"}, "database": {"type": "string"}}}}}},
            "503": {"description": "database unreachable"}}}},
    "/api/v1/openapi.json": {"get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3 document"}}}},
}


def document() -> dict:
    paths = dict(OPENAPI_PATHS)
    schemas = {"Error": ERROR_SCHEMA}
    for name in API_MODULES:
        module = import_module(f"{__package__}.{name}")
        paths.update(getattr(module, "OPENAPI_PATHS", {}))
        schemas.update(getattr(module, "OPENAPI_SCHEMAS", {}))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pengaduan Pekerja Kaltim API", "version": "1"},
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
        "paths": dict(sorted(paths.items())),
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
