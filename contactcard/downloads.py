"""`GET /exports/<job id>`: a finished export's CSV, streamed from its chunks, to the user who asked for it
(Bearer token, as for `/graphql`), until it expires."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from contactcard.db.engine import current_workspace
from contactcard.db.enums import JobKind, JobStatus, Scope
from contactcard.jobs import queue
from contactcard.resolvers.errors import BadGlobalId
from contactcard.resolvers.jobs import job_of
from contactcard.web import authenticated
from contactcard.web import graphql_error as error


def download_route(engine_of: Callable[[], AsyncEngine]) -> Callable[..., object]:
    async def download(request: Request) -> Response:
        engine = engine_of()
        viewer = await authenticated(engine, request, uuid.uuid4().hex[:16])
        if isinstance(viewer, Response):
            return viewer
        if not viewer.has_scope(Scope.READ):
            return error("Downloading an export needs a token with the `read` scope", "FORBIDDEN", 403)
        try:
            row = await job_of(engine, viewer, request.path_params["job_id"])
        except BadGlobalId:
            row = None
        if row is None or row.kind is not JobKind.EXPORT:
            return error("No such export", "NOT_FOUND", 404)
        if row.expires_at is not None and row.expires_at <= datetime.now(UTC):
            return error("This export has expired; export again", "EXPIRED", 410)
        if row.status is not JobStatus.DONE:
            return error(f"This export is {row.status.value}, not ready", "NOT_READY", 409)

        async def body() -> AsyncIterator[bytes]:
            current_workspace.set(viewer.workspace_id)
            async for chunk in queue.chunks(engine, viewer.workspace_id, row.id):
                yield chunk

        stamp = row.created_at.strftime("%Y%m%d-%H%M")
        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="contacts-{stamp}-{row.id}.csv"',
                "cache-control": "private, no-store",
                "x-content-type-options": "nosniff",
            },
        )

    return download
