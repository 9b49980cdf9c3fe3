"""`GET /files/<file id>`: a file's bytes, with the Bearer token, to a viewer who sees its contact.

A file of a contact the viewer may not see is a 404, exactly like none. The bytes come as an attachment
(`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`, a CSP that runs nothing), never
rendered by the API's origin; a single `Range: bytes=a-b` (or `a-`, `-n`) is answered 206, an impossible
one 416; `ETag` is the bytes' SHA-256 and `If-Range` honours it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from contactcard.db.enums import Scope
from contactcard.db.failures import is_database_failure
from contactcard.files.store import FileStore
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.files import FILES
from contactcard.resolvers.errors import BadGlobalId
from contactcard.resolvers.ids import pk_of
from contactcard.web import authenticated, unavailable
from contactcard.web import graphql_error as error

RANGE = re.compile(r"^bytes=(\d{0,19})-(\d{0,19})$")


def byte_range(header: str | None, size: int) -> tuple[int, int] | bool | None:
    """(start, end exclusive) of a single satisfiable range; None for the whole file (no header, or one
    we answer whole: several ranges, another unit); False when it cannot be satisfied."""
    if header is None:
        return None
    found = RANGE.match(header.strip().replace(" ", ""))
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        length = int(last)
        return (max(size - length, 0), size) if length > 0 and size > 0 else False
    start = int(first)
    end = min(int(last) + 1, size) if last else size
    if start >= size or (last and int(last) < start):
        return False
    return start, end


def _disposition(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_route(engine_of: Callable[[], AsyncEngine], store: FileStore) -> Callable[..., object]:
    async def download(request: Request) -> Response:
        engine = engine_of()
        request_id = uuid.uuid4().hex[:16]
        viewer = await authenticated(engine, request, request_id)
        if isinstance(viewer, Response):
            return viewer
        if not viewer.has_scope(Scope.READ):
            return error("Downloading a file needs a token with the `read` scope", "FORBIDDEN", 403)
        try:
            pk = pk_of(request.path_params["file_id"], "File")
        except BadGlobalId:
            pk = None
        loaders = Loaders.for_request(LoaderEnv(engine=engine, viewer=viewer))
        try:
            row = None if pk is None else await loaders.record_of(FILES).load(pk)
        except Exception as exc:
            if not is_database_failure(exc):
                raise
            return unavailable(request_id)
        if row is None:
            return error("No such file", "NOT_FOUND", 404)
        size = store.size(row.storage_key)
        if size is None:
            return error("The file's bytes are missing from the file store", "CONTENT_MISSING", 404)
        etag = f'"{row.storage_key.rpartition("/")[2]}"'
        headers = {
            "content-disposition": _disposition(row.name),
            "x-content-type-options": "nosniff",
            "content-security-policy": "default-src 'none'; sandbox",
            "cache-control": "private, no-cache",
            "accept-ranges": "bytes",
            "etag": etag,
        }
        if_range = request.headers.get("if-range")
        wanted = byte_range(request.headers.get("range"), size) if if_range in (None, etag) else None
        if wanted is False:
            outside = {"content-range": f"bytes */{size}"}
            return error("The range lies outside the file", "RANGE_NOT_SATISFIABLE", 416, headers=outside)
        start, end = wanted if isinstance(wanted, tuple) else (0, size)
        headers["content-length"] = str(end - start)
        status = 200
        if isinstance(wanted, tuple):
            headers["content-range"] = f"bytes {start}-{end - 1}/{size}"
            status = 206
        body = store.read(row.storage_key, start, end) if request.method != "HEAD" else _nothing()
        return StreamingResponse(body, status_code=status, media_type=row.content_type, headers=headers)

    return download


async def _nothing() -> AsyncIterator[bytes]:
    return
    yield b""
