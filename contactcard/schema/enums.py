"""GraphQL enums: the database's own enum classes, registered with strawberry so the two never drift,
and the few that exist only in the API."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from contactcard.db.enums import (
    CallDirection,
    CallStatus,
    ChannelKind,
    ConsentChannel,
    ContactSource,
    ContactStatus,
    DealStatus,
    DocumentStatus,
    EnrollmentStatus,
    FieldType,
    PaymentStatus,
    Role,
    TaskStatus,
    TimelineEventType,
)

strawberry.enum(Role, description="What a user may see and change.")
strawberry.enum(ContactSource, description="How the contact came into the CRM.")
strawberry.enum(ContactStatus)
strawberry.enum(ChannelKind)
strawberry.enum(FieldType, description="The type of a custom field's values.")
strawberry.enum(DealStatus)
strawberry.enum(DocumentStatus, description="Where a document stands.")
strawberry.enum(TaskStatus)
strawberry.enum(PaymentStatus)
strawberry.enum(CallDirection)
strawberry.enum(CallStatus)
strawberry.enum(EnrollmentStatus)
strawberry.enum(TimelineEventType, description="What a contact did.")
strawberry.enum(
    ConsentChannel, description="A channel a contact can consent to be reached on, or data processing."
)


@strawberry.enum(description="Which history entries to list.")
class HistoryFilter(StrEnum):
    ALL = "ALL"
    COMMENTS = "COMMENTS"


@strawberry.enum(description="A contact's consent on a channel; UNKNOWN when they never said.")
class ConsentStatus(StrEnum):
    GRANTED = "GRANTED"
    WITHDRAWN = "WITHDRAWN"
    UNKNOWN = "UNKNOWN"


__all__ = [
    "CallDirection",
    "CallStatus",
    "ChannelKind",
    "ConsentChannel",
    "ConsentStatus",
    "ContactSource",
    "ContactStatus",
    "DealStatus",
    "DocumentStatus",
    "EnrollmentStatus",
    "FieldType",
    "HistoryFilter",
    "PaymentStatus",
    "Role",
    "TaskStatus",
    "TimelineEventType",
]
