"""The card's summary sections (seed 003's panel beside the tabs): tags, details (the custom fields),
companies, eCommerce and owners, each a panel kind of the SUMMARY zone.

An entry names the section's panel kind and the contact fields it shows; each field is one function of
the contact. From the entries come both those `Contact` fields (`with_sections`) and the fields of the
section's panel type (`TagsPanel.tags`, …, resolved on the card's contact), so a section is written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import strawberry
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from contactcard.layouts.registry import PanelKind
from contactcard.loaders.base import Record
from contactcard.resolvers import contacts as resolve
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.behaviour import Ecommerce
from contactcard.schema.enums import FieldType
from contactcard.schema.generated import Info, resolver
from contactcard.schema.users import Group, User, load_group, load_user


class ContactFacts(Protocol):
    """What a section needs of its contact (a `Contact` has it)."""

    pk: int
    attributes: dict[str, Any]
    assigned_user_id: int | None
    group_id: int | None


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


async def _tags(contact: ContactFacts, info: Info) -> list[Tag]:
    return [Tag.from_row(row) for row in await resolve.tags(info.context, contact.pk)]


async def _fields(contact: ContactFacts, info: Info) -> list[FieldValue]:
    return [
        FieldValue(
            key=field.key,
            label=field.label,
            type=FieldType(field.type),
            required=field.required,
            options=list(field.options),
            value=value,
        )
        for field, value in await resolve.field_values(info.context, contact.attributes)
    ]


async def _companies(contact: ContactFacts, info: Info) -> list[CompanyLink]:
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
        for row in await resolve.company_links(info.context, contact.pk)
    ]


async def _ecommerce(contact: ContactFacts, info: Info) -> Ecommerce:
    return Ecommerce.of(await resolve_summaries.purchase_totals(info.context, contact.pk))


async def _assigned_to(contact: ContactFacts, info: Info) -> User | None:
    return await load_user(info.context, "assignees", contact.assigned_user_id)


async def _group(contact: ContactFacts, info: Info) -> Group | None:
    return await load_group(info.context, contact.group_id)


@dataclass(frozen=True)
class SectionField:
    name: str
    """The Python name of the field, on `Contact` and on the section's panel."""
    returns: Any
    resolve: Callable[[ContactFacts, Info], Awaitable[Any]]
    description: str | None = None


@dataclass(frozen=True)
class Section:
    kind: PanelKind
    fields: tuple[SectionField, ...]


SECTIONS: tuple[Section, ...] = (
    Section(PanelKind.TAGS, (SectionField("tags", list[Tag], _tags),)),
    Section(PanelKind.DETAILS, (SectionField(
        "fields", list[FieldValue], _fields,
        "Every custom field of the workspace, in display order, with its value.",
    ),)),
    Section(PanelKind.COMPANIES, (SectionField("companies", list[CompanyLink], _companies),)),
    Section(PanelKind.ECOMMERCE, (SectionField(
        "ecommerce", Ecommerce, _ecommerce,
        "Totals of the contact's purchases (from timeline PURCHASE events).",
    ),)),
    Section(PanelKind.OWNERS, (
        SectionField("assigned_to", User | None, _assigned_to, "The user who owns the contact."),
        SectionField("group", Group | None, _group,
                     "The team the contact belongs to (whose manager and agents see it)."),
    )),
)  # fmt: skip
SECTION_OF_PANEL: dict[PanelKind, Section] = {section.kind: section for section in SECTIONS}


def _field(section_field: SectionField, contact_of: Callable[[Any], ContactFacts]) -> StrawberryField:
    async def body(root: Any, info: Info) -> Any:
        return await section_field.resolve(contact_of(root), info)

    made: StrawberryField = strawberry.field(
        resolver=resolver(section_field.name, [], section_field.returns, body),
        description=section_field.description,
    )
    return made


def panel_fields(section: Section) -> dict[str, StrawberryField]:
    """The section panel's fields: the contact's, resolved on the card's contact (`panel.contact`)."""
    return {f.name: _field(f, lambda panel: panel.contact) for f in section.fields}


def with_sections(cls: type) -> type:
    """A class decorator (under `@strawberry.type`): the fields of every section on the contact type."""
    for section in SECTIONS:
        for section_field in section.fields:
            setattr(cls, section_field.name, _field(section_field, lambda contact: contact))
    return cls
