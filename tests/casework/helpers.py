"""Helpers for the casework tests: API calls with a bearer token, time travel by argument."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from grievance.services.tokens import create_token

WITA = timezone(timedelta(hours=8))


def at_wita(day: date, hour: int = 10) -> datetime:
    """A moment on ``day`` in Samarinda, to pass as ``now=`` (time travel without freezing)."""
    return datetime.combine(day, time(hour), WITA).astimezone(timezone.utc)


class Api:
    """``Api(client, user).get("/cases")`` with the user's bearer token."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {create_token(user)}"} if user else {}

    def get(self, path, **kwargs):
        return self.client.get(f"/api/v1{path}", headers=self.headers, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post(f"/api/v1{path}", json=json if json is not None else {},
                                headers=self.headers, **kwargs)
