"""Persisted queries: Apollo's automatic persisted queries (APQ) and, for production, an allowlist.

A dashboard sends the same documents all day. With APQ it sends `extensions.persistedQuery.sha256Hash`
alone; the server answers `PERSISTED_QUERY_NOT_FOUND` the first time, the client sends the document with
its hash once, and from then on the hash is enough (https://www.apollographql.com/docs/apollo-server/performance/apq).
The learned documents are kept per process in a bounded LRU (by count and by bytes), learned only from
authenticated requests (the view authenticates before it parses the body).

With an allowlist (`CONTACTCARD_PERSISTED_QUERIES=<manifest.json>`, Apollo's persisted query manifest:
`{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "type",
"body"}]}`, which `contactcard persisted-manifest *.graphql` writes), only the manifest's documents run,
by hash or by text; nothing is learned.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from strawberry.http import GraphQLRequestData

from contactcard.config import ConfigError
from contactcard.web import RequestRefused

_SHA256 = re.compile(r"[0-9a-f]{64}")
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


class PersistedQueryError(RequestRefused):
    """A persisted-query request the server cannot run: a GraphQL error with `code`, at `status`."""


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def manifest_of(documents: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """An allowlist manifest from (name, document text) pairs."""
    return {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "operations": [
            {"id": sha256_of(body), "name": name, "type": _operation_type(body), "body": body}
            for name, body in documents
        ],
    }


def _operation_type(body: str) -> str:
    found = re.search(r"\b(query|mutation|subscription)\b", body)
    return found.group(1) if found else "query"


def load_manifest(path: Path) -> dict[str, str]:
    """The manifest's documents by hash; a ConfigError says what is wrong with it."""
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"CONTACTCARD_PERSISTED_QUERIES: cannot read {path}: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != MANIFEST_FORMAT:
        raise ConfigError(f"CONTACTCARD_PERSISTED_QUERIES: {path} is not an {MANIFEST_FORMAT} (version 1)")
    allowed: dict[str, str] = {}
    for operation in document.get("operations") or []:
        body = operation.get("body") if isinstance(operation, dict) else None
        if not isinstance(body, str) or operation.get("id") != sha256_of(body):
            raise ConfigError(
                f"CONTACTCARD_PERSISTED_QUERIES: an operation of {path} has no body or an id that is not "
                "the SHA-256 of its body"
            )
        allowed[operation["id"]] = body
    return allowed


class PersistedQueries:
    """Resolves a request's document from its persisted-query extension (see the module's docstring)."""

    def __init__(
        self,
        allowlist: Mapping[str, str] | None = None,
        *,
        pinned: Mapping[str, str] | None = None,
        max_documents: int = 1000,
        max_bytes: int = 8_000_000,
    ) -> None:
        """`pinned`: documents (by hash) every server knows from the start, in both modes: the bundled
        dashboard's (contactcard/dashboard.py)."""
        self.pinned = dict(pinned or {})
        self.allowlist = None if allowlist is None else {**self.pinned, **allowlist}
        self.max_documents = max_documents
        self.max_bytes = max_bytes
        self._learned: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None:
            if self.allowlist is not None and (
                data.query is None or sha256_of(data.query) not in self.allowlist
            ):
                raise PersistedQueryError(
                    "Only persisted queries run on this server: send a document of its allowlist",
                    "PERSISTED_QUERY_REQUIRED",
                    400,
                )
            return data
        wanted = _hash_of(persisted)
        if data.query is None:
            found = self._find(wanted)
            if found is None:
                raise PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", 200)
            return replace(data, query=found)
        if sha256_of(data.query) != wanted:
            raise PersistedQueryError(
                "The query's SHA-256 is not `extensions.persistedQuery.sha256Hash`",
                "PERSISTED_QUERY_HASH_MISMATCH",
                400,
            )
        if self.allowlist is not None:
            if wanted not in self.allowlist:
                raise PersistedQueryError(
                    "This document is not in the server's allowlist", "PERSISTED_QUERY_REQUIRED", 400
                )
        else:
            self._learn(wanted, data.query)
        return data

    def _find(self, wanted: str) -> str | None:
        if self.allowlist is not None:
            return self.allowlist.get(wanted)
        if wanted in self.pinned:
            return self.pinned[wanted]
        found = self._learned.get(wanted)
        if found is not None:
            self._learned.move_to_end(wanted)
        return found

    def _learn(self, sha: str, document: str) -> None:
        size = len(document.encode())
        if sha in self._learned or size > self.max_bytes:
            return
        self._learned[sha] = document
        self._bytes += size
        while len(self._learned) > self.max_documents or self._bytes > self.max_bytes:
            _, evicted = self._learned.popitem(last=False)
            self._bytes -= len(evicted.encode())


def _hash_of(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(
            "`extensions.persistedQuery` must be {version: 1, sha256Hash: <hex>}",
            "PERSISTED_QUERY_INVALID",
            400,
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise PersistedQueryError(
            "`extensions.persistedQuery.sha256Hash` must be 64 lowercase hex digits",
            "PERSISTED_QUERY_INVALID",
            400,
        )
    return sha
