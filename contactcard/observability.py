"""One JSON log line per request, and Prometheus metrics at `/metrics`.

The log line (logger `contactcard.requests`) says what ran and what it cost: request id, operation, HTTP
status, duration, SQL statements, nodes asked for and returned, the viewer and workspace ids. Never a token,
never the values of variables, never the document itself.

Metric labels are bounded: operation names come from clients, so at most `MAX_OPERATION_LABELS` distinct
names (each at most 64 characters) get a label of their own, the rest count as `other`. Metrics are per
process: with several uvicorn workers each reports its own (Prometheus' multiprocess mode would need a
shared directory; see README).
"""

from __future__ import annotations

import hmac
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response

MAX_OPERATION_LABELS = 200
MAX_LABEL_LENGTH = 64
MAX_LOGGED_NAME = 200
"""An operation's name as the log line keeps it (clients choose names: a 100 KB one is not logged whole)."""
LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}

request_log = logging.getLogger("contactcard.requests")


@dataclass(frozen=True)
class RequestRecord:
    """What one request did, as its log line and the metrics see it."""

    request_id: str
    method: str
    path: str
    status: int
    duration_ms: float
    operation: str | None = None
    statements: int = 0
    requested_nodes: int = 0
    response_nodes: int = 0
    viewer_id: int | None = None
    workspace_id: int | None = None

    def as_log(self) -> dict[str, Any]:
        return {
            "event": "request",
            "requestId": self.request_id,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "durationMs": round(self.duration_ms, 2),
            "operation": self.operation[:MAX_LOGGED_NAME] if self.operation else None,
            "sqlStatements": self.statements,
            "requestedNodes": self.requested_nodes,
            "nodes": self.response_nodes,
            "viewerId": self.viewer_id,
            "workspaceId": self.workspace_id,
        }


class JsonLines(logging.Formatter):
    """A record as one JSON object: its time, level and logger, then the fields it was logged with."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        line: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        line.update(fields if isinstance(fields, dict) else {"message": record.getMessage()})
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_request_log(enabled: bool) -> None:
    """Write the request log as JSON lines to stderr (once per process; off: nothing is written)."""
    request_log.propagate = False
    if not enabled:
        request_log.disabled = True
        return
    request_log.disabled = False
    if not any(getattr(h, "contactcard", False) for h in request_log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonLines())
        handler.contactcard = True  # type: ignore[attr-defined]
        request_log.addHandler(handler)
    request_log.setLevel(logging.INFO)


class Metrics:
    """The process's request metrics, in a registry of their own (an app, not the module, owns them)."""

    def __init__(self, pool_in_use: Callable[[], float]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "contactcard_requests", "Requests answered", ["operation", "status"], registry=self.registry
        )
        self.duration = Histogram(
            "contactcard_request_duration_seconds",
            "Time to answer a request",
            ["operation"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
            registry=self.registry,
        )
        self.statements = Counter(
            "contactcard_sql_statements",
            "SQL statements sent for requests",
            ["operation"],
            registry=self.registry,
        )
        self.pool = Gauge(
            "contactcard_pool_in_use", "Database connections checked out", registry=self.registry
        )
        self.pool.set_function(pool_in_use)
        self._operations: set[str] = set()

    def label(self, operation: str | None) -> str:
        if operation is None:
            return "none"
        operation = operation[:MAX_LABEL_LENGTH]
        if operation in self._operations:
            return operation
        if len(self._operations) >= MAX_OPERATION_LABELS:
            return "other"
        self._operations.add(operation)
        return operation

    def observe(self, record: RequestRecord) -> None:
        operation = self.label(record.operation)
        self.requests.labels(operation, str(record.status)).inc()
        self.duration.labels(operation).observe(record.duration_ms / 1000)
        self.statements.labels(operation).inc(record.statements)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def record(metrics: Metrics, entry: RequestRecord) -> None:
    """Log the request's line and count it."""
    request_log.info("request", extra={"fields": entry.as_log()})
    metrics.observe(entry)


def metrics_route(metrics: Metrics, token: str | None) -> Callable[[Request], Any]:
    """`GET /metrics`: with a token set, for `Authorization: Bearer <token>` only; without, for loopback
    clients only (what a request did is the operator's to see, not a partner's)."""

    async def serve(request: Request) -> Response:
        if token is not None:
            given = request.headers.get("authorization", "").encode()
            allowed = hmac.compare_digest(given, f"Bearer {token}".encode())
        else:
            allowed = request.client is not None and request.client.host in LOOPBACK
        if not allowed:
            return Response("Not found\n", status_code=404, media_type="text/plain")
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return serve
