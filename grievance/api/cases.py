"""The staff queue and casework (coordinators, inspectors)."""

from __future__ import annotations

OPENAPI_PATHS: dict = {}
