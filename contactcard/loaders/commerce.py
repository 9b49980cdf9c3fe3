"""Payments, payment links, calls, and course enrollments of a contact."""

from __future__ import annotations

from contactcard.db.models import Call, Course, Enrollment, Payment, PaymentLink, User
from contactcard.loaders.lists import ListSpec, Lookup

PAYMENTS = ListSpec("payments", Payment.__table__, "contact_id", ("created_at", "id"))
PAYMENT_LINKS = ListSpec("paymentLinks", PaymentLink.__table__, "contact_id", ("created_at", "id"))
CALLER = Lookup("caller", User.__table__, "user_id")
COURSE = Lookup("course", Course.__table__, "course_id")
CALLS = ListSpec("calls", Call.__table__, "contact_id", ("started_at", "id"), lookups=(CALLER,))
ENROLLMENTS = ListSpec(
    "courses", Enrollment.__table__, "contact_id", ("enrolled_at", "id"), lookups=(COURSE,)
)
