"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from contactcard.auth.viewer import Viewer
from contactcard.db.engine import StatementCounter
from contactcard.events import Hub
from contactcard.files.store import FileStore
from contactcard.layouts.model import EffectiveLayout
from contactcard.loaders import Loaders


@dataclass
class RequestContext:
    request: Request | None
    """None for a background job."""
    request_id: str
    started_at: float
    viewer: Viewer
    loaders: Loaders
    statements: StatementCounter = field(default_factory=StatementCounter)
    files: FileStore | None = None
    """Where files' bytes are kept (None where nothing uploads or deletes files: a background job)."""
    webhooks_allow_private: bool = False
    """Webhooks may point at loopback and private addresses (the setting of that name)."""
    live: Hub | None = None
    """This process's live events (a WebSocket connection's context only)."""
    connection_params: dict[str, Any] | None = None
    """A WebSocket connection's `connection_init` payload (where its token comes)."""
    effective_layout: EffectiveLayout | None = None
    """The viewer's merged card layout, made once per request (not once per card of a list)."""
    requested_nodes: int = 0
    """The operation's node budget, computed before execution (`extensions.cost.requested`)."""
    operation: str | None = None
    """The operation's name (or its type, for an anonymous one), for the request's log line and metrics."""
    response_nodes: int = 0
    """The items of every list in the response (`extensions.cost.nodes`)."""
