"""A contact's tabs as plain functions: the `Contact` fields and the card's panels both call these."""

from __future__ import annotations

from contactcard.db.enums import TimelineEventType
from contactcard.loaders.activity import HISTORY
from contactcard.loaders.behaviour import CONSENT_LOG, TIMELINE
from contactcard.loaders.commerce import CALLS, ENROLLMENTS, PAYMENT_LINKS, PAYMENTS
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.lists import list_page
from contactcard.schema.activity import HistoryEntry, history_entry
from contactcard.schema.behaviour import (
    ConsentRecord,
    ConsentState,
    TimelineEvent,
    consent_states,
    timeline_event,
)
from contactcard.schema.commerce import Call, Enrollment, Payment, PaymentLink
from contactcard.schema.deals import Deal
from contactcard.schema.enums import HistoryFilter
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.tasks import Task

Page = tuple[RequestContext, int, int | None, str | None]


async def history(
    ctx: RequestContext,
    pk: int,
    first: int | None,
    after: str | None,
    only: HistoryFilter = HistoryFilter.ALL,
) -> Connection[HistoryEntry]:
    filters = (("kind", ("COMMENT",)),) if only is HistoryFilter.COMMENTS else ()
    return connection(await list_page(ctx, HISTORY, pk, first, after, filters), history_entry)


async def deals(ctx: RequestContext, pk: int, first: int | None, after: str | None) -> Connection[Deal]:
    return connection(await list_page(ctx, DEALS_OF_CONTACT, pk, first, after), Deal.from_row)


async def tasks(ctx: RequestContext, pk: int, first: int | None, after: str | None) -> Connection[Task]:
    return connection(await list_page(ctx, TASKS_OF_CONTACT, pk, first, after), Task.from_row)


async def payments(ctx: RequestContext, pk: int, first: int | None, after: str | None) -> Connection[Payment]:
    return connection(await list_page(ctx, PAYMENTS, pk, first, after), Payment.from_row)


async def payment_links(
    ctx: RequestContext, pk: int, first: int | None, after: str | None
) -> Connection[PaymentLink]:
    return connection(await list_page(ctx, PAYMENT_LINKS, pk, first, after), PaymentLink.from_row)


async def calls(ctx: RequestContext, pk: int, first: int | None, after: str | None) -> Connection[Call]:
    return connection(await list_page(ctx, CALLS, pk, first, after), Call.from_row)


async def courses(
    ctx: RequestContext, pk: int, first: int | None, after: str | None
) -> Connection[Enrollment]:
    return connection(await list_page(ctx, ENROLLMENTS, pk, first, after), Enrollment.from_row)


async def timeline(
    ctx: RequestContext,
    pk: int,
    first: int | None,
    after: str | None,
    types: list[TimelineEventType] | None = None,
) -> Connection[TimelineEvent]:
    """`types` None (or empty, as a panel setting) means every type."""
    filters = (("type", tuple(sorted({t.value for t in types}))),) if types else ()
    return connection(await list_page(ctx, TIMELINE, pk, first, after, filters), timeline_event)


async def consents(ctx: RequestContext, pk: int) -> list[ConsentState]:
    return consent_states(await resolve_summaries.consent_states(ctx, pk))


async def consent_log(
    ctx: RequestContext, pk: int, first: int | None, after: str | None
) -> Connection[ConsentRecord]:
    return connection(await list_page(ctx, CONSENT_LOG, pk, first, after), ConsentRecord.from_row)
