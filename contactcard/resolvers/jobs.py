"""Starting a background job from a mutation (in its transaction: a refused mutation queues nothing), and
reading jobs back for their user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.auth.viewer import Viewer
from contactcard.db.base import AnyRow
from contactcard.db.enums import JobKind
from contactcard.db.models import Job
from contactcard.db.prepared import rows_in
from contactcard.jobs import queue
from contactcard.loaders.contact_filters import filtered_count_query
from contactcard.resolvers.contact_filter import Compiled
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit


async def start(unit: Unit, kind: JobKind, params: dict[str, Any], selection: Compiled) -> int:
    """Queue a job run as the viewer's token, its total the contacts of `selection` now; TOO_MANY while the
    viewer has `MAX_OPEN_PER_USER` going."""
    viewer = unit.viewer
    if await queue.open_jobs(unit.conn, viewer.workspace_id, viewer.user_id) >= queue.MAX_OPEN_PER_USER:
        unit.refuse(
            "input",
            "TOO_MANY",
            f"you have {queue.MAX_OPEN_PER_USER} jobs queued or running; wait for one to finish",
        )
    env = unit.ctx.loaders.env
    counted = await rows_in(
        filtered_count_query(env.visibility, selection.shape), unit.conn, {**env.values, **selection.values}
    )
    return await queue.enqueue(
        unit.conn,
        workspace_id=viewer.workspace_id,
        user_id=viewer.user_id,
        token_id=viewer.token_id,
        kind=kind,
        params=params,
        total=int(counted[0].total),
    )


async def own_job(ctx: RequestContext, job_id: str | int) -> AnyRow | None:
    """The viewer's job (anyone else's, even an admin's, looks like none)."""
    return await job_of(ctx.loaders.env.engine, ctx.viewer, job_id)


async def job_of(engine: AsyncEngine, viewer: Viewer, job_id: str | int) -> AnyRow | None:
    pk = pk_of(job_id, "Job") if isinstance(job_id, str) else job_id
    if pk is None:
        return None
    query = select(Job).where(
        Job.workspace_id == viewer.workspace_id, Job.id == pk, Job.user_id == viewer.user_id
    )
    async with engine.connect() as conn:
        return (await conn.execute(query)).first()
