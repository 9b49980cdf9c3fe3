"""The outbox: a write queues a delivery for every enabled webhook of its workspace that wants its events,
in the write's own transaction (a write that rolls back queues nothing; one that commits is delivered)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard.db.enums import WebhookEvent
from contactcard.resolvers.ids import to_global_id

_ENQUEUE = text("""
INSERT INTO webhook_deliveries (workspace_id, webhook_id, event, payload)
SELECT w.workspace_id, w.id, e.event, e.payload
FROM webhooks w, jsonb_to_recordset(CAST(:events AS jsonb)) AS e(event text, payload jsonb)
WHERE w.workspace_id = :ws AND w.disabled_at IS NULL AND e.event = ANY(w.events)
""")


Change = tuple[str, Any, Any]
"""(field, before, after), as the kernel records a change."""
ContactChanges = dict[int, tuple[list[str], list[Change]]]
"""Contact id -> (the lists of it that changed, its changes)."""


def event_of(changes: list[Change]) -> WebhookEvent:
    """What a contact's changes (field, before, after) amount to."""
    fields = {field: after for field, _, after in changes}
    if isinstance(fields.get("contact"), dict) and fields["contact"].get("created"):
        return WebhookEvent.CONTACT_CREATED
    if fields.get("deletedAt") is not None:
        return WebhookEvent.CONTACT_DELETED
    return WebhookEvent.CONTACT_CHANGED


async def enqueue(conn: AsyncConnection, workspace_id: int, by_contact: ContactChanges) -> None:
    """Queue the deliveries of the contacts a write touched. One statement however many contacts (and
    nothing queued when no webhook wants them)."""
    if not by_contact:
        return
    at = datetime.now(UTC).isoformat()
    payloads = [
        {
            "event": event_of(changes).value,
            "contactId": to_global_id("Contact", contact_id),
            "lists": lists,
            "fields": sorted({field for field, _, _ in changes}),
            "occurredAt": at,
        }
        for contact_id, (lists, changes) in sorted(by_contact.items())
    ]
    events = [{"event": payload["event"], "payload": payload} for payload in payloads]
    await conn.execute(_ENQUEUE, {"ws": workspace_id, "events": orjson.dumps(events).decode()})
