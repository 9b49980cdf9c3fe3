"""The courses tab's entries: enrollments, each in a course."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import EnrollmentStatus
from contactcard.schema.node import Node

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class Course:
    id: strawberry.ID
    title: str
    description: str | None
    lesson_count: int

    @classmethod
    def from_row(cls, row: Record) -> Course:
        return cls(
            id=strawberry.ID(to_global_id("Course", row.id)),
            title=row.title,
            description=row.description,
            lesson_count=row.lesson_count,
        )


@strawberry.type(description="A contact's place in a course.")
class Enrollment(Node):
    id: strawberry.ID
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""
    progress: int = strawberry.field(description="Percent of the course done, 0..100.")
    status: EnrollmentStatus
    blocked: bool
    enrolled_at: datetime
    completed_at: datetime | None

    @strawberry.field
    def course(self) -> Course | None:
        row = self.source_row.course
        return None if row is None else Course.from_row(row)

    @classmethod
    def from_row(cls, row: Record) -> Enrollment:
        return cls(
            id=strawberry.ID(to_global_id("Enrollment", row.id)),
            source_row=row,
            progress=row.progress,
            status=EnrollmentStatus(row.status),
            blocked=row.blocked,
            enrolled_at=row.enrolled_at,
            completed_at=row.completed_at,
        )
