"""`GET /exports/<job id>`: a finished export's CSV, streamed from its chunks, to the user who asked for it
(Bearer token, as for `/graphql`), until it expires."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from contactcard.auth.viewer import Unauthenticated, authenticate
from contactcard.db.engine import current_workspace
from contactcard.db.enums import JobKind, JobStatus
from contactcard.jobs import queue
from contactcard.resolvers.errors import BadGlobalId
from contactcard.resolvers.jobs import job_of

ErrorResponse = Callable[[str, str, int], Response]


def download_route(engine_of: Callable[[], AsyncEngine], error: ErrorResponse) -> Callable[..., object]:
    async def download(request: Request) -> Response:
        engine = engine_of()
        try:
            viewer = await authenticate(engine, request.headers.get("authorization"))
        except Unauthenticated as exc:
            return error(str(exc), "UNAUTHENTICATED", 401)
        except (OSError, SQLAlchemyError):
            return error("Service unavailable", "SERVICE_UNAVAILABLE", 503)
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
