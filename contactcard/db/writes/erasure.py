"""Erasing contacts (GDPR): every row about them, then a tombstone each. The contacts' own rows cascade
(channels, tags, companies, history, payments, links, calls, enrollments, timeline, consents, deal and task
links, files, documents); deals and tasks left with no contact go too (their names and notes are about the
person), and so do notifications that point at the contacts, and the workspace's exports (any CSV may hold
the person; they can be made again). The files' bytes leave the file store after the commit
(`resolvers/erasure.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.enums import JobKind
from contactcard.db.models import (
    Call,
    Consent,
    Contact,
    ContactChannel,
    ContactTombstone,
    Deal,
    DealContact,
    Document,
    Enrollment,
    File,
    HistoryEntry,
    Job,
    Notification,
    Payment,
    PaymentLink,
    Task,
    TaskContact,
    TimelineEvent,
)

COUNTED = {
    "history": HistoryEntry,
    "deals": DealContact,
    "tasks": TaskContact,
    "payments": Payment,
    "payment_links": PaymentLink,
    "calls": Call,
    "courses": Enrollment,
    "timeline": TimelineEvent,
    "consents": Consent,
    "channels": ContactChannel,
    "files": File,
    "documents": Document,
}
"""What `contactForget` reports, per panel: the rows of the contacts in each."""


async def merged_into(conn: AsyncConnection, workspace_id: int, contact_id: int) -> list[int]:
    """The contact and every contact merged into it (they are the same person)."""
    found, frontier = [contact_id], [contact_id]
    while frontier:
        query = select(Contact.id).where(
            Contact.workspace_id == workspace_id, Contact.merged_into_id.in_(frontier)
        )
        frontier = [int(pk) for pk in (await conn.execute(query)).scalars()]
        found += frontier
    return found


async def counts(conn: AsyncConnection, workspace_id: int, contact_ids: Sequence[int]) -> dict[str, int]:
    found = {}
    for name, model in COUNTED.items():
        table: Any = model.__table__
        query = (
            select(func.count())
            .select_from(table)
            .where(table.c.workspace_id == workspace_id, table.c.contact_id.in_(contact_ids))
        )
        found[name] = int((await conn.execute(query)).scalar_one())
    exports = select(func.count()).where(_exports(workspace_id))
    found["exports"] = int((await conn.execute(exports)).scalar_one())
    return found


def _exports(workspace_id: int) -> Any:
    return (Job.workspace_id == workspace_id) & (Job.kind == JobKind.EXPORT)


async def erase(
    conn: AsyncConnection,
    workspace_id: int,
    contact_ids: Sequence[int],
    by_user: int,
    contact_refs: Sequence[str],
) -> list[str]:
    """Delete everything about `contact_ids` and leave their tombstones; returns the storage keys of their
    files. `contact_refs`: their global ids, as notifications name them."""
    ws = workspace_id
    stored = select(File.storage_key).where(File.workspace_id == ws, File.contact_id.in_(contact_ids))
    keys = sorted(set((await conn.execute(stored)).scalars()))
    deal_ids = select(DealContact.deal_id).where(
        DealContact.workspace_id == ws, DealContact.contact_id.in_(contact_ids)
    )
    task_ids = select(TaskContact.task_id).where(
        TaskContact.workspace_id == ws, TaskContact.contact_id.in_(contact_ids)
    )
    others_deal = exists().where(
        DealContact.workspace_id == ws,
        DealContact.deal_id == Deal.id,
        DealContact.contact_id.not_in(contact_ids),
    )
    others_task = exists().where(
        TaskContact.workspace_id == ws,
        TaskContact.task_id == Task.id,
        TaskContact.contact_id.not_in(contact_ids),
    )
    lonely_deals = [
        int(pk)
        for pk in (
            await conn.execute(
                select(Deal.id).where(Deal.workspace_id == ws, Deal.id.in_(deal_ids), ~others_deal)
            )
        ).scalars()
    ]
    lonely_tasks = [
        int(pk)
        for pk in (
            await conn.execute(
                select(Task.id).where(Task.workspace_id == ws, Task.id.in_(task_ids), ~others_task)
            )
        ).scalars()
    ]
    await conn.execute(
        delete(Notification).where(
            Notification.workspace_id == ws, Notification.payload["contactId"].astext.in_(contact_refs)
        )
    )
    await conn.execute(delete(Job).where(_exports(ws)))  # their files go with them
    await conn.execute(delete(Contact).where(Contact.workspace_id == ws, Contact.id.in_(contact_ids)))
    if lonely_deals:
        for model in (Payment, PaymentLink):  # another contact's payment for the deal keeps its payment
            await conn.execute(
                update(model)
                .where(model.workspace_id == ws, model.deal_id.in_(lonely_deals))
                .values(deal_id=None)
            )
        await conn.execute(delete(Deal).where(Deal.workspace_id == ws, Deal.id.in_(lonely_deals)))
    if lonely_tasks:
        await conn.execute(delete(Task).where(Task.workspace_id == ws, Task.id.in_(lonely_tasks)))
    await conn.execute(
        insert(ContactTombstone),
        [{"workspace_id": ws, "contact_id": pk, "forgotten_by_id": by_user} for pk in contact_ids],
    )
    return keys
