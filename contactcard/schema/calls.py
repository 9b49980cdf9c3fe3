"""Calls."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import CallDirection, CallStatus
from contactcard.schema.node import Node
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class Call(Node):
    id: strawberry.ID
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""
    direction: CallDirection
    status: CallStatus
    phone_number: str | None
    started_at: datetime
    duration: int = strawberry.field(description="Seconds; 0 for a missed call.")
    recording_url: str | None

    @strawberry.field(description="The user who took or made the call.")
    def user(self) -> User | None:
        return user_of(self.source_row.caller)

    @classmethod
    def from_row(cls, row: Record) -> Call:
        return cls(
            id=strawberry.ID(to_global_id("Call", row.id)),
            source_row=row,
            direction=CallDirection(row.direction),
            status=CallStatus(row.status),
            phone_number=row.phone_number,
            started_at=row.started_at,
            duration=row.duration_seconds,
            recording_url=row.recording_url,
        )
