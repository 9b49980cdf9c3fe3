"""The Contact type and its identity: channels, tags, custom field values, companies, assignee."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.loaders.base import Record
from contactcard.resolvers import contacts as resolve
from contactcard.resolvers import layouts as resolve_layouts
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.behaviour import (
    ConsentState,
    Ecommerce,
)
from contactcard.schema.card import ContactCard, card_of
from contactcard.schema.enums import (
    ChannelKind,
    ContactSource,
    ContactStatus,
    FieldType,
)
from contactcard.schema.money import Money
from contactcard.schema.node import Node
from contactcard.schema.tabs import consents_of, with_tabs
from contactcard.schema.users import Group, User, load_group, load_user

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


@strawberry.type
class Tag:
    id: strawberry.ID
    name: str
    color: str | None

    @classmethod
    def from_row(cls, row: Record) -> Tag:
        return cls(id=strawberry.ID(to_global_id("Tag", row.id)), name=row.name, color=row.color)


@strawberry.type(description="A custom field of the workspace and this contact's value of it.")
class FieldValue:
    key: str
    label: str
    type: FieldType
    required: bool
    options: list[str]
    value: JSON | None = strawberry.field(
        description="null when unset; a string, number, boolean, ISO date or list as the type says"
    )


@strawberry.type
class Company:
    id: strawberry.ID
    name: str
    website: str | None
    industry: str | None


@strawberry.type(description="A contact's place at a company.")
class CompanyLink:
    company: Company
    job_title: str | None


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

    @strawberry.field
    async def assigned_to(self, info: Info) -> User | None:
        return await load_user(info.context, "assignees", self.assigned_user_id)

    @strawberry.field(description="The team the contact belongs to (whose manager and agents see it).")
    async def group(self, info: Info) -> Group | None:
        return await load_group(info.context, self.group_id)

    @strawberry.field
    async def tags(self, info: Info) -> list[Tag]:
        return [Tag.from_row(row) for row in await resolve.tags(info.context, self.pk)]

    @strawberry.field(description="Every custom field of the workspace, in display order, with its value.")
    async def fields(self, info: Info) -> list[FieldValue]:
        return [
            FieldValue(
                key=field.key,
                label=field.label,
                type=FieldType(field.type),
                required=field.required,
                options=list(field.options),
                value=value,
            )
            for field, value in await resolve.field_values(info.context, self.attributes)
        ]

    @strawberry.field
    async def companies(self, info: Info) -> list[CompanyLink]:
        return [
            CompanyLink(
                company=Company(
                    id=strawberry.ID(to_global_id("Company", row.id)),
                    name=row.name,
                    website=row.website,
                    industry=row.industry,
                ),
                job_title=row.job_title,
            )
            for row in await resolve.company_links(info.context, self.pk)
        ]

    # -- the tabs: generated from the registry (schema/tabs.py, `with_tabs`); the consents are a summary --
    @strawberry.field(description="The current consent per channel (UNKNOWN where the contact never said).")
    async def consents(self, info: Info) -> list[ConsentState]:
        return await consents_of(info.context, self.pk)

    @strawberry.field(description="The card: the enabled panels of the viewer's layout, in its order.")
    async def card(self, info: Info) -> ContactCard:
        return card_of(self.pk, await resolve_layouts.effective_layout(info.context), info.context)

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

    @strawberry.field(description="Totals of the contact's purchases (from timeline PURCHASE events).")
    async def ecommerce(self, info: Info) -> Ecommerce:
        return Ecommerce.of(await resolve_summaries.purchase_totals(info.context, self.pk))

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
