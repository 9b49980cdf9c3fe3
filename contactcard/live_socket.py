"""The WebSocket side of `/graphql` (graphql-transport-ws): a connection's context, its authentication at
`connection_init`, and this process's live events hub (contactcard/events.py). A mixin of the GraphQL view,
which keeps the HTTP side."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType

from contactcard.auth.viewer import NOBODY, Unauthenticated, authenticate
from contactcard.config import Settings
from contactcard.db.enums import Scope
from contactcard.events import Hub
from contactcard.files.store import FileStore
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.resolvers.context import RequestContext


class LiveSocket:
    """Mixed into the view (before strawberry's GraphQL), using its `engine_of`, `files` and `settings`."""

    engine_of: Any
    files: FileStore
    settings: Settings
    _hub: Hub | None = None

    async def close(self) -> None:
        """Stop listening for live events (the lifespan's end)."""
        if self._hub is not None:
            await self._hub.close()

    def hub(self) -> Hub:
        """This process's live events, opened with the first WebSocket (on the engine's database)."""
        if self._hub is None:
            url = self.engine_of().url.set(drivername="postgresql")
            self._hub = Hub(url.render_as_string(hide_password=False))
        return self._hub

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> RequestContext:
        """A WebSocket connection's context: nobody's until `connection_init` authenticates it."""
        engine: AsyncEngine = self.engine_of()
        return RequestContext(
            request=None,
            request_id=uuid.uuid4().hex[:16],
            started_at=time.perf_counter(),
            viewer=NOBODY,
            loaders=Loaders.for_request(LoaderEnv(engine=engine, viewer=NOBODY)),
            live=self.hub(),
            files=self.files,  # a mutation sent over the socket deletes files as over HTTP
            webhooks_allow_private=self.settings.webhooks_allow_private,
        )

    async def on_ws_connect(self, context: RequestContext) -> UnsetType | dict[str, object] | None:
        """`connection_init {payload: {Authorization: "Bearer cc_…"}}`: the same tokens and scopes as HTTP
        (a subscription needs `read`); anything else closes the connection 4403."""
        params = context.connection_params or {}
        header = params.get("Authorization") or params.get("authorization")
        engine: AsyncEngine = self.engine_of()
        try:
            viewer = await authenticate(engine, header if isinstance(header, str) else None)
        except Unauthenticated:
            raise ConnectionRejectionError() from None
        if not viewer.has_scope(Scope.READ):
            raise ConnectionRejectionError()
        context.viewer = viewer
        context.loaders = Loaders.for_request(LoaderEnv(engine=engine, viewer=viewer))
        acknowledged: UnsetType = UNSET
        return acknowledged
