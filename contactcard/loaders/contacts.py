"""Contacts: by id, the visible list (keyset-paginated), its count, and what identifies a contact."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Executable, Select, any_, func, select, tuple_
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility, visible_contact_ids, visible_contacts
from contactcard.db.models import Company, Contact, ContactChannel, ContactCompany, ContactTag, Tag
from contactcard.db.prepared import param, prepared, prepared_for_values
from contactcard.loaders.base import LoaderEnv, ManyByKeyLoader, OneByKeyLoader

contacts = Contact.__table__


channels = ContactChannel.__table__


class ChannelsByContactLoader(ManyByKeyLoader[int]):
    """All emails, phones and messengers of each contact, by kind then position."""

    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return (
            select(channels)
            .where(
                channels.c.workspace_id == WORKSPACE,
                channels.c.contact_id.in_(visible_contact_ids(visibility)),
            )
            .order_by(channels.c.contact_id, channels.c.kind, channels.c.position, channels.c.id)
        )

    def prime_from(self, contact_rows: list[Any]) -> None:
        """Remember the channels that came with contact rows (their `channels` column, see below)."""
        query = self.query(self.env.visibility)
        for row in contact_rows:
            self.prime(row.id, query.to_rows(row.channels or [], by_name=True))


def with_channels(query: Select[Any]) -> Select[Any]:
    """`query` on contacts, each row with its channels (in the channels loader's order) as one array of
    rows: the identity a card or a list shows (primaryEmail, primaryPhone) needs no statement of its own."""
    ch = channels.alias("ch")
    ordered = aggregate_order_by(ch.table_valued(), ch.c.kind, ch.c.position, ch.c.id)
    of_contact = (ch.c.workspace_id == contacts.c.workspace_id) & (ch.c.contact_id == contacts.c.id)
    return query.add_columns(
        select(func.array_agg(ordered)).where(of_contact).scalar_subquery().label("channels")
    )


class ContactByIdLoader(OneByKeyLoader[int]):
    """A contact the viewer may see, or None: one that does not exist and one they may not see look alike.
    The contacts it reads bring their channels to `channels` (one statement for both)."""

    key_column = "id"

    def __init__(self, env: LoaderEnv, channels: ChannelsByContactLoader) -> None:
        super().__init__(env)
        self.channels = channels

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        visible = select(contacts).where(visible_contacts(visibility, contacts), contacts.c.id == any_(KEYS))
        return with_channels(visible)

    async def rows(self, keys: list[int]) -> list[Any]:
        rows = await super().rows(keys)
        self.channels.prime_from(rows)
        return rows

    def remember(self, rows: list[Any]) -> None:
        """Contacts read by another statement of contacts with channels (a page of the list)."""
        for row in rows:
            self.prime(row.id, row)
        self.channels.prime_from(rows)


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


@prepared_for_values
def contacts_page_query(visibility: Visibility, after: bool) -> Executable:
    """Visible contacts, newest first, `limit` rows after the keyset position (`after_created_at`,
    `after_id`) when `after`."""
    query = with_channels(select(contacts).where(visible_contacts(visibility, contacts)))
    if after:
        position = (param("after_created_at", DateTime(timezone=True)), param("after_id"))
        query = query.where(tuple_(contacts.c.created_at, contacts.c.id) < tuple_(*position))
    return query.order_by(contacts.c.created_at.desc(), contacts.c.id.desc()).limit(param("limit"))


@prepared_for_values
def contacts_count_query(visibility: Visibility) -> Executable:
    return (
        select(func.count().label("total"))
        .select_from(contacts)
        .where(visible_contacts(visibility, contacts))
    )


def contacts_page_values(limit: int, after: tuple[datetime, int] | None) -> dict[str, Any]:
    """The parameters of `contacts_page_query` for a page of `limit` after the position `after`."""
    if after is None:
        return {"limit": limit}
    return {"limit": limit, "after_created_at": after[0], "after_id": after[1]}


async def list_contacts(env: LoaderEnv, limit: int, after: tuple[datetime, int] | None) -> list[Any]:
    query = contacts_page_query(env.visibility, after is not None)
    return await env.rows(query, **contacts_page_values(limit, after))


async def count_contacts(env: LoaderEnv) -> int:
    rows = await env.rows(contacts_count_query(env.visibility))
    return int(rows[0][0])


async def visible_contact(
    conn: AsyncConnection, env: LoaderEnv, pk: int, lock: bool, *, deleted: bool = False
) -> Any:
    """A contact the viewer may see (`deleted`: one of their soft-deleted ones), read in a mutation's
    transaction (`lock`: FOR UPDATE), or None."""
    return (await visible_contacts_of(conn, env, [pk], lock, deleted=deleted)).get(pk)


async def visible_contacts_of(
    conn: AsyncConnection, env: LoaderEnv, pks: list[int], lock: bool, *, deleted: bool = False
) -> dict[int, Any]:
    """Those of `pks` that are contacts the viewer may see, by id, in one statement; locked in id order
    (so that two writes locking overlapping sets wait for each other instead of deadlocking)."""
    condition = visible_contacts(env.visibility, contacts, deleted=deleted)
    query = select(contacts).where(condition, contacts.c.id.in_(pks)).order_by(contacts.c.id)
    result = await conn.execute(query.with_for_update() if lock else query, env.values)
    return {row.id: row for row in result}
