"""Contacts: by id, the visible list (keyset-paginated), its count, and what identifies a contact."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Executable, any_, func, select, tuple_

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility, visible_contact_ids, visible_contacts
from contactcard.db.models import Company, Contact, ContactChannel, ContactCompany, ContactTag, Tag
from contactcard.db.prepared import param, prepared
from contactcard.loaders.base import LoaderEnv, ManyByKeyLoader, OneByKeyLoader

contacts = Contact.__table__


class ContactByIdLoader(OneByKeyLoader[int]):
    """A contact the viewer may see, or None: one that does not exist and one they may not see look alike."""

    key_column = "id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return select(contacts).where(visible_contacts(visibility, contacts), contacts.c.id == any_(KEYS))


class ChannelsByContactLoader(ManyByKeyLoader[int]):
    """All emails, phones and messengers of each contact, by kind then position."""

    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        channels = ContactChannel.__table__
        return (
            select(channels)
            .where(
                channels.c.workspace_id == WORKSPACE,
                channels.c.contact_id.in_(visible_contact_ids(visibility)),
            )
            .order_by(channels.c.contact_id, channels.c.kind, channels.c.position, channels.c.id)
        )


class TagsByContactLoader(ManyByKeyLoader[int]):
    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return (
            select(ContactTag.contact_id, Tag.id, Tag.name, Tag.color)
            .join(Tag, (Tag.workspace_id == ContactTag.workspace_id) & (Tag.id == ContactTag.tag_id))
            .where(
                ContactTag.workspace_id == WORKSPACE,
                ContactTag.contact_id.in_(visible_contact_ids(visibility)),
            )
            .order_by(ContactTag.contact_id, Tag.name)
        )


class CompanyLinksByContactLoader(ManyByKeyLoader[int]):
    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
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
                ContactCompany.workspace_id == WORKSPACE,
                ContactCompany.contact_id.in_(visible_contact_ids(visibility)),
            )
            .order_by(ContactCompany.contact_id, ContactCompany.position, Company.name)
        )


@prepared
def contacts_page_query(visibility: Visibility, after: bool) -> Executable:
    """Visible contacts, newest first, `limit` rows after the keyset position (`after_created_at`,
    `after_id`) when `after`."""
    query = select(contacts).where(visible_contacts(visibility, contacts))
    if after:
        position = (param("after_created_at", DateTime(timezone=True)), param("after_id"))
        query = query.where(tuple_(contacts.c.created_at, contacts.c.id) < tuple_(*position))
    return query.order_by(contacts.c.created_at.desc(), contacts.c.id.desc()).limit(param("limit"))


@prepared
def contacts_count_query(visibility: Visibility) -> Executable:
    return (
        select(func.count().label("total"))
        .select_from(contacts)
        .where(visible_contacts(visibility, contacts))
    )


async def list_contacts(env: LoaderEnv, limit: int, after: tuple[datetime, int] | None) -> list[Any]:
    query = contacts_page_query(env.visibility, after is not None)
    if after is None:
        return await env.rows(query, limit=limit)
    return await env.rows(query, limit=limit, after_created_at=after[0], after_id=after[1])


async def count_contacts(env: LoaderEnv) -> int:
    rows = await env.rows(contacts_count_query(env.visibility))
    return int(rows[0][0])
