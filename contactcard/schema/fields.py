"""Custom field definitions in GraphQL: the list every user reads, and the admins' mutations."""

from __future__ import annotations

import strawberry

from contactcard.db.enums import FieldType
from contactcard.domain.errors import CustomFieldCode
from contactcard.loaders.base import Record
from contactcard.resolvers import field_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.node import Node
from contactcard.schema.payloads import Problem, provided

Info = strawberry.Info[RequestContext, None]

strawberry.enum(
    CustomFieldCode, name="CustomFieldErrorCode", description="Why a custom field mutation wrote nothing."
)


@strawberry.type(description="A field the workspace adds to every contact; its values are `Contact.fields`.")
class CustomField(Node):
    key: str = strawberry.field(description="Names the value in API inputs; cannot change.")
    label: str
    type: FieldType
    required: bool
    options: list[str] = strawberry.field(description="SELECT and MULTISELECT: the values it takes.")
    position: int

    @classmethod
    def from_row(cls, row: Record) -> CustomField:
        return cls(
            id=strawberry.ID(to_global_id("CustomField", row.id)),
            key=row.key,
            label=row.label,
            type=FieldType(row.type),
            required=row.required,
            options=list(row.options),
            position=row.position,
        )


@strawberry.type(name="CustomFieldError")
class CustomFieldError(Problem[CustomFieldCode]):
    pass


@strawberry.type
class CustomFieldPayload:
    custom_field: CustomField | None
    user_errors: list[CustomFieldError]


@strawberry.type
class CustomFieldDeletePayload:
    deleted_custom_field_id: strawberry.ID | None
    values_cleared: int | None = strawberry.field(description="How many contacts had a value of it.")
    user_errors: list[CustomFieldError]


@strawberry.input
class CustomFieldCreateInput:
    key: str = strawberry.field(description="a-z, 0-9 and _, starting with a letter; at most 64.")
    label: str
    type: FieldType
    required: bool = False
    options: list[str] | None = strawberry.field(default=None, description="SELECT and MULTISELECT only.")
    position: int | None = strawberry.field(default=None, description="Default: after the last field.")


@strawberry.input(
    description="What to change; a type or options change is refused while stored values cannot take it."
)
class CustomFieldUpdateInput:
    label: str | None = strawberry.UNSET
    type: FieldType | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    options: list[str] | None = strawberry.UNSET
    position: int | None = strawberry.UNSET


async def _payload(info: Info, outcome: Outcome[int]) -> CustomFieldPayload:
    errors = CustomFieldError.list_of(outcome.errors)
    if outcome.value is None:
        return CustomFieldPayload(custom_field=None, user_errors=errors)
    rows = await info.context.loaders.custom_fields_by_workspace.load(info.context.viewer.workspace_id)
    row = next((r for r in rows if r.id == outcome.value), None)
    return CustomFieldPayload(
        custom_field=None if row is None else CustomField.from_row(row), user_errors=errors
    )


async def custom_fields(info: Info) -> list[CustomField]:
    rows = await info.context.loaders.custom_fields_by_workspace.load(info.context.viewer.workspace_id)
    return [CustomField.from_row(row) for row in rows]


@strawberry.type
class CustomFieldQuery:
    custom_fields: list[CustomField] = strawberry.field(
        resolver=custom_fields, description="The workspace's custom fields, in display order."
    )


@strawberry.type
class CustomFieldMutation:
    @strawberry.mutation(description="Add a custom field to every contact (admins).")
    async def custom_field_create(self, info: Info, input: CustomFieldCreateInput) -> CustomFieldPayload:
        return await _payload(info, await write.create(info.context, provided(input)))

    @strawberry.mutation(description="Change a custom field (admins).")
    async def custom_field_update(
        self, info: Info, id: strawberry.ID, input: CustomFieldUpdateInput
    ) -> CustomFieldPayload:
        return await _payload(info, await write.update(info.context, id, provided(input)))

    @strawberry.mutation(description="Delete a custom field and every contact's value of it (admins).")
    async def custom_field_delete(self, info: Info, id: strawberry.ID) -> CustomFieldDeletePayload:
        outcome = await write.delete(info.context, id)
        return CustomFieldDeletePayload(
            deleted_custom_field_id=None if outcome.value is None else id,
            values_cleared=outcome.value,
            user_errors=CustomFieldError.list_of(outcome.errors),
        )
