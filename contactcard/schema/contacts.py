"""The Contact type and its identity: channels; its summary (tags, custom field values, companies, purchases,
owners) comes from the section registry (schema/sections.py), its tabs from the tab registry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers import contacts as resolve
from contactcard.resolvers import layouts as resolve_layouts
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.behaviour import (
    ConsentState,
)
from contactcard.schema.card import ContactCard, card_of
from contactcard.schema.card_reads import read_first_pages
from contactcard.schema.enums import (
    ChannelKind,
    ContactSource,
    ContactStatus,
)
from contactcard.schema.money import Money
from contactcard.schema.node import Node
from contactcard.schema.sections import with_sections
from contactcard.schema.tabs import consents_of, with_tabs

Info = strawberry.Info[RequestContext, None]


@strawberry.type(description="An email address, phone number or messenger handle of a contact.")
class Channel:
    id: strawberry.ID
    kind: ChannelKind
    value: str
    normalized: str
    platform: str | None = strawberry.field(description="For messengers: telegram, whatsapp, …")
    is_primary: bool
    position: int

    @classmethod
    def from_row(cls, row: Record) -> Channel:
        return cls(
            id=strawberry.ID(to_global_id("Channel", row.id)),
            kind=ChannelKind(row.kind),
            value=row.value,
            normalized=row.normalized,
            platform=row.platform,
            is_primary=row.is_primary,
            position=row.position,
        )


def _channel_field(kind: ChannelKind) -> Any:
    async def resolver(root: Contact, info: Info) -> list[Channel]:
        return [Channel.from_row(row) for row in await resolve.channels(info.context, root.pk, kind)]

    return strawberry.field(resolver=resolver)


def _primary_field(kind: ChannelKind) -> Any:
    async def resolver(root: Contact, info: Info) -> str | None:
        return await resolve.primary_channel_value(info.context, root.pk, kind)

    return strawberry.field(resolver=resolver, description=f"The primary {kind.value.lower()}.")


@strawberry.type
@with_tabs
@with_sections
class Contact(Node):
    pk: strawberry.Private[int]
    assigned_user_id: strawberry.Private[int | None]
    group_id: strawberry.Private[int | None]
    attributes: strawberry.Private[dict[str, Any]]

    name: str = strawberry.field(
        description="First and last name joined; `Contact <number>` when both are empty."
    )
    first_name: str | None
    last_name: str | None
    source: ContactSource
    status: ContactStatus
    close_reason: str | None
    interest: str | None
    score: int
    birthday: date | None
    location: str | None
    created_at: datetime
    updated_at: datetime

    emails: list[Channel] = _channel_field(ChannelKind.EMAIL)
    phones: list[Channel] = _channel_field(ChannelKind.PHONE)
    messengers: list[Channel] = _channel_field(ChannelKind.MESSENGER)
    primary_email: str | None = _primary_field(ChannelKind.EMAIL)
    primary_phone: str | None = _primary_field(ChannelKind.PHONE)

    last_activity_at: datetime | None

    # -- the tabs: generated from the registry (schema/tabs.py, `with_tabs`); the consents are a summary --
    @strawberry.field(description="The current consent per channel (UNKNOWN where the contact never said).")
    async def consents(self, info: Info) -> list[ConsentState]:
        return await consents_of(info.context, self.pk)

    @strawberry.field(description="The card: the enabled panels of the viewer's layout, in its order.")
    async def card(self, info: Info) -> ContactCard:
        card = card_of(self, await resolve_layouts.effective_layout(info.context), info.context)
        await read_first_pages(info, self.pk, card.panels)
        return card

    # -- what the card header shows -----------------------------------------------------------------
    @strawberry.field(description="How many deals the contact is part of.")
    async def deal_count(self, info: Info) -> int:
        return await resolve_summaries.deal_count(info.context, self.pk)

    @strawberry.field(
        description="The amount of the contact's open deals, one entry per currency, largest first."
    )
    async def open_deal_amount(self, info: Info) -> list[Money]:
        totals = await resolve_summaries.open_deal_amounts(info.context, self.pk)
        return [Money.of(amount, currency) for amount, currency in totals]

    @classmethod
    def from_row(cls, row: Record) -> Contact:
        first, last = row.first_name, row.last_name
        name = " ".join(part for part in (first, last) if part) or f"Contact {row.id}"
        return cls(
            id=strawberry.ID(to_global_id("Contact", row.id)),
            pk=row.id,
            assigned_user_id=row.assigned_user_id,
            group_id=row.group_id,
            attributes=row.attributes,
            name=name,
            first_name=first,
            last_name=last,
            source=ContactSource(row.source),
            status=ContactStatus(row.status),
            close_reason=row.close_reason,
            interest=row.interest,
            score=row.score,
            birthday=row.birthday,
            location=row.location,
            created_at=row.created_at,
            updated_at=row.updated_at,
            last_activity_at=row.last_activity_at,
        )
