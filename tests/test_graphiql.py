"""GraphiQL works offline (issue 14 item 1): the page and every script and style it loads come from
contactcard itself, byte for byte the pinned releases (their `integrity` hashes hold), and in headless
Chromium (Debian's `chromium`, driven by Playwright) the editor renders and a query runs while every request
off the machine is refused. Skips, saying so, where Chromium or Playwright is missing."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from contactcard.app import GRAPHIQL_ASSETS, GRAPHIQL_PAGE
from tests.live_server import live_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ASSET = re.compile(r'(?:src|href)="(/graphiql/assets/[^"]+)"\s+integrity="(sha384-[^"]+)"')


def test_the_page_loads_nothing_from_elsewhere():
    addresses = re.findall(r'(?:src|href)="([^"]+)"', GRAPHIQL_PAGE)
    assert addresses
    assert [a for a in addresses if not a.startswith(("/graphiql/assets/", "data:"))] == []
    assert "unpkg" not in GRAPHIQL_PAGE


def test_the_served_files_are_the_pinned_releases():
    assets = ASSET.findall(GRAPHIQL_PAGE)
    assert len(assets) == 7
    for path, integrity in assets:
        content = (GRAPHIQL_ASSETS / path.removeprefix("/graphiql/assets/")).read_bytes()
        digest = base64.b64encode(hashlib.sha384(content).digest()).decode()
        assert integrity == f"sha384-{digest}", path
    assert sorted(p.name for p in (GRAPHIQL_ASSETS / "licenses").iterdir()) == [
        "graphiql.LICENSE", "js-cookie.LICENSE", "plugin-explorer.LICENSE", "react-dom.LICENSE", "react.LICENSE"
    ]  # fmt: skip


async def test_the_assets_are_served(client):
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "/graphiql/assets/graphiql.min.js" in page.text
    for path, _ in ASSET.findall(GRAPHIQL_PAGE):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.content == (GRAPHIQL_ASSETS / path.removeprefix("/graphiql/assets/")).read_bytes()


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory) -> Iterator[str]:
    with live_server(db_url, tmp_path_factory.mktemp("graphiql")) as live:
        yield live.url


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_graphiql_renders_and_runs_a_query_offline(server, admin_token, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    headers = json.dumps({"Authorization": f"Bearer {admin_token}"})
    query = "{ viewer { email } }"
    parameters = urllib.parse.urlencode({"headers": headers, "q": query}, quote_via=urllib.parse.quote)
    address = f"{server}/graphql?{parameters}"  # as `make serve` prints it
    off_machine: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()

            def only_this_machine(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if url.startswith((server, "data:")):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    off_machine.append(url)
                    route.abort()  # type: ignore[attr-defined]

            page.route("**/*", only_this_machine)
            page.goto(address)
            page.wait_for_selector(".graphiql-query-editor .CodeMirror", timeout=30_000)
            assert "Loading..." not in page.inner_text("#graphiql")
            page.click(".graphiql-execute-button")
            page.wait_for_function(
                "() => document.querySelector('.result-window')?.innerText.includes('admin@demo.example')",
                timeout=30_000,
            )
            page.screenshot(path=str(Path(tmp_path) / "graphiql.png"))
        finally:
            browser.close()
    assert off_machine == []
