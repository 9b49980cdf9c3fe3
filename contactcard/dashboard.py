"""The reference dashboard at `/app`: plain HTML, CSS and ES modules from `contactcard/static/app` (no build
step, nothing from a CDN), and the handful of GraphQL documents it sends. The page sends them by hash only,
as persisted queries: every server knows them from the start (`PersistedQueries(pinned=...)`), also in
allowlist mode, and `/app/documents.json` tells the page their hashes."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from contactcard.persisted import sha256_of
from contactcard.web import json_response

APP = Path(__file__).resolve().parent / "static" / "app"
DOCUMENTS: dict[str, str] = {
    path.stem: path.read_text() for path in sorted((APP / "documents").glob("*.graphql"))
}
"""The page's documents by name (the file's stem)."""
BY_HASH: dict[str, str] = {sha256_of(body): body for body in DOCUMENTS.values()}
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class _AppFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


async def _page(_request: Request) -> Response:
    return FileResponse(APP / "index.html", headers=HEADERS)


async def _hashes(_request: Request) -> Response:
    return json_response({name: sha256_of(body) for name, body in DOCUMENTS.items()}, headers=HEADERS)


def dashboard_routes() -> list[BaseRoute]:
    return [
        Route("/app", _page),
        Route("/app/", _page),
        Route("/app/documents.json", _hashes),
        Mount("/app", _AppFiles(directory=APP), name="app"),
    ]
