"""Public statistics and case exports."""

from __future__ import annotations

OPENAPI_PATHS: dict = {}
