"""The Starlette app: `/graphql` (with GraphiQL), `/healthz` and `/readyz`; the lifespan owns the engine."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from cross_web import HTTPException  # strawberry's HTTP layer raises it for the requests it refuses
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from contactcard.config import Settings
from contactcard.dashboard import BY_HASH, dashboard_routes
from contactcard.db.engine import StatementCounter, current_counter, current_workspace
from contactcard.db.failures import is_database_failure
from contactcard.db.migrate import is_current
from contactcard.db.runtime import DatabaseUnavailable, check_reachable, database_url, engine_for
from contactcard.db.url import sqlalchemy_url
from contactcard.downloads import download_route
from contactcard.files.download import file_route
from contactcard.files.multipart import UploadRequestAdapter, close_form, read_multipart
from contactcard.files.store import FileStore, LocalFileStore
from contactcard.jobs import runner
from contactcard.live_socket import LiveSocket
from contactcard.loaders import Loaders
from contactcard.loaders.base import LoaderEnv, ReadRoute
from contactcard.observability import Metrics, RequestRecord, configure_request_log, metrics_route, record
from contactcard.persisted import PersistedQueries, load_manifest
from contactcard.resolvers.context import RequestContext

if TYPE_CHECKING:
    from cross_web import AsyncHTTPRequestAdapter  # strawberry's request adapter (its own dependency)
from contactcard.schema import build_schema
from contactcard.web import (
    RequestRefused,
    authenticated,
    graphql_error,
    json_response,
    refused,
    unavailable,
)

log = logging.getLogger("contactcard")


GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8"
GRAPHIQL_ASSETS = Path(__file__).resolve().parent / "static" / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_ASSETS / "index.html").read_text(encoding="utf-8")
UPLOAD_TIMEOUT_S = 600
"""A multipart request (an upload of up to the workspace's limit) may take this long, not the usual 15 s."""
HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 415: "UNSUPPORTED_MEDIA_TYPE"}
"""The code of a refusal by strawberry's HTTP layer (its HTTPException), by status."""


