"""Timeline events, e-commerce totals from purchases, and consents (the log and the current state)."""

from __future__ import annotations

from sqlalchemy import Executable, func, select
from sqlalchemy.dialects.postgresql import distinct_on

from contactcard.auth.visibility import WORKSPACE, Visibility, visible_contact_ids
from contactcard.db.models import Consent, TimelineEvent, User
from contactcard.db.prepared import prepared
from contactcard.loaders.base import ManyByKeyLoader
from contactcard.loaders.lists import ListSpec, Lookup

events = TimelineEvent.__table__
consents = Consent.__table__

TIMELINE = ListSpec("timeline", events, "contact_id", ("occurred_at", "id"))
RECORDED_BY = Lookup("recorded_by", User.__table__, "recorded_by_id")
CONSENT_LOG = ListSpec("consentLog", consents, "contact_id", ("recorded_at", "id"), lookups=(RECORDED_BY,))


class PurchaseTotalsByContactLoader(ManyByKeyLoader[int]):
    """Per contact and currency: how many purchases and their total."""

    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return (
            select(
                events.c.contact_id,
                events.c.currency,
                func.count().label("orders"),
                func.sum(events.c.amount).label("total"),
            )
            .where(
                events.c.workspace_id == WORKSPACE,
                events.c.contact_id.in_(visible_contact_ids(visibility)),
                events.c.type == "PURCHASE",
                events.c.amount.is_not(None),
            )
            .group_by(events.c.contact_id, events.c.currency)
        )


class ConsentStatesByContactLoader(ManyByKeyLoader[int]):
    """The latest consent row of each channel of each contact (the log is append-only)."""

    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return (
            select(consents)
            .ext(distinct_on(consents.c.contact_id, consents.c.channel))
            .where(
                consents.c.workspace_id == WORKSPACE,
                consents.c.contact_id.in_(visible_contact_ids(visibility)),
            )
            .order_by(
                consents.c.contact_id, consents.c.channel, consents.c.recorded_at.desc(), consents.c.id.desc()
            )
        )
