"""Where files' bytes live: a content-addressed store behind a small interface.

A file is kept under `<workspace id>/<SHA-256 of its bytes>`: uploading the same bytes twice in a
workspace stores them once, and a workspace's bytes never mix with another's (so deleting one's files
never needs to ask another's rows). Writing is two steps: `receive` streams the bytes into a pending
blob (hashing as it goes, never holding them in memory), `keep` puts a pending blob under its key. The
local store does both on one filesystem (a rename); an S3-compatible store would upload in `receive` to
a pending name and copy in `keep`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import anyio

CHUNK = 256 * 1024
HEAD = 8192
"""How much of the start of a file is kept for sniffing its type."""
KEY = re.compile(r"^[0-9]{1,19}/[0-9a-f]{64}$")


class TooLarge(Exception):
    """The bytes exceed the limit they were received under."""


@dataclass
class Pending:
    """Received bytes, not yet kept under their key: their digest, size and first bytes."""

    path: Path
    sha256: str
    size: int
    head: bytes
    kept: bool = field(default=False)

    def key(self, workspace_id: int) -> str:
        return f"{workspace_id}/{self.sha256}"


class FileStore(Protocol):
    async def receive(self, read: Callable[[int], Awaitable[bytes]], limit: int) -> Pending:
        """Stream `read(n)` until it returns nothing into a pending blob; TooLarge past `limit` bytes
        (nothing is left behind then)."""
        ...

    async def keep(self, pending: Pending, key: str) -> None:
        """Put a pending blob under `key` (the same bytes may already be there)."""
        ...

    async def discard(self, pending: Pending) -> None:
        """Forget a pending blob that was not kept."""
        ...

    def size(self, key: str) -> int | None:
        """The kept blob's size, None when it is not there."""
        ...

    def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        """The bytes `start` to `end` (exclusive) of a kept blob."""
        ...

    async def remove(self, key: str) -> None:
        """Remove a kept blob (nothing if it is not there)."""
        ...


class LocalFileStore:
    """The store in a directory (by default `<data dir>/files`): `<workspace>/<sha[:2]>/<sha>`, pending
    blobs in `pending/` beside them, so that keeping one is an atomic rename."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not KEY.match(key):
            raise ValueError(f"not a storage key: {key!r}")
        workspace, digest = key.split("/")
        return self.root / workspace / digest[:2] / digest

    async def receive(self, read: Callable[[int], Awaitable[bytes]], limit: int) -> Pending:
        pending_dir = self.root / "pending"
        pending_dir.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=pending_dir)
        path = Path(name)
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with os.fdopen(descriptor, "wb") as out:
                while chunk := await read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"over {limit} bytes")
                    if len(head) < HEAD:
                        head += chunk[: HEAD - len(head)]
                    digest.update(chunk)
                    await anyio.to_thread.run_sync(out.write, chunk)
        except BaseException:
            await anyio.Path(path).unlink(missing_ok=True)
            raise
        return Pending(path, digest.hexdigest(), size, head)

    async def keep(self, pending: Pending, key: str) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(pending.path, target)
        pending.kept = True

    async def discard(self, pending: Pending) -> None:
        if not pending.kept:
            await anyio.Path(pending.path).unlink(missing_ok=True)

    def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return None

    async def read(self, key: str, start: int, end: int) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self._path(key), "rb") as source:
            await source.seek(start)
            left = end - start
            while left > 0:
                chunk = await source.read(min(CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    async def remove(self, key: str) -> None:
        await anyio.Path(self._path(key)).unlink(missing_ok=True)


async def put_bytes(store: FileStore, key: str, data: bytes) -> None:
    """Keep `data` under `key` (bytes already in memory: the seed's)."""
    view = memoryview(data)

    async def read(size: int) -> bytes:
        nonlocal view
        chunk, view = view[:size], view[size:]
        return bytes(chunk)

    pending = await store.receive(read, len(data))
    try:
        await store.keep(pending, key)
    finally:
        await store.discard(pending)
