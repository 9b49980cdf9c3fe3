"""Payments, payment links, calls, and course enrollments of a contact."""

from __future__ import annotations

from sqlalchemy import Executable, any_, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility
from contactcard.db.models import Call, Course, Enrollment, Payment, PaymentLink
from contactcard.db.prepared import prepared
from contactcard.loaders.base import OneByKeyLoader
from contactcard.loaders.lists import ListSpec

PAYMENTS = ListSpec("payments", Payment.__table__, "contact_id", ("created_at", "id"))
PAYMENT_LINKS = ListSpec("paymentLinks", PaymentLink.__table__, "contact_id", ("created_at", "id"))
CALLS = ListSpec("calls", Call.__table__, "contact_id", ("started_at", "id"))
ENROLLMENTS = ListSpec("courses", Enrollment.__table__, "contact_id", ("enrolled_at", "id"))


class CourseByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        courses = Course.__table__
        return select(courses).where(courses.c.workspace_id == WORKSPACE, courses.c.id == any_(KEYS))
