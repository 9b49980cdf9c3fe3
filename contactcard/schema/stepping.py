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

    __slots__ = ("iterator", "refusal", "started", "waits_on")

    def __init__(self, awaitable: Awaitable[Any]) -> None:
        self.iterator: Generator[Any, None, Any] = awaitable.__await__()
        self.waits_on: asyncio.Future[Any] | None = None
        self.refusal: BaseException | None = None
        self.started = False

    @property
    def ready(self) -> bool:
        return self.waits_on is None or self.waits_on.done()

    def step(self) -> Any:
        """Run the awaitable until it waits again (RUNNING) or ends (its value); its exception is raised."""
        refusal, self.refusal = self.refusal, None
        self.started = True
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

    def cancel(self) -> None:
        """As `asyncio.Task.cancel`: the future it waits on is cancelled, else it is at its next step."""
        if self.waits_on is not None and self.waits_on.cancel():
            return
        self.refusal = asyncio.CancelledError()


async def wind_down(stopped: Sequence[Stepped], rounds: int = 100) -> None:
    """Cancel every one of `stopped` and step each to its end (their `finally` and `async with` blocks run
    as a cancelled task's do: a connection goes back to its pool); none that never ran is started."""
    running = []
    for each in stopped:
        if each.started:
            each.cancel()
            running.append(each)
        else:
            each.iterator.close()  # a coroutine that never ran closes without running anything
    for _ in range(rounds):
        if not running:
            return
        await settle_first(running)
        still = []
        for each in running:
            if not each.ready:
                still.append(each)
                continue
            try:
                if each.step() is RUNNING:
                    still.append(each)
            except BaseException:  # noqa: S112  (its end: an error, most often the cancellation)
                continue
        running = still
    for each in running:  # still running after every round: closed, as the garbage collector would
        with suppress(RuntimeError):
            each.iterator.close()


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
