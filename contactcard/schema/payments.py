"""Payments and payment links."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import PaymentStatus
from contactcard.schema.money import Money
from contactcard.schema.node import Node

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
    def from_row(cls, row: Record) -> Payment:
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
    def from_row(cls, row: Record) -> PaymentLink:
        return cls(
            id=strawberry.ID(to_global_id("PaymentLink", row.id)),
            provider=row.provider,
            url=row.url,
            amount=Money.of(row.amount, row.currency),
            description=row.description,
            expires_at=row.expires_at,
            created_at=row.created_at,
        )
