"""The Starlette app: `/graphql` (with GraphiQL), `/healthz` and `/readyz`; the lifespan owns the engine."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import asyncpg
import orjson
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types.unset import UNSET

from contactcard.auth.viewer import Unauthenticated, authenticate
from contactcard.config import Settings
from contactcard.db.engine import StatementCounter, current_counter, current_workspace
from contactcard.db.migrate import is_current
from contactcard.db.runtime import DatabaseUnavailable, check_reachable, database_url, engine_for
from contactcard.downloads import download_route
from contactcard.jobs import runner
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv
from contactcard.persisted import PersistedQueries, PersistedQueryError, load_manifest
from contactcard.resolvers.context import RequestContext

if TYPE_CHECKING:
    from cross_web import AsyncHTTPRequestAdapter  # strawberry's request adapter (its own dependency)
from contactcard.schema import build_schema

log = logging.getLogger("contactcard")


def json_response(data: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status_code, media_type="application/json")


def graphql_error(message: str, code: str, status_code: int, **extra: Any) -> Response:
    return json_response(
        {"errors": [{"message": message, "extensions": {"code": code, **extra}}]}, status_code
    )


class GraphQLView(GraphQL[RequestContext, None]):
    """strawberry's ASGI view, with our authentication, context and JSON encoder.

    GraphiQL's page is served to anyone (it holds no data); every operation needs a Bearer token.
    """

    def __init__(self, engine_of: Any, settings: Settings) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql" if settings.introspection else None)
        self.engine_of = engine_of
        self.settings = settings
        allowlist = load_manifest(settings.persisted_queries) if settings.persisted_queries else None
        self.persisted = PersistedQueries(allowlist)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """orjson: faster, and a body nested past its depth limit is a JSONDecodeError (400), not a crash."""
        return orjson.loads(data)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser's GET, not for a persisted query sent by GET (a hash, no `query`)."""
        return super().should_render_graphql_ide(request) and "extensions" not in request.query_params

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """strawberry's parsing, then the document of a persisted query (contactcard/persisted.py)."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            return [self.persisted.resolve(item) for item in data]
        return self.persisted.resolve(data)

    async def body_within_limit(self, request: Request) -> bool:
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return False
        if request.method != "POST":
            return True
        body = await _read_capped(request, limit)
        if body is None:
            return False
        request._body = body  # Starlette's cache of the body: strawberry reads it from there
        return True

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        if isinstance(request, WebSocket):
            await request.close(code=4400, reason="subscriptions are not offered")
            return request
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            if self.graphql_ide is None:
                return graphql_error("Not found", "NOT_FOUND", 404)
            return await self.render_graphql_ide(request)
        if not await self.body_within_limit(request):
            limit = self.settings.max_body_bytes
            return graphql_error(f"The request body exceeds {limit} bytes", "BODY_TOO_LARGE", 413)
        counter = StatementCounter()
        reset = current_counter.set(counter)
        reset_workspace = current_workspace.set(None)
        try:
            engine: AsyncEngine = self.engine_of()
            request_id = uuid.uuid4().hex[:16]
            started = time.perf_counter()
            try:
                viewer = await authenticate(engine, request.headers.get("authorization"))
            except Unauthenticated as exc:
                return graphql_error(str(exc), "UNAUTHENTICATED", 401)
            except (OSError, SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.exception("request %s: database unavailable during authentication", request_id)
                return graphql_error("Service unavailable", "SERVICE_UNAVAILABLE", 503, requestId=request_id)
            ctx = RequestContext(
                request=request,
                request_id=request_id,
                started_at=started,
                viewer=viewer,
                loaders=Loaders.for_request(LoaderEnv(engine=engine, viewer=viewer)),
                statements=counter,
            )
            try:
                async with asyncio.timeout(self.settings.request_timeout_ms / 1000):
                    response = await super().run(request, context=ctx)
            except PersistedQueryError as exc:
                return graphql_error(str(exc), exc.code, exc.status)
            except TimeoutError:
                log.warning("request %s: over the request timeout", request_id)
                return graphql_error(
                    "The request took too long and was stopped", "REQUEST_TIMEOUT", 503, requestId=request_id
                )
            response.headers["x-request-id"] = request_id
            return response
        finally:
            current_counter.reset(reset)
            current_workspace.reset(reset_workspace)


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it exceeds `limit` bytes (never read whole into memory first)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def tune_gc() -> None:
    """Requests make many short-lived objects; Python's default young-generation threshold (700) then runs the
    collector every few hundred fields, and its full collections walk every object the process keeps
    (schema, pools). Freeze what exists at startup (full collections then skip it) and collect the young
    generation every 20 000 allocations. Full collections stay frequent enough (every 2 M allocations) that
    cyclic garbage does not pile up under load: (50 000, 20, 20) took a worker's peak RSS from 148 to 438
    MB in the benchmark."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


@asynccontextmanager
async def job_worker(engine: AsyncEngine, *, enabled: bool) -> AsyncIterator[None]:
    """Work the job queue in this process while the app serves (nothing when not `enabled`)."""
    if not enabled:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(runner.work(engine, stop), name="contactcard-jobs")
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, 10)
        except TimeoutError:
            log.warning("jobs: the running job did not stop within 10 s; it will be claimed again")


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> Starlette:
    """The app. Given no engine, it opens one in its lifespan (DATABASE_URL or the embedded server)."""
    settings = settings or Settings.from_env()
    tune_gc()
    state: dict[str, AsyncEngine] = {}
    if engine is not None:
        state["engine"] = engine

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if "engine" in state:
            yield
            return
        opened = engine_for(settings, database_url(settings), serving=True)
        try:
            await check_reachable(opened)
            if not await is_current(opened):
                raise DatabaseUnavailable("the database schema is behind the code: run `contactcard migrate`")
            state["engine"] = opened
            async with job_worker(opened, enabled=settings.run_jobs):
                yield
        finally:
            state.pop("engine", None)
            await opened.dispose()

    async def healthz(_request: Request) -> Response:
        return json_response({"status": "ok"})

    async def readyz(_request: Request) -> Response:
        try:
            engine = state["engine"]
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            if not await is_current(engine):
                return json_response({"status": "unavailable", "reason": "migrations pending"}, 503)
        except (KeyError, OSError, SQLAlchemyError, DatabaseUnavailable) as exc:
            log.warning("readyz: %s", exc)
            return json_response({"status": "unavailable", "reason": "database unreachable"}, 503)
        return json_response({"status": "ready"})

    view = GraphQLView(lambda: state["engine"], settings)
    return Starlette(
        routes=[
            Route("/graphql", view, methods=["GET", "POST"]),
            Route("/exports/{job_id}", download_route(lambda: state["engine"], graphql_error)),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )
