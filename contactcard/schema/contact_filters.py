"""The contact list's filter and order inputs (resolvers/contact_filter.py compiles them)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import ContactSource, ContactStatus
from contactcard.domain.periods import Period

strawberry.enum(Period, description="A period in the workspace's time zone; CUSTOM takes `from` and `to`.")


@strawberry.enum
class ContactOrderField(StrEnum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    LAST_ACTIVITY_AT = "LAST_ACTIVITY_AT"
    NAME = "NAME"
    DEAL_COUNT = "DEAL_COUNT"
    CUSTOM_FIELD = "CUSTOM_FIELD"


@strawberry.enum
class OrderDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class ContactOrder:
    field: ContactOrderField
    direction: OrderDirection = OrderDirection.DESC
    key: str | None = strawberry.field(default=None, description="CUSTOM_FIELD: the field's key.")


@strawberry.enum(
    description="How a custom field is compared; which operators a field takes depends on its type."
)
class FieldOperator(StrEnum):
    EQ = "EQ"
    NE = "NE"
    IN = "IN"
    CONTAINS = "CONTAINS"
    GT = "GT"
    LT = "LT"
    BETWEEN = "BETWEEN"
    IS_EMPTY = "IS_EMPTY"


@strawberry.input(
    description="A condition on a custom field: TEXT and URL take EQ NE IN CONTAINS IS_EMPTY; NUMBER EQ NE "
    "IN GT LT BETWEEN IS_EMPTY; DATE EQ NE GT LT BETWEEN IS_EMPTY; BOOLEAN EQ NE IS_EMPTY; SELECT EQ NE IN "
    "IS_EMPTY; MULTISELECT CONTAINS (every given option) IN (any of them) IS_EMPTY."
)
class FieldCondition:
    key: str
    op: FieldOperator
    value: JSON | None = None
    values: list[JSON] | None = strawberry.field(default=None, description="IN: the values; BETWEEN: two.")


@strawberry.input
class PeriodFilter:
    period: Period
    from_: datetime | None = strawberry.field(default=None, name="from", description="CUSTOM: inclusive.")
    to: datetime | None = strawberry.field(default=None, description="CUSTOM: exclusive.")


@strawberry.input(description="Assigned to any of these users, or to you, or to nobody.")
class AssigneeFilter:
    user_ids: list[strawberry.ID] | None = None
    me: bool = False
    unassigned: bool = False


@strawberry.input(description="Tag names, without regard to case.")
class TagFilter:
    any: list[str] | None = strawberry.field(default=None, description="At least one of these.")
    all: list[str] | None = strawberry.field(default=None, description="Every one of these.")
    none: list[str] | None = strawberry.field(default=None, description="None of these.")


@strawberry.input
class ActivityFilter:
    before: datetime | None = None
    after: datetime | None = None


@strawberry.input
class MessengerFilter:
    platform: str | None = None
    handle: str | None = strawberry.field(default=None, description="Part of the handle, `@` or not.")


@strawberry.input(
    description="Conditions on contacts, all of which must hold (and one of the `or` groups, if given); "
    "at most 12 conditions in all."
)
class ContactFilter:
    search: str | None = strawberry.field(
        default=None,
        description="Part of the name, an email or a phone (digits in any format); case and accents ignored.",
    )
    created: PeriodFilter | None = None
    assigned_to: AssigneeFilter | None = None
    group_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="With their sub-groups."
    )
    sources: list[ContactSource] | None = None
    status: ContactStatus | None = None
    close_reasons: list[str] | None = None
    interests: list[str] | None = None
    location: str | None = strawberry.field(default=None, description="Part of the location.")
    tags: TagFilter | None = None
    has_open_deals: bool | None = None
    last_activity: ActivityFilter | None = None
    messenger: MessengerFilter | None = None
    fields: list[FieldCondition] | None = strawberry.field(default=None, description="Each a condition.")
    or_: list[ContactFilter] | None = strawberry.field(
        default=None, name="or", description="Groups of conditions, one of which must hold (one level deep)."
    )


@strawberry.input(
    description="Contacts to act on: up to 250 ids, or a filter (matching more than 250: run as a job)."
)
class ContactSelection:
    ids: list[strawberry.ID] | None = None
    filter: ContactFilter | None = None
