"""``/api/v1/openapi.json``: the description of every API endpoint of the project."""

from __future__ import annotations

from flask import jsonify

from . import bp


def document() -> dict:
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pengaduan Pekerja Kaltim API", "version": "1"},
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": error},
        },
        "paths": {
            "/healthz": {"get": {
                "summary": "Liveness and database check",
                "responses": {"200": {"description": "up", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "status": {"type": "string"}, "database": {"type": "string"}}}}}},
                    "503": {"description": "database unreachable"}}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3 document"}}}},
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
