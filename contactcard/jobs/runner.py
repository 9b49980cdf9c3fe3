"""The worker: claims jobs one at a time and runs each as the token that asked for it.

`contactcard worker` runs this loop; `contactcard serve` runs one in each API process (unless
CONTACTCARD_RUN_JOBS=0). Any number may run against one database: the claim skips locked jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.auth.viewer import Viewer, job_viewer
from contactcard.db.base import AnyRow
from contactcard.db.engine import current_workspace
from contactcard.db.enums import JobKind, JobStatus
from contactcard.jobs import queue
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.resolvers.context import RequestContext
from contactcard.webhooks import delivery

log = logging.getLogger("contactcard.jobs")

EXPIRE_EVERY_SECONDS = 600.0


class JobFailed(Exception):
    """The job cannot go on; the message is what its user reads (`Job.error`)."""


@dataclass(frozen=True)
class JobRun:
    """One claimed job, with what its work needs."""

    engine: AsyncEngine
    row: AnyRow
    viewer: Viewer

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.row.params)

    @property
    def env(self) -> LoaderEnv:
        return LoaderEnv(engine=self.engine, viewer=self.viewer)

    def context(self) -> RequestContext:
        """A context as a request of the job's token has; new loaders each time, so that a job's memory
        holds one batch, not every row it has read."""
        return RequestContext(
            request=None,
            request_id=f"job-{self.row.id}",
            started_at=time.perf_counter(),
            viewer=self.viewer,
            loaders=Loaders.for_request(self.env),
        )

    async def beat(self, processed: int, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await queue.beat(conn, self.row.workspace_id, self.row.id, processed=processed, **values)

    async def write(self, seq: int, data: bytes, processed: int) -> None:
        """A chunk of the job's file, and the progress it stands for, together."""
        async with self.engine.begin() as conn:
            await queue.write_chunk(conn, self.row.workspace_id, self.row.id, seq, data)
            await queue.beat(conn, self.row.workspace_id, self.row.id, processed=processed)


Handler = Callable[[JobRun], Awaitable[dict[str, Any]]]
"""A kind of job's work: runs it to the end and answers its result (stored on the job)."""


def _handlers() -> dict[JobKind, Handler]:
    from contactcard.jobs import bulk, export  # noqa: PLC0415  (they build on the resolvers, as the API does)

    return {JobKind.EXPORT: export.run, **bulk.HANDLERS}


async def run_one(engine: AsyncEngine) -> bool:
    """Claim and run one job; False when none was waiting."""
    claimed = await queue.claim(engine)
    if claimed is None:
        return False
    reset = current_workspace.set(claimed.workspace_id)
    try:
        await _run(engine, claimed)
    finally:
        current_workspace.reset(reset)
    return True


async def _run(engine: AsyncEngine, claimed: queue.Claimed) -> None:
    async with engine.begin() as conn:
        row = await queue.job(conn, claimed.workspace_id, claimed.id)
        if row is None:  # expired between the claim and here
            return
        await queue.restart(conn, claimed.workspace_id, claimed.id)
    try:
        if claimed.attempts > queue.MAX_ATTEMPTS:
            raise JobFailed(f"stopped after {queue.MAX_ATTEMPTS} attempts that did not finish")
        viewer = await job_viewer(engine, claimed.workspace_id, row.token_id)
        if viewer is None:
            raise JobFailed("the token that asked for this job was revoked, or its user deactivated")
        result = await _handlers()[row.kind](JobRun(engine, row, viewer))
    except JobFailed as failed:
        await _end(engine, row, JobStatus.FAILED, error=str(failed))
        return
    except Exception:
        log.exception("job %s (%s) failed", row.id, row.kind.value)
        await _end(engine, row, JobStatus.FAILED, error=f"an internal error stopped the job (job-{row.id})")
        return
    await _end(engine, row, JobStatus.DONE, result=result)


async def _end(engine: AsyncEngine, row: AnyRow, status: JobStatus, **values: Any) -> None:
    async with engine.begin() as conn:
        await queue.end(conn, row, status, **values)


async def work(
    engine: AsyncEngine,
    stop: asyncio.Event,
    *,
    poll_seconds: float = 1.0,
    webhooks_allow_private: bool = False,
) -> None:
    """Run jobs and webhook deliveries until `stop` is set: back to back while any wait, else a look every
    `poll_seconds`. The database going away is waited out, not fatal."""
    expired_at = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() - expired_at > EXPIRE_EVERY_SECONDS:
                gone = await queue.expire(engine)
                expired_at = time.monotonic()
                if gone:
                    log.info("deleted %d expired jobs", gone)
            if await run_one(engine):
                continue
            if await delivery.deliver_one(engine, allow_private=webhooks_allow_private):
                continue
        except (OSError, SQLAlchemyError) as exc:
            log.warning("jobs: database unavailable (%s); trying again", str(exc).splitlines()[0])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll_seconds)
