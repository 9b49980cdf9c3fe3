"""Payments and payment links, calls, and course enrollments."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.db.base import AnyRow
from contactcard.loaders.commerce import CALLER, COURSE
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import CallDirection, CallStatus, EnrollmentStatus, PaymentStatus
from contactcard.schema.money import Money
from contactcard.schema.node import Node
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class Payment(Node):
    id: strawberry.ID
    provider: str
    amount: Money
    description: str | None
    status: PaymentStatus
    external_id: str | None = strawberry.field(description="The payment's id at the provider.")
    paid_at: datetime | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: AnyRow) -> Payment:
        return cls(
            id=strawberry.ID(to_global_id("Payment", row.id)),
            provider=row.provider,
            amount=Money.of(row.amount, row.currency),
            description=row.description,
            status=PaymentStatus(row.status),
            external_id=row.external_id,
            paid_at=row.paid_at,
            created_at=row.created_at,
        )


@strawberry.type(description="A link the contact can pay through.")
class PaymentLink(Node):
    id: strawberry.ID
    provider: str
    url: str
    amount: Money
    description: str | None
    expires_at: datetime | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: AnyRow) -> PaymentLink:
        return cls(
            id=strawberry.ID(to_global_id("PaymentLink", row.id)),
            provider=row.provider,
            url=row.url,
            amount=Money.of(row.amount, row.currency),
            description=row.description,
            expires_at=row.expires_at,
            created_at=row.created_at,
        )


@strawberry.type
class Call(Node):
    id: strawberry.ID
    source_row: strawberry.Private[AnyRow]
    """The list row it was made from: joined references are read from it only when asked."""
    direction: CallDirection
    status: CallStatus
    phone_number: str | None
    started_at: datetime
    duration: int = strawberry.field(description="Seconds; 0 for a missed call.")
    recording_url: str | None

    @strawberry.field(description="The user who took or made the call.")
    def user(self) -> User | None:
        return user_of(CALLER.row(self.source_row))

    @classmethod
    def from_row(cls, row: AnyRow) -> Call:
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


@strawberry.type
class Course:
    id: strawberry.ID
    title: str
    description: str | None
    lesson_count: int

    @classmethod
    def from_row(cls, row: AnyRow) -> Course:
        return cls(
            id=strawberry.ID(to_global_id("Course", row.id)),
            title=row.title,
            description=row.description,
            lesson_count=row.lesson_count,
        )


@strawberry.type(description="A contact's place in a course.")
class Enrollment(Node):
    id: strawberry.ID
    source_row: strawberry.Private[AnyRow]
    """The list row it was made from: joined references are read from it only when asked."""
    progress: int = strawberry.field(description="Percent of the course done, 0..100.")
    status: EnrollmentStatus
    blocked: bool
    enrolled_at: datetime
    completed_at: datetime | None

    @strawberry.field
    def course(self) -> Course | None:
        row = COURSE.row(self.source_row)
        return None if row is None else Course.from_row(row)

    @classmethod
    def from_row(cls, row: AnyRow) -> Enrollment:
        return cls(
            id=strawberry.ID(to_global_id("Enrollment", row.id)),
            source_row=row,
            progress=row.progress,
            status=EnrollmentStatus(row.status),
            blocked=row.blocked,
            enrolled_at=row.enrolled_at,
            completed_at=row.completed_at,
        )
