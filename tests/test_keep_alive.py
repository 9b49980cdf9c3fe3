"""An idle connection outlives clients' own idle expiry. httpx drops a pooled connection after 5 s idle and
uvicorn closed one after 5 s too: a client that reused its connection just as the server closed it got a
reset (CI saw `httpx.ReadError` under load). `contactcard serve` keeps idle connections 75 s
(CONTACTCARD_KEEP_ALIVE_SECONDS), so the client always lets go first."""

from __future__ import annotations

import socket
import time

import httpx

from tests.live_server import live_server

CLIENT_EXPIRY = httpx.Limits().keepalive_expiry
"""httpx's default idle expiry of a pooled connection (5 s)."""

REQUEST = b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _response(conn: socket.socket) -> bytes:
    """One response's head and body (/readyz answers with a content-length), or what came before EOF."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = conn.recv(65536)
        if not chunk:
            return received
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_an_idle_connection_is_kept_past_the_clients_expiry(db_url, owner_engine, tmp_path):
    """`owner_engine`: the test database is migrated (serve refuses an old schema)."""
    assert CLIENT_EXPIRY is not None
    with live_server(db_url, tmp_path) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(REQUEST)
            assert _response(conn).startswith(b"HTTP/1.1 200")
            time.sleep(CLIENT_EXPIRY + 1)
            conn.sendall(REQUEST)
            assert _response(conn).startswith(b"HTTP/1.1 200"), "the server closed an idle connection early"
