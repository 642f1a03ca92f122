"""Plain stand-ins for a user and a case: ``rules.access`` reads attributes, nothing more.

Shared by the access matrices (``test_access.py``, ``test_access_downloads.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

FILING_UNION, OTHER_UNION = 1, 2
ASSIGNEE_ID = 10


@dataclass(frozen=True)
class User:
    id: int
    role: str
    union_id: int | None = None
    is_active: bool = True


@dataclass(frozen=True)
class Case:
    status: str = "inspection"
    id: int = 500
    assignee_id: int | None = ASSIGNEE_ID
    filed_by_union_id: int | None = FILING_UNION
    filed_by_user_id: int | None = 30
    privacy: str = "confidential"
