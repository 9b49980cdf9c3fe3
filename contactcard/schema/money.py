"""Money: a decimal string and an ISO 4217 currency, never a float."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type(description="An amount of money. `amount` is a decimal string (`1234.50`), never a float.")
class Money:
    amount: str
    currency: str

    @classmethod
    def of(cls, amount: Decimal, currency: str) -> Money:
        return cls(amount=f"{amount:.2f}", currency=currency)

    @classmethod
    def maybe(cls, amount: Decimal | None, currency: str | None) -> Money | None:
        return None if amount is None or currency is None else cls.of(amount, currency)
