"""The job queue's SQL: enqueue in the asking mutation's transaction, claim (`FOR UPDATE SKIP LOCKED`, in
the SECURITY DEFINER function of migration 0007, so any worker claims across workspaces), heartbeat with
progress, finish or fail, and the chunks of an export's file.

A claimed job is RUNNING with a lease: its worker beats at every batch; a job whose worker stopped beating
for `LEASE_SECONDS` (a killed process) is claimed again and starts over, at most `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contactcard.db.base import AnyRow
from contactcard.db.enums import JobKind, JobStatus
from contactcard.db.models import Job, JobChunk, Notification
from contactcard.resolvers.ids import to_global_id

LEASE_SECONDS = 60
MAX_ATTEMPTS = 3
KEPT_FOR = timedelta(days=7)
"""How long a finished job (and an export's file) is kept."""
MAX_OPEN_PER_USER = 5
"""Jobs a user may have queued or running at once."""


@dataclass(frozen=True)
class Claimed:
    workspace_id: int
    id: int
    attempts: int


async def open_jobs(conn: AsyncConnection, workspace_id: int, user_id: int) -> int:
    query = select(func.count()).where(
        Job.workspace_id == workspace_id,
        Job.user_id == user_id,
        Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
    )
    return int((await conn.execute(query)).scalar_one())


async def enqueue(
    conn: AsyncConnection,
    *,
    workspace_id: int,
    user_id: int,
    token_id: int,
    kind: JobKind,
    params: dict[str, Any],
    total: int | None,
) -> int:
    statement = (
        insert(Job)
        .values(
            workspace_id=workspace_id,
            user_id=user_id,
            token_id=token_id,
            kind=kind,
            params=params,
            total=total,
        )
        .returning(Job.id)
    )
    return int((await conn.execute(statement)).scalar_one())


async def claim(engine: AsyncEngine) -> Claimed | None:
    """One job for this worker, or None when none is waiting."""
    async with engine.begin() as conn:
        row = (
            await conn.execute(text("SELECT * FROM contactcard_claim_job(:lease)"), {"lease": LEASE_SECONDS})
        ).first()
    return None if row is None else Claimed(int(row.workspace_id), int(row.id), int(row.attempts))


async def job(conn: AsyncConnection, workspace_id: int, job_id: int) -> AnyRow | None:
    query = select(Job).where(Job.workspace_id == workspace_id, Job.id == job_id)
    return (await conn.execute(query)).first()


def _of(workspace_id: int, job_id: int) -> Any:
    return update(Job).where(Job.workspace_id == workspace_id, Job.id == job_id)


async def beat(
    conn: AsyncConnection, workspace_id: int, job_id: int, *, processed: int, **values: Any
) -> None:
    """Progress (and the lease renewed)."""
    await conn.execute(
        _of(workspace_id, job_id).values(processed=processed, heartbeat_at=func.now(), **values)
    )


async def restart(conn: AsyncConnection, workspace_id: int, job_id: int) -> None:
    """A claimed job starts from nothing: whatever an earlier attempt wrote of its file goes."""
    await conn.execute(
        delete(JobChunk).where(JobChunk.workspace_id == workspace_id, JobChunk.job_id == job_id)
    )
    await beat(conn, workspace_id, job_id, processed=0, result={}, error=None)


async def end(
    conn: AsyncConnection,
    row: AnyRow,
    status: JobStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    """Finish the job (DONE or FAILED), kept `KEPT_FOR`, and tell its user (one notification)."""
    ended = _of(row.workspace_id, row.id).values(
        status=status,
        finished_at=func.now(),
        expires_at=func.now() + KEPT_FOR,
        error=error,
        **({} if result is None else {"result": result}),
    )
    await conn.execute(ended)
    await conn.execute(
        insert(Notification).values(
            workspace_id=row.workspace_id,
            user_id=row.user_id,
            kind="JOB_DONE" if status is JobStatus.DONE else "JOB_FAILED",
            payload={
                "jobId": to_global_id("Job", row.id),
                "jobKind": row.kind.value,
                **({"error": error} if error else {}),
            },
        )
    )


async def write_chunk(conn: AsyncConnection, workspace_id: int, job_id: int, seq: int, data: bytes) -> None:
    await conn.execute(insert(JobChunk).values(workspace_id=workspace_id, job_id=job_id, seq=seq, data=data))


async def chunks(engine: AsyncEngine, workspace_id: int, job_id: int) -> AsyncIterator[bytes]:
    """The job's file, chunk by chunk (one read each: memory holds one chunk at a time)."""
    seq = -1
    while True:
        async with engine.connect() as conn:
            query = (
                select(JobChunk.seq, JobChunk.data)
                .where(
                    JobChunk.workspace_id == workspace_id,
                    JobChunk.job_id == job_id,
                    JobChunk.seq > seq,
                )
                .order_by(JobChunk.seq)
                .limit(1)
            )
            row = (await conn.execute(query)).first()
        if row is None:
            return
        seq = row.seq
        yield bytes(row.data)


async def expire(engine: AsyncEngine) -> int:
    """Delete the jobs (and files) past their expiry, in every workspace; how many went."""
    async with engine.begin() as conn:
        return int((await conn.execute(text("SELECT contactcard_expire_jobs()"))).scalar_one())
