"""API tokens: `cc_<workspace id>_<43 random url-safe characters>`; only the SHA-256 is stored.

The workspace id in the token lets the lookup use the `(workspace_id, token_hash)` key, so every table's
keys stay workspace-first (DESIGN.md section 2) and the lookup routes to one shard on Citus.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from contactcard.db.enums import Scope

_TOKEN = re.compile(r"^cc_(?P<workspace>[1-9][0-9]{0,18})_(?P<secret>[A-Za-z0-9_-]{43})$")
PREFIX_LENGTH = 12
MAX_WORKSPACE_ID = 2**63 - 1
"""A workspace id is a bigint: a token naming a larger one names no workspace."""


@dataclass(frozen=True)
class ParsedToken:
    workspace_id: int
    token_hash: str


def new_token(workspace_id: int) -> str:
    return f"cc_{workspace_id}_{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shown_prefix(token: str) -> str:
    """What `token list` shows of a token, enough to tell tokens apart and to revoke one."""
    match = _TOKEN.match(token)
    if match is None:
        raise ValueError("not a contactcard token")
    return f"cc_{match['workspace']}_{match['secret'][:PREFIX_LENGTH]}"


def parse_token(token: str) -> ParsedToken | None:
    """The workspace and hash of a well-formed token; None for anything else (the caller's 401)."""
    match = _TOKEN.match(token)
    if match is None or int(match["workspace"]) > MAX_WORKSPACE_ID:
        return None
    return ParsedToken(int(match["workspace"]), hash_token(token))


def parse_scopes(raw: str) -> list[str]:
    """`read,write` -> ["read", "write"]; an unknown scope is a ValueError naming the known ones."""
    known = [s.value for s in Scope]
    scopes = [s.strip().lower() for s in raw.split(",") if s.strip()]
    unknown = [s for s in scopes if s not in known]
    if unknown or not scopes:
        raise ValueError(f"scopes must be a comma-separated list of {', '.join(known)}; got {raw!r}")
    return sorted(set(scopes), key=known.index)
