"""Tables, split by subject. Import models from here."""

from .cases import (
    PRIVACY_LEVELS,
    STATUSES,
    AffectedWorker,
    Attachment,
    CaseEvent,
    Complainant,
    Complaint,
    Employer,
    Message,
)
from .people import ROLES, ApiToken, Union, User
from .reference import Category, Region, Sector, WageFloorRow
from .system import AuditEvent, OutboxMessage
from .types import Money, UTCDateTime, utcnow

__all__ = [
    "PRIVACY_LEVELS", "ROLES", "STATUSES",
    "AffectedWorker", "ApiToken", "Attachment", "AuditEvent", "CaseEvent", "Category",
    "Complainant", "Complaint", "Employer", "Message", "Money", "OutboxMessage", "Region",
    "Sector", "Union", "User", "UTCDateTime", "WageFloorRow", "utcnow",
]
