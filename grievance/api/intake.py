"""Complaints, attachments and tracking (public and union reps)."""

from __future__ import annotations

OPENAPI_PATHS: dict = {}
