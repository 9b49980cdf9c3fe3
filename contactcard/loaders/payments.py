"""A contact's payments and the payment links sent to it."""

from __future__ import annotations

from contactcard.db.models import Payment, PaymentLink
from contactcard.loaders.lists import ListSpec

PAYMENTS = ListSpec("payments", Payment.__table__, "contact_id", ("created_at", "id"))
PAYMENT_LINKS = ListSpec("paymentLinks", PaymentLink.__table__, "contact_id", ("created_at", "id"))
