"""The courses tab: a contact's enrollments, each with its course."""

from __future__ import annotations

from contactcard.db.models import Course, Enrollment
from contactcard.loaders.lists import ListSpec, Lookup

COURSE = Lookup("course", Course.__table__, "course_id")
COURSES_OF_CONTACT = ListSpec(
    "courses", Enrollment.__table__, "contact_id", ("enrolled_at", "id"), lookups=(COURSE,)
)
"""The tab's entries are enrollments (GraphQL `Enrollment`): a contact's place in a course."""
