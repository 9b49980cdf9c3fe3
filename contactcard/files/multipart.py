"""GraphQL multipart requests (uploads), read without holding the body in memory.

The body is parsed by Starlette's multipart parser (python-multipart), which spools each file part to a
temporary file past 1 MB; the stream it reads is cut at the viewer's workspace upload limit (plus room for
the `operations` and `map` fields), and the request is refused unless it carries a header a browser's
simple cross-site form cannot send (CSRF, as Apollo's `csrfPrevention` does). The files then stand in the
variables where the `map` says (the multipart request spec); a malformed map is a coded 400.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import Any

from cross_web import StarletteRequestAdapter
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from strawberry.file_uploads.utils import replace_placeholders_with_files

from contactcard.web import RequestRefused

PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name", "graphql-preflight")
MAX_FILES = 10
"""File parts per request."""
FORM_STATE = "upload_form"
LIMIT_STATE = "upload_limit"


class UploadRequestAdapter(StarletteRequestAdapter):
    """strawberry's Starlette request adapter, keeping the request for `read_multipart`."""

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self.starlette_request = request


async def _capped(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise RequestRefused(f"The upload exceeds {limit} bytes", "BODY_TOO_LARGE", 413)
        yield chunk


async def read_multipart(
    request: Request, parse_json: Callable[[str | bytes], Any], max_field_bytes: int
) -> dict[str, Any]:
    """The request's operations with its files in place (the body is parsed once, streamed)."""
    if not any(request.headers.get(name) for name in PREFLIGHT_HEADERS):
        raise RequestRefused(
            "A multipart request must carry a non-empty `GraphQL-Preflight` (or `Apollo-Require-Preflight`) "
            "header: it keeps cross-site forms out",
            "PREFLIGHT_REQUIRED",
            400,
        )
    limit = int(getattr(request.state, LIMIT_STATE, 0)) + 2 * max_field_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestRefused(f"The upload exceeds {limit} bytes", "BODY_TOO_LARGE", 413)
    parser = MultiPartParser(
        request.headers,
        _capped(request.stream(), limit),
        max_files=MAX_FILES,
        max_fields=2,
        max_part_size=max_field_bytes,
    )
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise RequestRefused(f"The multipart body is malformed: {error}", "BAD_REQUEST", 400) from None
    setattr(request.state, FORM_STATE, form)  # closed (its spooled files removed) after the request
    operations, files_map = form.get("operations"), form.get("map")
    if not isinstance(operations, str) or not isinstance(files_map, str):
        raise RequestRefused("A multipart request needs `operations` and `map` fields", "BAD_REQUEST", 400)
    decoded_map = parse_json(files_map)
    files = {name: value for name, value in form.items() if isinstance(value, UploadFile)}
    for name, paths in decoded_map.items():
        if name not in files or not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise RequestRefused(
                f"`map` entry {name[:40]!r} must name a file part and list variable paths", "BAD_REQUEST", 400
            )
    try:
        return replace_placeholders_with_files(parse_json(operations), decoded_map, files)
    except (KeyError, IndexError, TypeError, ValueError):
        raise RequestRefused(
            "A `map` path does not lead to a variable of the operations", "BAD_REQUEST", 400
        ) from None


async def close_form(request: Request) -> None:
    """Close a multipart request's files (their spooled temporary files go)."""
    form = getattr(request.state, FORM_STATE, None)
    if form is not None:
        await form.close()
