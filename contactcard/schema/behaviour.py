"""What a contact did (timeline events, purchases) and what they agreed to (consents)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import TimelineEventType as EventType
from contactcard.loaders.base import Record
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import ConsentChannel, ConsentStatus, TimelineEventType
from contactcard.schema.money import Money
from contactcard.schema.node import Node
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]


@strawberry.interface(
    description="Something the contact did. `properties` holds everything the event carried."
)
class TimelineEvent(Node):
    id: strawberry.ID
    type: TimelineEventType
    occurred_at: datetime
    properties: JSON


@strawberry.type(description="A visit to a page.")
class VisitEvent(TimelineEvent):
    page: str | None
    device: str | None
    os: str | None
    browser: str | None


@strawberry.type(description="A message sent to the contact, opened or clicked (email, SMS, web push).")
class MessageEvent(TimelineEvent):
    channel: str | None
    campaign: str | None


@strawberry.type
class PurchaseItem:
    sku: str | None
    name: str | None
    quantity: int
    price: Money | None


@strawberry.type
class PurchaseEvent(TimelineEvent):
    amount: Money | None
    order_id: str | None
    items: list[PurchaseItem]


@strawberry.type
class FormSubmittedEvent(TimelineEvent):
    form: str | None


@strawberry.type(description="A coupon given to or used by the contact.")
class CouponEvent(TimelineEvent):
    code: str | None
    discount_percent: int | None


@strawberry.type(description="An event sent by another system.")
class ExternalEvent(TimelineEvent):
    name: str | None
    source: str | None


def _text(properties: dict[str, Any], key: str) -> str | None:
    value = properties.get(key)
    return None if value is None else str(value)


def _int(properties: dict[str, Any], key: str) -> int | None:
    value = properties.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _price(value: Any, currency: str | None) -> Money | None:
    try:
        return Money.maybe(Decimal(str(value)), currency) if value is not None else None
    except InvalidOperation:
        return None


def _items(properties: dict[str, Any], currency: str | None) -> list[PurchaseItem]:
    raw = properties.get("items")
    return [
        PurchaseItem(
            sku=_text(item, "sku"),
            name=_text(item, "name"),
            quantity=_int(item, "quantity") or 1,
            price=_price(item.get("price"), currency),
        )
        for item in (raw if isinstance(raw, list) else [])
        if isinstance(item, dict)
    ]


_MESSAGES = {EventType.MESSAGE_SENT, EventType.MESSAGE_OPENED, EventType.MESSAGE_CLICKED}


def timeline_event(row: Record) -> TimelineEvent:
    """The event type that fits the row; properties from outside systems may lack any key, hence the Nones."""
    kind = EventType(row.type)
    props: dict[str, Any] = row.properties if isinstance(row.properties, dict) else {}
    common: dict[str, Any] = {
        "id": strawberry.ID(to_global_id("TimelineEvent", row.id)),
        "type": kind,
        "occurred_at": row.occurred_at,
        "properties": props,
    }
    if kind is EventType.VISIT:
        return VisitEvent(**common, page=_text(props, "page"), device=_text(props, "device"),
                          os=_text(props, "os"), browser=_text(props, "browser"))  # fmt: skip
    if kind in _MESSAGES:
        return MessageEvent(**common, channel=_text(props, "channel"), campaign=_text(props, "campaign"))
    if kind is EventType.PURCHASE:
        return PurchaseEvent(**common, amount=Money.maybe(row.amount, row.currency),
                             order_id=_text(props, "orderId"), items=_items(props, row.currency))  # fmt: skip
    if kind is EventType.FORM_SUBMITTED:
        return FormSubmittedEvent(**common, form=_text(props, "form"))
    if kind is EventType.COUPON:
        return CouponEvent(
            **common, code=_text(props, "code"), discount_percent=_int(props, "discountPercent")
        )
    return ExternalEvent(**common, name=_text(props, "name"), source=_text(props, "source"))


TIMELINE_TYPES = [VisitEvent, MessageEvent, PurchaseEvent, FormSubmittedEvent, CouponEvent, ExternalEvent]


@strawberry.type(
    description="Totals of the contact's purchases, per currency (never summed across currencies)."
)
class Ecommerce:
    order_count: int
    total_value: list[Money]
    average_order_value: list[Money]

    @classmethod
    def of(cls, totals: list[tuple[int, Decimal, str]]) -> Ecommerce:
        return cls(
            order_count=sum(orders for orders, _, _ in totals),
            total_value=[Money.of(total, currency) for _, total, currency in totals],
            average_order_value=[
                Money.of(total / orders, currency) for orders, total, currency in totals if orders
            ],
        )


@strawberry.type(description="The contact's current consent on one channel: the latest entry of its log.")
class ConsentState:
    channel: ConsentChannel
    state: ConsentStatus
    since: datetime | None
    source: str | None


@strawberry.type(description="One entry of the append-only consent log.")
class ConsentRecord(Node):
    id: strawberry.ID
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""
    channel: ConsentChannel
    state: ConsentStatus
    source: str
    note: str | None
    recorded_at: datetime

    @strawberry.field
    def recorded_by(self) -> User | None:
        return user_of(self.source_row.recorded_by)

    @classmethod
    def from_row(cls, row: Record) -> ConsentRecord:
        return cls(
            id=strawberry.ID(to_global_id("ConsentRecord", row.id)),
            source_row=row,
            channel=ConsentChannel(row.channel),
            state=ConsentStatus(row.state),
            source=row.source,
            note=row.note,
            recorded_at=row.recorded_at,
        )


def consent_states(latest: dict[str, Record]) -> list[ConsentState]:
    """Every channel, in the enum's order: its latest log row, or UNKNOWN."""
    states = []
    for channel in ConsentChannel:
        row = latest.get(channel.value)
        states.append(
            ConsentState(channel=channel, state=ConsentStatus.UNKNOWN, since=None, source=None)
            if row is None
            else ConsentState(
                channel=channel, state=ConsentStatus(row.state), since=row.recorded_at, source=row.source
            )
        )
    return states
