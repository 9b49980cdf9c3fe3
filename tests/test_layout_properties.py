"""Random sequences of valid and invalid layout mutations over the API (hypothesis).

After every mutation: the effective layout has each kind once, the admin's locked panels where the admin
put them, and a refused mutation left the stored layout exactly as it was.

Hypothesis cannot drive the session's event loop, so this test runs its own loop with its own engine.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactcard.app import create_app
from contactcard.auth.issue import issue_token
from contactcard.db.runtime import engine_for
from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from contactcard.db.url import asyncpg_dsn
from contactcard.layouts.registry import REGISTRY

KINDS = [kind.value for kind in REGISTRY]  # every panel kind, in default order
NAMES = [*KINDS, "NOPE"]
WORKSPACE_LAYOUT = [
    {"kind": "CONSENTS", "locked": True, "enabled": True},
    {"kind": "HISTORY"},
    {"kind": "DEALS", "enabled": False},
    {"kind": "PAYMENTS"},
    {"kind": "CALLS"},
    {"kind": "TASKS", "locked": True, "enabled": False},
]
PINS = {"CONSENTS": 0, "TASKS": 5}
LAYOUT = "{ viewer { cardLayout { version panels { kind position enabled locked } } } }"
PAYLOAD = "{ cardLayout { version } userErrors { code } }"

version_shift = st.sampled_from([0, 0, 0, 0, -1, 1])  # mostly the current version, sometimes stale
operations = st.one_of(
    st.tuples(
        st.just("cardLayoutPanelMove"),
        st.fixed_dictionaries({"kind": st.sampled_from(NAMES), "position": st.integers(-1, 8)}),
        version_shift,
    ),
    st.tuples(
        st.just("cardLayoutPanelToggle"),
        st.fixed_dictionaries({"kind": st.sampled_from(NAMES), "enabled": st.booleans()}),
        version_shift,
    ),
    st.tuples(
        st.just("cardLayoutPanelConfigure"),
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(NAMES),
                "settings": st.fixed_dictionaries({"pageSize": st.integers(-1, 55)}),
            }
        ),
        version_shift,
    ),
    st.tuples(
        st.just("cardLayoutUpdate"),
        st.fixed_dictionaries(
            {
                "panels": st.lists(
                    st.fixed_dictionaries({"kind": st.sampled_from(NAMES), "enabled": st.booleans()}),
                    max_size=9,
                )
            }
        ),
        version_shift,
    ),
    st.tuples(st.just("cardLayoutReset"), st.just({}), version_shift),
)
INPUT_TYPES = {
    "cardLayoutPanelMove": "CardLayoutPanelMoveInput",
    "cardLayoutPanelToggle": "CardLayoutPanelToggleInput",
    "cardLayoutPanelConfigure": "CardLayoutPanelConfigureInput",
    "cardLayoutUpdate": "CardLayoutUpdateInput",
    "cardLayoutReset": "CardLayoutResetInput",
}


class Harness:
    def __init__(self, settings_, db_url) -> None:
        self.settings, self.db_url = settings_, db_url

    async def start(self) -> None:
        self.engine = engine_for(self.settings, self.db_url, serving=True)
        self.owner = engine_for(self.settings, self.db_url)
        self.pg = await asyncpg.connect(asyncpg_dsn(self.db_url))
        self.name = f"Properties {secrets.token_hex(4)}"
        self.workspace = await seed_workspace(self.pg, replace(DEMO, name=self.name), contacts=10, seed=3)
        async with self.owner.begin() as conn:
            admin = await issue_token(
                conn, "admin@demo.example", ["read", "write", "admin"], "tests", self.name
            )
            self.token = await issue_token(conn, "agent@demo.example", ["read", "write"], "tests", self.name)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(self.settings, engine=self.engine)),
            base_url="http://test",
        )
        body = await self.post(
            "mutation($i: AdminCardLayoutInput!) { workspaceCardLayoutUpdate(input: $i) { userErrors { code } } }",
            {"i": {"expectedVersion": 0, "panels": WORKSPACE_LAYOUT}},
            admin,
        )
        assert body["data"]["workspaceCardLayoutUpdate"]["userErrors"] == []

    async def stop(self) -> None:
        await self.client.aclose()
        await self.pg.execute("DELETE FROM workspaces WHERE id = $1", self.workspace)
        await self.pg.close()
        await self.engine.dispose()
        await self.owner.dispose()

    async def post(self, query: str, variables: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token or self.token}"},
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body

    async def stored(self) -> tuple[int, str] | None:
        row = await self.pg.fetchrow(
            "SELECT version, panels::text FROM card_layouts WHERE workspace_id = $1 AND scope = 'USER'",
            self.workspace,
        )
        return None if row is None else (row["version"], row["panels"])

    async def run(self, ops: list[tuple[str, dict[str, Any], int]]) -> None:
        for name, payload_input, shift in ops:
            before = await self.stored()
            version = before[0] if before else 0
            query = f"mutation($i: {INPUT_TYPES[name]}!) {{ {name}(input: $i) {PAYLOAD} }}"
            result = (await self.post(query, {"i": {**payload_input, "expectedVersion": version + shift}}))[
                "data"
            ][name]
            after = await self.stored()
            if name != "cardLayoutUpdate" and payload_input.get("kind") in PINS:
                assert "PANEL_LOCKED" in [e["code"] for e in result["userErrors"]], (name, payload_input)
            if result["userErrors"]:
                assert result["cardLayout"] is None
                assert after == before, (name, payload_input, result)
            else:
                assert shift == 0
                assert after is not None
                assert after[0] == version + 1
            layout = (await self.post(LAYOUT, {}))["data"]["viewer"]["cardLayout"]
            panels = layout["panels"]
            assert sorted(p["kind"] for p in panels) == sorted(KINDS)
            assert [p["position"] for p in panels] == list(range(len(KINDS)))
            for kind, index in PINS.items():
                pinned = next(p for p in panels if p["kind"] == kind)
                assert (pinned["position"], pinned["locked"]) == (index, True)
            assert next(p for p in panels if p["kind"] == "TASKS")["enabled"] is False


@pytest.mark.usefixtures("engine")  # the session's database, migrated and seeded
def test_random_mutation_sequences_keep_the_layout_whole(settings, db_url):
    loop = asyncio.new_event_loop()
    harness = Harness(settings, db_url)
    loop.run_until_complete(harness.start())
    try:

        @settings_profile
        @given(ops=st.lists(operations, min_size=1, max_size=8))
        def check(ops):
            loop.run_until_complete(harness.run(ops))

        check()
    finally:
        loop.run_until_complete(harness.stop())
        loop.close()


settings_profile = settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
