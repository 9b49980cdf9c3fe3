"""Contact mutations in GraphQL: inputs, payloads, and the fields that call `resolvers/contact_writes.py`."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import ChannelKind, ContactSource, ContactStatus
from contactcard.domain.errors import ContactCode
from contactcard.resolvers import contact_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.contacts import Contact
from contactcard.schema.payloads import Problem, provided

Info = strawberry.Info[RequestContext, None]

strawberry.enum(ContactCode, name="ContactErrorCode", description="Why a contact mutation wrote nothing.")


@strawberry.type(name="ContactError")
class ContactError(Problem[ContactCode]):
    pass


@strawberry.type
class ContactPayload:
    contact: Contact | None
    user_errors: list[ContactError]


@strawberry.type
class ContactDeletePayload:
    deleted_contact_id: strawberry.ID | None
    restorable_until: datetime | None = strawberry.field(description="`contactRestore` works until then.")
    user_errors: list[ContactError]


@strawberry.input
class MessengerInput:
    platform: str = strawberry.field(description="telegram, whatsapp, viber, vk, instagram, facebook, …")
    handle: str


@strawberry.input
class FieldValueInput:
    key: str
    value: JSON | None = strawberry.field(description="As the field's type takes it; null unsets.")


@strawberry.input(description="A new contact: a name or at least one email, phone or messenger.")
class ContactCreateInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    emails: list[str] | None = strawberry.field(default=strawberry.UNSET, description="The first is primary.")
    phones: list[str] | None = strawberry.field(
        default=strawberry.UNSET,
        description="With +country code, or as dialled in the workspace's default region; stored as E.164.",
    )
    messengers: list[MessengerInput] | None = strawberry.UNSET
    source: ContactSource | None = strawberry.field(
        default=strawberry.UNSET, description="MANUAL (default) or API."
    )
    assigned_to_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Default: you. Null: unassigned, in your group."
    )
    group_id: strawberry.ID | None = strawberry.UNSET
    tags: list[str] | None = strawberry.field(default=strawberry.UNSET, description="Created on first use.")
    fields: list[FieldValueInput] | None = strawberry.UNSET
    interest: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    birthday: date | None = strawberry.UNSET
    score: int | None = strawberry.UNSET


@strawberry.input(description="The fields to change; an omitted field is kept, null clears it.")
class ContactUpdateInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    interest: str | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    birthday: date | None = strawberry.UNSET
    score: int | None = strawberry.UNSET
    status: ContactStatus | None = strawberry.UNSET
    close_reason: str | None = strawberry.UNSET


@strawberry.input(description="Omitted: kept. An assignee brings their group unless `groupId` is given.")
class ContactAssignInput:
    assigned_to_id: strawberry.ID | None = strawberry.UNSET
    group_id: strawberry.ID | None = strawberry.UNSET


@strawberry.input
class ContactChannelAddInput:
    kind: ChannelKind
    value: str
    platform: str | None = strawberry.field(default=None, description="Messengers only.")
    primary: bool = strawberry.field(default=False, description="Make it the primary of its kind.")


@strawberry.input
class ContactChannelInput:
    channel_id: strawberry.ID


@strawberry.input
class ContactTagsInput:
    tags: list[str] = strawberry.field(description="Tag names (at most 250), matched without regard to case.")


@strawberry.input
class ContactFieldsSetInput:
    values: list[FieldValueInput] = strawberry.field(description="At most 250.")


async def contact_payload(info: Info, outcome: Outcome[int]) -> ContactPayload:
    """The contact a mutation wrote, read back through the request's loaders (as the viewer sees it)."""
    if outcome.value is None:
        return ContactPayload(contact=None, user_errors=ContactError.list_of(outcome.errors))
    row = await info.context.loaders.contact_by_id.load(outcome.value)
    return ContactPayload(contact=None if row is None else Contact.from_row(row), user_errors=[])


@strawberry.type
class ContactMutation:
    @strawberry.mutation(description="Add a contact.")
    async def contact_create(self, info: Info, input: ContactCreateInput) -> ContactPayload:
        return await contact_payload(info, await write.create(info.context, provided(input)))

    @strawberry.mutation(description="Change some of a contact's fields.")
    async def contact_update(
        self, info: Info, id: strawberry.ID, input: ContactUpdateInput
    ) -> ContactPayload:
        return await contact_payload(info, await write.update(info.context, id, provided(input)))

    @strawberry.mutation(description="A new contact with the identity of this one (channels, tags, fields).")
    async def contact_duplicate(self, info: Info, id: strawberry.ID) -> ContactPayload:
        return await contact_payload(info, await write.duplicate(info.context, id))

    @strawberry.mutation(description="Delete a contact (restorable for 30 days with `contactRestore`).")
    async def contact_delete(self, info: Info, id: strawberry.ID) -> ContactDeletePayload:
        outcome = await write.delete(info.context, id)
        return ContactDeletePayload(
            deleted_contact_id=None if outcome.value is None else id,
            restorable_until=outcome.value,
            user_errors=ContactError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Bring back a contact deleted in the last 30 days.")
    async def contact_restore(self, info: Info, id: strawberry.ID) -> ContactPayload:
        return await contact_payload(info, await write.restore(info.context, id))

    @strawberry.mutation(description="Assign a contact to a user and/or a group.")
    async def contact_assign(
        self, info: Info, id: strawberry.ID, input: ContactAssignInput
    ) -> ContactPayload:
        return await contact_payload(info, await write.assign(info.context, id, provided(input)))

    @strawberry.mutation(description="Add an email, phone or messenger.")
    async def contact_channel_add(
        self, info: Info, id: strawberry.ID, input: ContactChannelAddInput
    ) -> ContactPayload:
        outcome = await write.channel_add(
            info.context, id, input.kind, input.value, input.platform, input.primary
        )
        return await contact_payload(info, outcome)

    @strawberry.mutation(description="Remove a channel; the next of its kind becomes primary.")
    async def contact_channel_remove(self, info: Info, input: ContactChannelInput) -> ContactPayload:
        return await contact_payload(info, await write.channel_remove(info.context, input.channel_id))

    @strawberry.mutation(description="Make a channel the primary of its kind.")
    async def contact_channel_set_primary(self, info: Info, input: ContactChannelInput) -> ContactPayload:
        return await contact_payload(info, await write.channel_set_primary(info.context, input.channel_id))

    @strawberry.mutation(description="Tag a contact; tags are created on first use.")
    async def contact_tags_add(
        self, info: Info, id: strawberry.ID, input: ContactTagsInput
    ) -> ContactPayload:
        return await contact_payload(info, await write.tags_add(info.context, id, input.tags))

    @strawberry.mutation(description="Untag a contact.")
    async def contact_tags_remove(
        self, info: Info, id: strawberry.ID, input: ContactTagsInput
    ) -> ContactPayload:
        return await contact_payload(info, await write.tags_remove(info.context, id, input.tags))

    @strawberry.mutation(description="Set custom field values (null unsets).")
    async def contact_fields_set(
        self, info: Info, id: strawberry.ID, input: ContactFieldsSetInput
    ) -> ContactPayload:
        return await contact_payload(info, await write.fields_set(info.context, id, list(input.values)))