class GraphQLView(LiveSocket, GraphQL[RequestContext, None]):
    """strawberry's ASGI view, with our authentication, context and JSON encoder.

    GraphiQL's page is served to anyone (it holds no data); every operation needs a Bearer token.
    """

    request_adapter_class = UploadRequestAdapter

    def __init__(
        self,
        engine_of: Any,
        settings: Settings,
        metrics: Metrics,
        files: FileStore,
        replica_of: Any = lambda: None,
    ) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.introspection else None,
            multipart_uploads_enabled=True,  # CSRF: files/multipart.py wants a preflight header
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            allowed_origins=settings.ws_origins,
        )
        self.max_subscriptions_per_connection = settings.max_subscriptions
        self.files = files
        self.engine_of = engine_of
        self.replica_of = replica_of
        """The read replica's engine (`DATABASE_READ_URL`), or None."""
        self.settings = settings
        self.metrics = metrics
        allowlist = load_manifest(settings.persisted_queries) if settings.persisted_queries else None
        self.persisted = PersistedQueries(allowlist, pinned=BY_HASH)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """orjson: faster, and a body nested past its depth limit is a JSONDecodeError (400), not a crash."""
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        """Every JSON a request carries (a POST body; a GET's `variables` and `extensions`; a multipart
        request's `operations` and `map`) is an object: `null`, a number, a string or a list (batching is
        off) is a coded 400, where strawberry would fail on it with a 500."""
        try:
            decoded = self.decode_json(data)
        except orjson.JSONDecodeError:
            raise RequestRefused("The request body is not valid JSON", "BAD_REQUEST", 400) from None
        if not isinstance(decoded, dict):
            raise RequestRefused(
                f'Expected a JSON object ({{"query": ...}}), got {_json_kind(decoded)}', "BAD_REQUEST", 400
            )
        return decoded

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """The response body; for a client that accepts `application/graphql-response+json`, a request
        error (nothing executed: parse, validation, variables, limits) carries no `data` and becomes a 400
        in `_serve` (GraphQL over HTTP, section 6.4.2)."""
        body = await super().process_result(request, result)
        if _accepts_graphql_response(request):
            request.state.graphql_response = True
            if result.data is None and result.errors and all(e.path is None for e in result.errors):
                body.pop("data", None)
                request.state.request_error = True
        return body

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        """An upload (GraphQL multipart request), streamed: contactcard/files/multipart.py."""
        assert isinstance(request, UploadRequestAdapter)  # noqa: S101  (request_adapter_class)
        return await read_multipart(request.starlette_request, self.parse_json, self.settings.max_body_bytes)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL with its scripts and styles served from the package (`/graphiql/assets`), not a CDN."""
        return HTMLResponse(GRAPHIQL_PAGE)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser's GET, not for a persisted query sent by GET (a hash, no `query`)."""
        return super().should_render_graphql_ide(request) and "extensions" not in request.query_params

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """strawberry's parsing, then the document of a persisted query (contactcard/persisted.py)."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            return [self.persisted.resolve(_checked(item)) for item in data]
        if request.method == "GET" and data.query is not None and not self.settings.introspection:
            # A GET carrying a document is a CSRF vector where a deployment's credentials ride along (a
            # cookie, a proxy's header): in production a GET runs only a persisted document, by its hash.
            raise RequestRefused(
                "In production a GET request runs only persisted queries: send the document's "
                "`extensions.persistedQuery.sha256Hash` (or POST it)",
                "PERSISTED_QUERY_REQUIRED",
                400,
            )
        return self.persisted.resolve(_checked(data))

    async def body_within_limit(self, request: Request) -> bool:
        if request.method == "POST" and _is_multipart(request):
            return True  # read as a stream, capped by its workspace's upload limit (files/multipart.py)
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
            return await super().run(request)  # graphql-transport-ws: get_context, on_ws_connect below
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            if self.graphql_ide is None:
                return graphql_error("Not found", "NOT_FOUND", 404)
            return await self.render_graphql_ide(request)
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        counter = StatementCounter()
        reset = current_counter.set(counter)
        reset_workspace = current_workspace.set(None)
        ctx: list[RequestContext] = []
        response: Response | None = None
        try:
            response = await self._answer(request, request_id, started, counter, ctx)
            response.headers["x-request-id"] = request_id  # on refusals too: the log line has it
            return response
        finally:
            current_counter.reset(reset)
            current_workspace.reset(reset_workspace)
            self._record(request, request_id, started, response, counter, ctx[0] if ctx else None)

    async def _answer(
        self,
        request: Request,
        request_id: str,
        started: float,
        counter: StatementCounter,
        ctx: list[RequestContext],
    ) -> Response:
        if not await self.body_within_limit(request):
            limit = self.settings.max_body_bytes
            return graphql_error(f"The request body exceeds {limit} bytes", "BODY_TOO_LARGE", 413)
        try:
            return await self._serve(request, request_id, started, counter, ctx)
        except Exception:
            # Never a bare 500: whatever escaped is logged with the request id the client is given.
            log.exception("request %s: unexpected error", request_id)
            return graphql_error(
                f"Internal error. Quote request id {request_id} when reporting it.",
                "INTERNAL_SERVER_ERROR",
                500,
                requestId=request_id,
            )

    def _record(
        self,
        request: Request,
        request_id: str,
        started: float,
        response: Response | None,
        counter: StatementCounter,
        ctx: RequestContext | None,
    ) -> None:
        """The request's log line and metrics: what ran and what it cost, never a token or a variable."""
        viewer = ctx.viewer if ctx is not None else None
        record(
            self.metrics,
            RequestRecord(
                request_id=request_id,
                method=request.method,
                path=request.url.path,
                status=response.status_code if response is not None else 500,
                duration_ms=(time.perf_counter() - started) * 1000,
                operation=ctx.operation if ctx is not None else None,
                statements=counter.count,
                requested_nodes=ctx.requested_nodes if ctx is not None else 0,
                response_nodes=ctx.response_nodes if ctx is not None else 0,
                viewer_id=viewer.user_id if viewer is not None else None,
                workspace_id=viewer.workspace_id if viewer is not None else None,
            ),
        )

    async def _serve(
        self,
        request: Request,
        request_id: str,
        started: float,
        counter: StatementCounter,
        served: list[RequestContext],
    ) -> Response:
        engine: AsyncEngine = self.engine_of()
        viewer = await authenticated(engine, request, request_id)
        if isinstance(viewer, Response):
            return viewer
        ctx = RequestContext(
            request=request,
            request_id=request_id,
            started_at=started,
            viewer=viewer,
            loaders=Loaders.for_request(
                LoaderEnv(engine=engine, viewer=viewer, route=ReadRoute(replica=self.replica_of()))
            ),
            statements=counter,
            files=self.files,
            webhooks_allow_private=self.settings.webhooks_allow_private,
        )
        served.append(ctx)
        request.state.upload_limit = viewer.max_upload_bytes
        try:
            timeout = self.settings.request_timeout_ms / 1000
            async with asyncio.timeout(max(timeout, UPLOAD_TIMEOUT_S) if _is_multipart(request) else timeout):
                response = await super().run(request, context=ctx)
        except RequestRefused as exc:
            return refused(exc)
        except HTTPException as exc:  # strawberry's own refusals (content type, batching, GET of a mutation)
            return graphql_error(exc.reason, HTTP_CODES.get(exc.status_code, "BAD_REQUEST"), exc.status_code)
        except TimeoutError:
            log.warning("request %s: over the request timeout", request_id)
            return unavailable(request_id, "The request took too long and was stopped", "REQUEST_TIMEOUT")
        finally:
            await close_form(request)
        if getattr(request.state, "graphql_response", False):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if getattr(request.state, "request_error", False):
                response.status_code = 400
        return response


