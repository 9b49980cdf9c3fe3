"""Contacts: by id, the visible list (keyset-paginated), its count, and what identifies a contact."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Select, func, select, tuple_

from contactcard.auth.visibility import visible_contact_ids, visible_contacts
from contactcard.db.base import AnyRow, any_of
from contactcard.db.models import Company, Contact, ContactChannel, ContactCompany, ContactTag, Tag
from contactcard.loaders.base import LoaderEnv, ManyByKeyLoader, OneByKeyLoader, fetch_rows

contacts = Contact.__table__


class ContactByIdLoader(OneByKeyLoader[int]):
    """A contact the viewer may see, or None: one that does not exist and one they may not see look alike."""

    key_column = "id"

    def statement(self, keys: list[int]) -> Executable:
        return select(contacts).where(
            visible_contacts(self.env.viewer, contacts), any_of(contacts.c.id, keys)
        )


class ChannelsByContactLoader(ManyByKeyLoader[int]):
    """All emails, phones and messengers of each contact, by kind then position."""

    key_column = "contact_id"

    def statement(self, keys: list[int]) -> Executable:
        channels = ContactChannel.__table__
        return (
            select(channels)
            .where(
                channels.c.workspace_id == self.env.workspace_id,
                channels.c.contact_id.in_(visible_contact_ids(self.env.viewer, keys)),
            )
            .order_by(channels.c.contact_id, channels.c.kind, channels.c.position, channels.c.id)
        )


class TagsByContactLoader(ManyByKeyLoader[int]):
    key_column = "contact_id"

    def statement(self, keys: list[int]) -> Executable:
        return (
            select(ContactTag.contact_id, Tag.id, Tag.name, Tag.color)
            .join(Tag, (Tag.workspace_id == ContactTag.workspace_id) & (Tag.id == ContactTag.tag_id))
            .where(
                ContactTag.workspace_id == self.env.workspace_id,
                ContactTag.contact_id.in_(visible_contact_ids(self.env.viewer, keys)),
            )
            .order_by(ContactTag.contact_id, Tag.name)
        )


class CompanyLinksByContactLoader(ManyByKeyLoader[int]):
    key_column = "contact_id"

    def statement(self, keys: list[int]) -> Executable:
        return (
            select(
                ContactCompany.contact_id,
                ContactCompany.job_title,
                Company.id,
                Company.name,
                Company.website,
                Company.industry,
            )
            .join(
                Company,
                (Company.workspace_id == ContactCompany.workspace_id)
                & (Company.id == ContactCompany.company_id),
            )
            .where(
                ContactCompany.workspace_id == self.env.workspace_id,
                ContactCompany.contact_id.in_(visible_contact_ids(self.env.viewer, keys)),
            )
            .order_by(ContactCompany.contact_id, ContactCompany.position, Company.name)
        )


def list_contacts_statement(env: LoaderEnv, limit: int, after: tuple[datetime, int] | None) -> Select[Any]:
    """Visible contacts, newest first, `limit` rows after the keyset position `after` (created_at, id)."""
    query = select(contacts).where(visible_contacts(env.viewer, contacts))
    if after is not None:
        query = query.where(tuple_(contacts.c.created_at, contacts.c.id) < tuple_(*after))
    return query.order_by(contacts.c.created_at.desc(), contacts.c.id.desc()).limit(limit)


async def list_contacts(env: LoaderEnv, limit: int, after: tuple[datetime, int] | None) -> Sequence[AnyRow]:
    return await fetch_rows(env.engine, list_contacts_statement(env, limit, after))


async def count_contacts(env: LoaderEnv) -> int:
    query = select(func.count()).select_from(contacts).where(visible_contacts(env.viewer, contacts))
    rows = await fetch_rows(env.engine, query)
    return int(rows[0][0])
