"""The reference dashboard (/app) in a real browser: Debian's Chromium driven by Playwright, against a live
server. A moved panel stays moved, a disabled panel brings no data and runs no SQL, a locked panel cannot be
dragged, an agent cannot open another group's contact by its URL, a comment shows on the history, the list
filters and exports; every request the page makes is a persisted query sent by its hash. Screenshots of the
list and the card go to $CONTACTCARD_SCREENSHOTS (the README's come from there), else to a temporary
directory."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contactcard.dashboard import DOCUMENTS
from tests.live_server import first_contact, graphql, live_server
from tests.writing import ADMIN, AGENT, AGENT2, MANAGER, make_org

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")


@pytest.fixture(scope="module")
async def orgs(pg, owner_engine):
    """Made before the browser starts (sync Playwright runs its own event loop): one workspace for most
    tests, one whose admin locks a panel."""
    made = {
        "main": await make_org(pg, owner_engine, "Dashboard", contacts=40, seed=21),
        "locks": await make_org(pg, owner_engine, "Dashboard locks", contacts=20, seed=22),
    }
    yield made
    for each in made.values():
        await pg.execute("DELETE FROM workspaces WHERE id = $1", each.workspace_id)


@pytest.fixture(scope="module")
def org(orgs):
    return orgs["main"]


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory) -> Iterator[str]:
    files = tmp_path_factory.mktemp("dashboard-files")
    with live_server(db_url, tmp_path_factory.mktemp("dashboard"), CONTACTCARD_FILES_DIR=str(files),
                     CONTACTCARD_RUN_JOBS="1") as live:  # fmt: skip
        yield live.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    chosen = os.environ.get("CONTACTCARD_SCREENSHOTS")
    directory = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class Session:
    """A signed-in tab, recording every request it sends to /graphql."""

    def __init__(self, browser: Any, server: str, token: str) -> None:
        self.server = server
        # bypass_csp: Playwright's waits evaluate JavaScript, which the page's own CSP (no eval) forbids
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True
        )
        self.page = self.context.new_page()
        self.sent: list[dict[str, Any]] = []
        self.page.on("request", self._record)
        self.page.goto(f"{server}/app")
        self.page.fill("#token", token)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("#who:not(:empty)")

    def _record(self, request: Any) -> None:
        if request.url.endswith("/graphql") and request.method == "POST":
            raw = request.post_data_buffer or b""
            self.sent.append({"headers": request.headers, "body": raw.decode("utf-8", "replace")})

    def card(self, contact_id: str) -> None:
        self.page.goto(f"{self.server}/app#/contact/{contact_id}")
        self.page.wait_for_selector("#contact-name, #not-found")

    def last_card(self) -> dict[str, Any]:
        return self.page.evaluate("window.contactcardLastCard")  # type: ignore[no-any-return]

    def tab_kinds(self) -> list[str]:
        return self.page.eval_on_selector_all(".card section.panel", "els => els.map(e => e.dataset.kind)")  # type: ignore[no-any-return]

    def reload_card(self) -> None:
        self.page.reload()
        self.page.wait_for_selector("#contact-name")

    def close(self) -> None:
        persisted_only(self.sent)
        self.context.close()


def persisted_only(sent: list[dict[str, Any]]) -> None:
    """Every request carried a document's hash and no document: the page's documents are persisted."""
    assert sent
    hashes = set()
    for request in sent:
        if request["headers"].get("content-type", "").startswith("multipart/"):
            if 'name="operations"' not in request["body"]:
                continue  # Chromium does not report the body of a request that carries a file
            operations = request["body"].split('name="operations"', 1)[1].split("\r\n\r\n", 1)[1]
            body = json.loads(operations.split("\r\n--", 1)[0])
        else:
            body = json.loads(request["body"])
        assert "query" not in body, body
        hashes.add(body["extensions"]["persistedQuery"]["sha256Hash"])
    assert len(hashes) <= len(DOCUMENTS)


def test_a_moved_panel_stays_moved_after_a_reload(server, orgs, org, browser, screenshots):
    tab = Session(browser, server, org.writers[AGENT])
    try:
        tab.card(first_contact(server, org.writers[AGENT]))
        tab.page.screenshot(path=str(screenshots / "card.png"), full_page=True)
        before = tab.tab_kinds()
        assert {"HISTORY", "DEALS"} <= set(before)
        tab.page.click("#edit-layout")
        tab.page.drag_and_drop("li[data-kind=DEALS]", "li[data-kind=HISTORY]")
        tab.page.wait_for_function("window.contactcardLastCard.data.contact.card.layout.version > 0")
        tab.reload_card()
        after = tab.tab_kinds()
        tabs_after = [k for k in after if k in {"HISTORY", "DEALS"}]
        assert tabs_after == ["DEALS", "HISTORY"], after
    finally:
        tab.close()


def test_a_disabled_panel_brings_no_data_and_runs_no_sql(server, org, browser):
    tab = Session(browser, server, org.writers[AGENT])
    try:
        tab.card(first_contact(server, org.writers[AGENT]))
        before = tab.last_card()
        assert "CALLS" in [p["kind"] for p in before["data"]["contact"]["card"]["panels"]]
        tab.page.click("#edit-layout")
        version = before["data"]["contact"]["card"]["layout"]["version"]
        tab.page.uncheck("li[data-kind=CALLS] input.toggle")
        tab.page.wait_for_function(f"window.contactcardLastCard.data.contact.card.layout.version > {version}")
        after = tab.last_card()
        assert "CALLS" not in [p["kind"] for p in after["data"]["contact"]["card"]["panels"]]
        assert "CALLS" not in tab.tab_kinds()
        # the calls panel's page is no longer read: the card's pages are one statement (db/combined.py),
        # which now leaves the calls out (tests/test_card_reads.py checks its text); no statement was added
        assert after["extensions"]["cost"]["sqlStatements"] <= before["extensions"]["cost"]["sqlStatements"]
        assert (
            after["data"]["contact"]["card"]["cost"]["panels"]
            == before["data"]["contact"]["card"]["cost"]["panels"] - 1
        )
    finally:
        tab.close()


def test_an_agent_cannot_open_another_groups_contact_by_url(server, org, browser):
    theirs = first_contact(server, org.writers[AGENT])
    tab = Session(browser, server, org.writers[AGENT2])
    try:
        tab.card(theirs)
        assert tab.page.is_visible("#not-found")
        assert tab.last_card() is None or tab.last_card()["data"]["contact"]["id"] != theirs
    finally:
        tab.close()


def test_a_comment_appears_on_the_history_and_an_upload_on_the_files(server, org, browser, tmp_path):
    tab = Session(browser, server, org.writers[AGENT])
    try:
        tab.card(first_contact(server, org.writers[AGENT]))
        tab.page.fill("#comment-body", "Called: wants the annual plan")
        tab.page.click("#comment-send")
        tab.page.wait_for_selector(
            "section[data-kind=HISTORY] .comment:text('Called: wants the annual plan')"
        )
        offer = tmp_path / "offer.txt"
        offer.write_text("Annual plan, 20% off")
        tab.page.set_input_files("#file-input", str(offer))
        tab.page.wait_for_selector("section[data-kind=FILES] button.link:text('offer.txt')")
        with tab.page.expect_download() as downloaded:
            tab.page.click("section[data-kind=FILES] button.link:text('offer.txt')")
        assert Path(downloaded.value.path()).read_text() == "Annual plan, 20% off"
    finally:
        tab.close()


def test_the_list_filters_and_exports(server, org, browser, screenshots):
    name = graphql(server, org.writers[ADMIN], "{ contacts(first: 1) { nodes { name lastName } } }")[
        "contacts"
    ]["nodes"][0]
    tab = Session(browser, server, org.writers[ADMIN])
    try:
        tab.page.wait_for_selector("table.contacts tbody tr")
        tab.page.screenshot(path=str(screenshots / "list.png"), full_page=True)
        everyone = tab.page.inner_text("#total")
        tab.page.fill("#search", name["lastName"])
        tab.page.click("#apply")
        tab.page.wait_for_function(f"document.getElementById('total').textContent !== {json.dumps(everyone)}")
        shown = tab.page.eval_on_selector_all("a.contact", "els => els.map(e => e.textContent)")
        assert name["name"] in shown
        assert all(name["lastName"].lower() in s.lower() for s in shown), shown
        tab.page.click("#export")
        tab.page.wait_for_selector("#download-export", timeout=30_000)
        assert "Your export is ready" in tab.page.inner_text("#notice")
        with tab.page.expect_download() as downloaded:
            tab.page.click("#download-export")
        csv = Path(downloaded.value.path()).read_text(encoding="utf-8-sig")
        lines = csv.strip().splitlines()
        assert len(lines) == len(shown) + 1  # the header and the filtered contacts, nobody else
        assert name["lastName"] in csv
    finally:
        tab.close()


def test_a_locked_panel_is_shown_locked_and_cannot_be_dragged(server, orgs, browser):
    org = orgs["locks"]
    locked = graphql(
        server, org.writers[ADMIN],
        "mutation($input: AdminCardLayoutInput!) { workspaceCardLayoutUpdate(input: $input) { userErrors { code } } }",
        {"input": {"expectedVersion": 0, "panels": [{"kind": "TASKS", "locked": True, "enabled": True}]}},
    )  # fmt: skip
    assert locked["workspaceCardLayoutUpdate"]["userErrors"] == []
    tab = Session(browser, server, org.writers[AGENT])
    try:
        tab.card(first_contact(server, org.writers[AGENT]))
        before = tab.tab_kinds()
        tab.page.click("#edit-layout")
        item = tab.page.locator("li[data-kind=TASKS]")
        assert item.get_attribute("draggable") == "false"
        assert "locked" in (item.get_attribute("class") or "")
        assert tab.page.is_disabled("li[data-kind=TASKS] input.toggle")
        tab.page.drag_and_drop("li[data-kind=TASKS]", "li[data-kind=HISTORY]")
        tab.page.wait_for_timeout(500)
        tab.reload_card()
        assert tab.tab_kinds() == before
        assert tab.last_card()["data"]["contact"]["card"]["layout"]["version"] == 0  # nothing was saved
    finally:
        tab.close()


def test_a_version_conflict_is_shown_and_a_reload_resolves_it(server, org, browser):
    tab = Session(browser, server, org.writers[MANAGER])
    try:
        tab.card(first_contact(server, org.writers[MANAGER]))
        tab.page.click("#edit-layout")
        seen = tab.last_card()["data"]["contact"]["card"]["layout"]["version"]
        # Another tab of the same user hides the courses panel meanwhile.
        changed = graphql(
            server, org.writers[MANAGER],
            "mutation($input: CardLayoutPanelToggleInput!) { cardLayoutPanelToggle(input: $input) { userErrors { code } } }",
            {"input": {"kind": "COURSES", "enabled": False, "expectedVersion": seen}},
        )  # fmt: skip
        assert changed["cardLayoutPanelToggle"]["userErrors"] == []
        tab.page.uncheck("li[data-kind=CALLS] input.toggle")
        tab.page.wait_for_selector("#reload-layout")
        assert "version conflict" in tab.page.inner_text("#notice")
        tab.page.click("#reload-layout")
        tab.page.wait_for_function(f"window.contactcardLastCard.data.contact.card.layout.version > {seen}")
        kinds = tab.tab_kinds()
        assert "COURSES" not in kinds  # the other tab's change
        assert "CALLS" in kinds  # this tab's refused one
    finally:
        tab.close()
