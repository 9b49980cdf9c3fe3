"""Live events: what a write announces, and how every process hears it.

A mutation announces its events with `NOTIFY` inside its own transaction (the kernel, `Unit.announce`), so
PostgreSQL delivers them only when the write commits, and to every process that listens, whichever worker
or server made the write. Each process has one `Hub`: one connection LISTENing on `contactcard_events`
(opened with the first subscriber, reopened after a failure), which hands each event to the queues of this
process's subscribers of the event's workspace. An event is small JSON (`{"ws", "type", ...}`): ids and
names, never a contact's data; subscribers read what they show through the viewer's visibility.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

log = logging.getLogger("contactcard.events")

CHANNEL = "contactcard_events"
QUEUE_SIZE = 256
"""Events kept for a slow subscriber; past it the oldest go (it is told nothing more than "changed")."""
RECONNECT_SECONDS = 1.0
_NOTIFY = text("SELECT count(pg_notify(:channel, payload)) FROM unnest(CAST(:payloads AS text[])) AS payload")


async def announce(conn: AsyncConnection, events: list[dict[str, Any]]) -> None:
    """Queue `events` for delivery when `conn`'s transaction commits (none if it rolls back): one statement
    however many (a bulk action touches hundreds of contacts)."""
    if events:
        payloads = [orjson.dumps(event).decode() for event in events]
        await conn.execute(_NOTIFY, {"channel": CHANNEL, "payloads": payloads})


class Hub:
    """This process's subscribers, fed by one LISTEN connection (see the module's docstring)."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._subscribers: dict[int, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._wake = asyncio.Event()
        """Set when the listener should look again: its connection ended, or the last subscriber left."""

    @contextlib.asynccontextmanager
    async def subscription(self, workspace_id: int) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        """A queue of the workspace's events, from the moment this returns (the LISTEN is running)."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.setdefault(workspace_id, set()).add(queue)
        try:
            if self._task is None or self._task.done():
                self._listening.clear()
                self._task = asyncio.create_task(self._listen(), name="contactcard-events")
            await asyncio.wait_for(self._listening.wait(), 10)
            yield queue
        finally:
            subscribers = self._subscribers.get(workspace_id, set())
            subscribers.discard(queue)
            if not subscribers:
                self._subscribers.pop(workspace_id, None)
            if not self._subscribers:
                self._wake.set()

    def _deliver(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            event = orjson.loads(payload)
        except orjson.JSONDecodeError:
            log.warning("events: a payload that is not JSON was ignored")
            return
        for queue in self._subscribers.get(event.get("ws"), ()):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    async def _listen(self) -> None:
        while self._subscribers:
            try:
                conn = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("events: cannot listen (%s); retrying", exc)
                await asyncio.sleep(RECONNECT_SECONDS)
                continue
            try:
                conn.add_termination_listener(lambda _conn: self._wake.set())
                await conn.add_listener(CHANNEL, self._deliver)
                self._listening.set()
                while True:
                    self._wake.clear()  # before looking: a wake-up after the look is not lost
                    if not self._subscribers or conn.is_closed():
                        break
                    await self._wake.wait()
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("events: the listening connection failed (%s); reopening", exc)
            finally:
                self._listening.clear()
                with contextlib.suppress(Exception):
                    await conn.close()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
