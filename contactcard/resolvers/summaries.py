"""What the card header shows about a contact: deal totals, purchases, consents, and lookups by id."""

from __future__ import annotations

from decimal import Decimal

from contactcard.db.base import AnyRow
from contactcard.loaders.files import FILES
from contactcard.resolvers.context import RequestContext


async def deal_count(ctx: RequestContext, contact_id: int) -> int:
    return sum(int(row.deals) for row in await ctx.loaders.deal_totals_by_contact.load(contact_id))


async def open_deal_amounts(ctx: RequestContext, contact_id: int) -> list[tuple[Decimal, str]]:
    """The amount of the contact's open deals, per currency, the largest first."""
    rows = await ctx.loaders.deal_totals_by_contact.load(contact_id)
    totals = [(row.open_amount, row.currency) for row in rows if row.open_amount is not None]
    return sorted(totals, key=lambda total: (-total[0], total[1]))


async def purchase_totals(ctx: RequestContext, contact_id: int) -> list[tuple[int, Decimal, str]]:
    """(orders, total, currency) per currency of the contact's purchases, the largest total first."""
    rows = await ctx.loaders.purchase_totals_by_contact.load(contact_id)
    return sorted(((int(r.orders), r.total, r.currency) for r in rows), key=lambda t: (-t[1], t[2]))


async def consent_states(ctx: RequestContext, contact_id: int) -> dict[str, AnyRow]:
    """The latest consent row per channel."""
    return {row.channel: row for row in await ctx.loaders.consent_states_by_contact.load(contact_id)}


async def files(ctx: RequestContext, file_ids: list[int]) -> list[AnyRow]:
    """Files by id, in that order (a comment's attachments), those the viewer may see."""
    rows = await ctx.loaders.record_of(FILES).load_many(file_ids)
    return [row for row in rows if row is not None]
