"""An upload, received: streamed from the request's part into the store's pending blob, then judged by its
bytes. Nothing of a refused upload stays anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contactcard.domain.errors import FileCode, UserError
from contactcard.files import inspection
from contactcard.files.store import FileStore, Pending, TooLarge

FIELD = "input.file"


@dataclass(frozen=True)
class Received:
    pending: Pending
    name: str
    content_type: str


def _mebibytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


async def receive(store: FileStore, upload: Any, limit: int) -> Received | UserError:
    """The upload in the store's pending area, or why it was refused (nothing kept then)."""
    if not callable(getattr(upload, "read", None)):
        return UserError(FIELD, FileCode.INVALID_VALUE, "send the file as a part of a multipart request")
    raw_name = getattr(upload, "filename", None) or ""
    if inspection.holds_path(raw_name):
        return UserError(FIELD, FileCode.INVALID_NAME, "a file's name cannot hold a path (/, \\ or ..)")
    name = inspection.clean_name(raw_name)
    if not name:
        return UserError(FIELD, FileCode.INVALID_NAME, "the file needs a name")
    by_name = inspection.program_by_name(name)
    if by_name is not None:
        return UserError(FIELD, FileCode.PROGRAM_REFUSED, by_name)
    try:
        pending = await store.receive(upload.read, limit)
    except TooLarge:
        return UserError(FIELD, FileCode.TOO_LARGE, f"files are limited to {_mebibytes(limit)} here")
    refusal: UserError | None = None
    if pending.size == 0:
        refusal = UserError(FIELD, FileCode.EMPTY_FILE, "the file is empty")
    else:
        program = inspection.program_by_bytes(pending.head, pending.path)
        if program is not None:
            refusal = UserError(FIELD, FileCode.PROGRAM_REFUSED, program)
    if refusal is not None:
        await store.discard(pending)
        return refusal
    return Received(pending, name, inspection.content_type(pending.head))
