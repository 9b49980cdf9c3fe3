"""One JSON log line per request (what ran and what it cost, never a token or a variable's value) and
Prometheus metrics at `/metrics` (loopback or a bearer token only; labels bounded)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

import httpx
import pytest

from contactcard.app import create_app
from contactcard.observability import MAX_OPERATION_LABELS, JsonLines, Metrics, RequestRecord, request_log

SECRET_VALUE = "s3cr3t-variable-value"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.setFormatter(JsonLines())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def lines():
    handler = Lines()
    request_log.addHandler(handler)
    yield handler.lines
    request_log.removeHandler(handler)


async def test_one_json_line_per_request_without_tokens_or_values(client, admin_token, lines):
    query = "query Lookup($q: String) { contacts(first: 3, filter: {search: $q}) { nodes { id } } }"
    response = await client.post(
        "/graphql", json={"query": query, "variables": {"q": SECRET_VALUE}},
        headers={"authorization": f"Bearer {admin_token}"},
    )  # fmt: skip
    assert response.status_code == 200
    await client.post(
        "/graphql", json={"query": "{ viewer { id } }"}, headers={"authorization": "Bearer nope"}
    )
    assert len(lines) == 2
    ok, refused = (json.loads(line) for line in lines)
    assert ok["event"] == "request"
    assert ok["operation"] == "Lookup"
    assert ok["status"] == 200
    assert ok["requestId"] == response.headers["x-request-id"]
    assert ok["sqlStatements"] == response.json()["extensions"]["cost"]["sqlStatements"]
    assert ok["requestedNodes"] == 3
    assert ok["viewerId"]
    assert ok["workspaceId"]
    assert ok["durationMs"] > 0
    assert (refused["status"], refused["viewerId"], refused["operation"]) == (401, None, None)
    for line in lines:
        assert SECRET_VALUE not in line
        assert admin_token not in line
        assert admin_token.split("_")[-1][:12] not in line


async def scrape(app: Any, client_host: str = "127.0.0.1", **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=(client_host, 4242))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as scraper:
        return await scraper.get("/metrics", headers=headers)


async def test_metrics_count_requests_by_operation(settings, engine, admin_token):
    app = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for _ in range(3):
            await client.post(
                "/graphql", json={"query": "query Few { contacts(first: 2) { nodes { id } } }"},
                headers={"authorization": f"Bearer {admin_token}"},
            )  # fmt: skip
    response = await scrape(app)
    assert response.status_code == 200
    text = response.text
    assert 'contactcard_requests_total{operation="Few",status="200"} 3.0' in text
    assert 'contactcard_request_duration_seconds_count{operation="Few"} 3.0' in text
    assert 'contactcard_sql_statements_total{operation="Few"}' in text
    assert "contactcard_pool_in_use" in text


async def test_metrics_are_for_the_operator_only(settings, engine):
    app = create_app(settings, engine=engine)
    assert (await scrape(app, "203.0.113.7")).status_code == 404
    guarded = create_app(replace(settings, metrics_token="scrape-me"), engine=engine)
    assert (await scrape(guarded)).status_code == 404  # a token is set: loopback is not enough
    assert (await scrape(guarded, "203.0.113.7", authorization="Bearer nope")).status_code == 404
    assert (await scrape(guarded, "203.0.113.7", authorization="Bearer scrape-me")).status_code == 200


async def test_a_huge_operation_name_is_not_logged_whole(client, admin_token, lines):
    name = "Op" + "x" * 5000
    await client.post(
        "/graphql", json={"query": f"query {name} {{ viewer {{ id }} }}"},
        headers={"authorization": f"Bearer {admin_token}"},
    )  # fmt: skip
    (line,) = lines
    assert len(json.loads(line)["operation"]) == 200
    assert len(line) < 1000


def test_operation_labels_are_bounded():
    metrics = Metrics(lambda: 0.0)
    for i in range(MAX_OPERATION_LABELS + 50):
        metrics.observe(RequestRecord(f"r{i}", "POST", "/graphql", 200, 1.0, operation=f"Op{i}" + "x" * 100))
    text = metrics.exposition().decode()
    labels = {line.split('operation="')[1].split('"')[0] for line in text.splitlines()
              if line.startswith("contactcard_requests_total{")}  # fmt: skip
    assert len(labels) == MAX_OPERATION_LABELS + 1
    assert "other" in labels
    assert max(len(label) for label in labels) <= 64
