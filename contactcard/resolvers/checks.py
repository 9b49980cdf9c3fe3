"""Input checks the tab mutations share. Each adds a user error (in the unit's own code enum) to `errors`
and returns what to store, so that one refusal lists every problem of an input."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from contactcard.db.writes import contacts as contact_sql
from contactcard.domain.errors import UserError
from contactcard.domain.money import MoneyRefused, money
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit

MAX_LINKED_CONTACTS = 50
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No reported moment (a call's start, an event) lies before this."""
FUTURE_SLACK = timedelta(days=1)
"""How far into the future a reported moment (a call's start, an event) may lie: clocks differ."""


class MoneyLike(Protocol):
    amount: str
    currency: str


def text(
    unit: Unit, errors: list[UserError], field: str, value: str | None, limit: int, *, required: bool = False
) -> str | None:
    """`value` trimmed (blank: None); TOO_LONG past `limit`, INVALID_VALUE when required and blank."""
    trimmed = (value or "").strip() or None
    if trimmed is None and required:
        errors.append(unit.error(field, "INVALID_VALUE", "cannot be empty"))
    elif trimmed is not None and len(trimmed) > limit:
        errors.append(unit.error(field, "TOO_LONG", f"at most {limit} characters"))
    return trimmed


def amount(unit: Unit, errors: list[UserError], field: str, value: MoneyLike) -> tuple[Decimal, str] | None:
    try:
        return money(value.amount, value.currency)
    except MoneyRefused as refused:
        code = "INVALID_AMOUNT" if refused.part == "amount" else "INVALID_CURRENCY"
        errors.append(unit.error(f"{field}.{refused.part}", code, str(refused)))
        return None


def moment(unit: Unit, errors: list[UserError], field: str, value: datetime) -> datetime:
    """A reported past moment: with a time zone, and not (much) in the future."""
    if value.tzinfo is None:
        errors.append(unit.error(field, "INVALID_VALUE", "give the time zone (…Z or …+03:00)"))
        return value
    if value > datetime.now(UTC) + FUTURE_SLACK:
        errors.append(unit.error(field, "OUT_OF_RANGE", "lies in the future"))
    elif value < EARLIEST:
        errors.append(unit.error(field, "OUT_OF_RANGE", "lies before 1970"))
    return value


async def user(unit: Unit, errors: list[UserError], field: str, global_id: str | None) -> int | None:
    """An active user of the workspace (None stays None); UNKNOWN_USER otherwise."""
    if global_id is None:
        return None
    pk = pk_of(global_id, "User")
    row = None if pk is None else await contact_sql.active_user(unit.conn, unit.workspace_id, pk)
    if row is None:
        errors.append(unit.error(field, "UNKNOWN_USER", "no such active user"))
        return None
    return int(row.id)


async def users(
    unit: Unit, errors: list[UserError], field: str, global_ids: Sequence[str], limit: int
) -> list[int]:
    if len(global_ids) > limit:
        errors.append(unit.error(field, "TOO_MANY", f"at most {limit}"))
        return []
    pks = [pk_of(gid, "User") for gid in global_ids]
    rows = await contact_sql.active_users(unit.conn, unit.workspace_id, [pk for pk in pks if pk is not None])
    for index, pk in enumerate(pks):
        if pk not in rows:
            errors.append(unit.error(f"{field}.{index}", "UNKNOWN_USER", "no such active user"))
    return list(dict.fromkeys(pk for pk in pks if pk in rows))


async def contact(unit: Unit, errors: list[UserError], field: str, global_id: str) -> Any:
    """A contact the viewer sees (locked); NOT_FOUND on `field` for any other."""
    row = await unit.find_contact(global_id)
    if row is None:
        errors.append(unit.error(field, "NOT_FOUND", "no such contact"))
    return row


async def contacts(
    unit: Unit,
    errors: list[UserError],
    field: str,
    global_ids: Sequence[str],
    *,
    at_least: int = 1,
    at_most: int = MAX_LINKED_CONTACTS,
) -> list[Any]:
    """Distinct contacts the viewer sees (each locked); NOT_FOUND at `field.i` for any other."""
    if not at_least <= len(global_ids) <= at_most:
        code = "TOO_MANY" if len(global_ids) > at_most else "INVALID_VALUE"
        errors.append(unit.error(field, code, f"{at_least} to {at_most} contacts"))
        return []
    found = await unit.find_contacts(list(global_ids))
    rows: dict[int, Any] = {}
    for index, global_id in enumerate(global_ids):
        row = found.get(global_id)
        if row is None:
            errors.append(unit.error(f"{field}.{index}", "NOT_FOUND", "no such contact"))
        else:
            rows.setdefault(row.id, row)
    return list(rows.values())