def _accepts_graphql_response(request: Request) -> bool:
    """Whether the Accept header names `application/graphql-response+json` (and not with q=0)."""
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.lower() == "application/graphql-response+json":
            return not any(p.replace(" ", "") in {"q=0", "q=0.0", "q=0.00", "q=0.000"} for p in params)
    return False


def _is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/")


def _checked(data: GraphQLRequestData) -> GraphQLRequestData:
    """What strawberry does not check of a request: the operation's name is a string."""
    if not isinstance(data.operation_name, str | None):
        raise RequestRefused("`operationName` must be a string or null", "BAD_REQUEST", 400)
    return data


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array"}.get(
        type(value), "something else"
    )


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it exceeds `limit` bytes (never read whole into memory first)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _checked_out(engine: AsyncEngine | None) -> float:
    """Connections of the engine's pool in use now (0 before the lifespan opened it)."""
    pool = engine.pool if engine is not None else None
    return float(pool.checkedout()) if isinstance(pool, QueuePool) else 0.0


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
async def job_worker(
    engine: AsyncEngine, *, enabled: bool, webhooks_allow_private: bool = False
) -> AsyncIterator[None]:
    """Work the job queue in this process while the app serves (nothing when not `enabled`)."""
    if not enabled:
        yield
        return
    stop = asyncio.Event()
    work = runner.work(engine, stop, webhooks_allow_private=webhooks_allow_private)
    task = asyncio.create_task(work, name="contactcard-jobs")
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
            if settings.database_read_url:
                replica = engine_for(settings, sqlalchemy_url(settings.database_read_url), serving=True)
                await check_reachable(replica)
                state["replica"] = replica
            async with job_worker(
                opened, enabled=settings.run_jobs, webhooks_allow_private=settings.webhooks_allow_private
            ):
                yield
        finally:
            state.pop("engine", None)
            await view.close()
            if "replica" in state:
                await state.pop("replica").dispose()
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
        except Exception as exc:
            if not isinstance(exc, KeyError) and not is_database_failure(exc):
                raise
            log.warning("readyz: %s", exc)
            return json_response({"status": "unavailable", "reason": "database unreachable"}, 503)
        return json_response({"status": "ready"})

    configure_request_log(settings.request_log)
    metrics = Metrics(lambda: _checked_out(state.get("engine")))
    files = LocalFileStore(settings.file_root)
    view = GraphQLView(lambda: state["engine"], settings, metrics, files, lambda: state.get("replica"))
    return Starlette(
        routes=[
            Route("/graphql", view),  # any method: strawberry refuses what it does not serve (a coded 405)
            WebSocketRoute("/graphql", view),  # subscriptions (graphql-transport-ws)
            Route("/metrics", metrics_route(metrics, settings.metrics_token)),
            Mount("/graphiql/assets", StaticFiles(directory=GRAPHIQL_ASSETS), name="graphiql"),
            Route("/exports/{job_id}", download_route(lambda: state["engine"])),
            Route("/files/{file_id}", file_route(lambda: state["engine"], files)),
            *dashboard_routes(),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )
