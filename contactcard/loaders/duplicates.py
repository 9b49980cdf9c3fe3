"""Possible duplicates of a contact: visible contacts sharing a normalised email or phone with it, or with a
similar name (`contactcard_name_similarity`: pg_trgm's similarity, migration 0005)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable, Float, and_, cast, func, literal_column, or_, select

from contactcard.auth.visibility import WORKSPACE, Visibility, visible_contacts
from contactcard.db.models import Contact, ContactChannel
from contactcard.db.prepared import param, prepared_for_values
from contactcard.loaders.base import LoaderEnv

NAME_THRESHOLD = 0.5
"""Names at least this similar are candidates (`Jon Smith` ~ `John Smith` is 0.62, unrelated names < 0.3)."""


def _full_name(table: Any) -> Any:
    return func.concat_ws(" ", table.c.first_name, table.c.last_name)


@prepared_for_values
def duplicates_query(visibility: Visibility) -> Executable:
    contacts, channels = Contact.__table__, ContactChannel.__table__
    me = contacts.alias("me")
    mine = channels.alias("mine")
    theirs = channels.alias("theirs")
    c = contacts.alias("c")
    shared = (
        select(func.array_agg(func.distinct(theirs.c.kind)))
        .select_from(
            theirs.join(mine, and_(mine.c.kind == theirs.c.kind, mine.c.normalized == theirs.c.normalized))
        )
        .where(
            theirs.c.workspace_id == WORKSPACE,
            theirs.c.contact_id == c.c.id,
            mine.c.workspace_id == WORKSPACE,
            mine.c.contact_id == me.c.id,
            theirs.c.kind != "MESSENGER",
        )
        .scalar_subquery()
    )
    named = and_(
        func.length(_full_name(me)) > 0,
        cast(func.contactcard_name_similarity(_full_name(c), _full_name(me)), Float) >= NAME_THRESHOLD,
    )
    found = (
        select(
            c.c.id,
            shared.label("shared_kinds"),
            cast(func.contactcard_name_similarity(_full_name(c), _full_name(me)), Float).label("name_score"),
        )
        .select_from(c.join(me, and_(me.c.workspace_id == c.c.workspace_id, me.c.id == param("contact_id"))))
        .where(visible_contacts(visibility, c), c.c.id != me.c.id, or_(shared.is_not(None), named))
        .subquery("found")
    )
    shares = func.coalesce(func.cardinality(found.c.shared_kinds), 0)
    return (
        select(found)
        .order_by(shares.desc(), found.c.name_score.desc(), literal_column("id"))
        .limit(param("limit"))
    )


async def duplicates_of(env: LoaderEnv, contact_id: int, limit: int) -> list[Any]:
    """`(id, shared_kinds, name_score)` of the likeliest duplicates, most shared channels first."""
    return await env.rows(duplicates_query(env.visibility), contact_id=contact_id, limit=limit)
