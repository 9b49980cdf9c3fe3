"""Awaiting many resolvers at once without a task or a future for each.

graphql-core runs the async fields of an object through `asyncio.gather`: a task per field, each scheduled
and switched to by the event loop. The compiled executor instead steps each resolver's awaitable itself: it
sends into the coroutine until it waits on a future (a dataloader's, usually), then waits once for the
first of all those futures to settle, and steps on the coroutines whose futures are done. A resolver whose
data is already loaded (a loader's cached future, which is done) runs to its end on the first step, at
once. This is asyncio's own protocol (what `asyncio.Task.__step` does): a coroutine yields the future it
waits on, marked `_asyncio_future_blocking`, or None to give the loop one turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Generator, Sequence
from contextlib import suppress
from typing import Any

RUNNING: Any = object()
"""What `Stepped.step` answers while the awaitable still waits."""


class Stepped:
    """One awaitable, stepped by hand."""

    __slots__ = ("iterator", "refusal", "waits_on")

    def __init__(self, awaitable: Awaitable[Any]) -> None:
        self.iterator: Generator[Any, None, Any] = awaitable.__await__()
        self.waits_on: asyncio.Future[Any] | None = None
        self.refusal: BaseException | None = None

    @property
    def ready(self) -> bool:
        return self.waits_on is None or self.waits_on.done()

    def step(self) -> Any:
        """Run the awaitable until it waits again (RUNNING) or ends (its value); its exception is raised."""
        refusal, self.refusal = self.refusal, None
        try:
            yielded = self.iterator.send(None) if refusal is None else self.iterator.throw(refusal)
        except StopIteration as finished:
            return finished.value
        self.waits_on = None
        if getattr(yielded, "_asyncio_future_blocking", None) is not None:
            yielded._asyncio_future_blocking = False  # as asyncio.Task does: we take the wait over
            self.waits_on = yielded
        elif yielded is not None:  # None is `await asyncio.sleep(0)`: one turn of the loop
            self.refusal = RuntimeError(f"an awaitable yielded {yielded!r}, not a future")
        return RUNNING

    def close(self) -> None:
        with suppress(RuntimeError):  # a coroutine that awaited while closing: nothing more to do for it
            self.iterator.close()


async def settle_first(waiting: Sequence[Stepped]) -> None:
    """Wait until one of `waiting` can step on: its future settled, or one turn of the loop it asked for."""
    futures = set()
    for stepped in waiting:
        if stepped.waits_on is None:
            await asyncio.sleep(0)
            return
        if stepped.waits_on.done():
            return
        futures.add(stepped.waits_on)
    await asyncio.wait(futures, return_when=asyncio.FIRST_COMPLETED)
