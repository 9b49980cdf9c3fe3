"""Money as a CRM takes it: a decimal string with at most two decimals, not negative, below 10^12, and an
ISO 4217 currency (pycountry's list) in capitals. Never a float (DESIGN.md section 2)."""

from __future__ import annotations

import re
from decimal import Decimal

import pycountry

MAX_AMOUNT = Decimal(10) ** 12
_AMOUNT = re.compile(r"^\d{1,13}(\.\d{1,2})?$")
_DECIMAL = re.compile(r"^\d+\.\d+$")


class MoneyRefused(ValueError):
    """Why an amount or currency is not taken; `part` is `amount` or `currency`."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


def amount(raw: str) -> Decimal:
    text = raw.strip()
    if text.startswith("-"):
        raise MoneyRefused("amount", "an amount cannot be negative")
    if not _AMOUNT.match(text):
        detail = "at most 2 decimals" if _DECIMAL.match(text) else "digits with an optional . and 2 decimals"
        raise MoneyRefused("amount", f"{text[:40]!r} is not an amount: {detail}, such as 1250.50")
    value = Decimal(text)
    if value >= MAX_AMOUNT:
        raise MoneyRefused("amount", "an amount is below 1 000 000 000 000")
    return value.quantize(Decimal("0.01"))


def currency(raw: str) -> str:
    code = raw.strip()
    if (
        len(code) != 3
        or not code.isalpha()
        or not code.isupper()
        or pycountry.currencies.get(alpha_3=code) is None
    ):
        raise MoneyRefused(
            "currency", f"{code[:10]!r} is not an ISO 4217 currency code (EUR, USD, RUB, BRL…)"
        )
    return code


def money(raw_amount: str, raw_currency: str) -> tuple[Decimal, str]:
    return amount(raw_amount), currency(raw_currency)
