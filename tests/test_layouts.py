"""Card layouts over the API: the card follows the layout, edits are checked, versioned and recorded.

Each test gets a workspace of its own (the demo's users and groups, 40 contacts): layout defaults apply to a
whole workspace, so tests must not share one.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from graphql import get_named_type

from contactcard.db.seed.workspaces import DEMO
from contactcard.db.seed.writer import seed_workspace
from contactcard.domain.text import camel
from contactcard.layouts.registry import REGISTRY, PanelKind, PanelZone
from contactcard.schema.card import PANEL_TYPES
from contactcard.schema.tabs import TAB_OF_PANEL
from tests.conftest import make_token
from tests.schema_walk import GRAPHQL

KINDS = [kind.value for kind in REGISTRY]  # every panel kind, in default order
CARD = (Path(__file__).parent / "queries" / "card.graphql").read_text()

LAYOUT = "{ viewer { cardLayout { version locked lockedBy panels { kind position enabled settings locked source } } } }"
PAYLOAD = "cardLayout { version panels { kind position enabled settings locked source } } userErrors { field code message }"
LAYER_PAYLOAD = (
    "layer { version locked panels { kind enabled settings locked } } userErrors { field code message }"
)
MUTATIONS = {
    "cardLayoutUpdate": "CardLayoutUpdateInput",
    "cardLayoutPanelMove": "CardLayoutPanelMoveInput",
    "cardLayoutPanelToggle": "CardLayoutPanelToggleInput",
    "cardLayoutPanelConfigure": "CardLayoutPanelConfigureInput",
    "cardLayoutReset": "CardLayoutResetInput",
    "cardLayoutRollback": "CardLayoutRollbackInput",
    "cardLayoutLock": "CardLayoutLockInput",
}


# One flat field per panel.
def _data(kind: PanelKind) -> str:
    """The first data field of a kind's panel with one scalar of it: a tab's entry ids, a section's first
    field (one statement each)."""
    type_ = GRAPHQL.get_type(PANEL_TYPES[kind].__name__)
    name = next(n for n in type_.fields if n not in {"kind", "position", "title", "zone", "pageSize"})
    target = get_named_type(type_.fields[name].type)
    if "nodes" in getattr(target, "fields", {}):
        return f"{name} {{ nodes {{ id }} }}"
    if hasattr(target, "fields"):
        scalar = next(n for n, f in target.fields.items() if not hasattr(get_named_type(f.type), "fields"))
        return f"{name} {{ {scalar} }}"
    return name


def _read_together(kind: str) -> bool:
    """Whether a kind's flat field is its list tab's page: the pages of a card's panels are read by one
    statement together (db/combined.py); every other panel's data costs at most a statement of its own."""
    tab = TAB_OF_PANEL.get(PanelKind(kind))
    return tab is not None and _data(PanelKind(kind)).startswith(f"{camel(tab.name)} ")


FRAGMENTS = "\n".join(f"        ... on {PANEL_TYPES[kind].__name__} {{ {_data(kind)} }}" for kind in REGISTRY)
FLAT_CARD = f"""
query FlatCard($id: ID!) {{
  contact(id: $id) {{
    card {{
      cost {{ panels nodes }}
      panels {{
        kind position pageSize
{FRAGMENTS}
      }}
    }}
  }}
}}
"""
"""Every panel kind's data, whatever kinds the registry holds."""


@dataclass
class Org:
    name: str
    workspace_id: int
    tokens: dict[str, str]
    contact: str
    """A contact the admin, the manager and the agent (not agent2, in Outbound) may see, with the most tasks."""


@pytest.fixture
async def org(pg, owner_engine):
    name = f"Layouts {secrets.token_hex(4)}"
    ws = await seed_workspace(pg, replace(DEMO, name=name), contacts=40, seed=17)
    # Unassigned, in Inbound: the agent's group, under the manager's Sales.
    contact = await pg.fetchval(
        "SELECT t.contact_id FROM task_contacts t JOIN contacts c ON c.workspace_id = t.workspace_id AND c.id = t.contact_id "
        "WHERE t.workspace_id = $1 GROUP BY t.contact_id ORDER BY count(*) DESC LIMIT 1",
        ws,
    )
    inbound = await pg.fetchval("SELECT id FROM groups WHERE workspace_id = $1 AND name = 'Inbound'", ws)
    await pg.execute(
        "UPDATE contacts SET assigned_user_id = NULL, group_id = $3 WHERE workspace_id = $1 AND id = $2",
        ws,
        contact,
        inbound,
    )
    scopes = {
        "admin@demo.example": ("read", "write", "admin"),
        "manager@demo.example": ("read", "write"),
        "agent@demo.example": ("read", "write"),
        "agent2@demo.example": ("read",),
    }
    from tests.conftest import global_id  # noqa: PLC0415

    tokens = {}
    for email, granted in scopes.items():
        tokens[email] = await make_token(owner_engine, email, granted, workspace=name)
    yield Org(name, ws, tokens, global_id("Contact", contact))
    await pg.execute("DELETE FROM workspaces WHERE id = $1", ws)


ADMIN, MANAGER, AGENT, READER = (
    "admin@demo.example",
    "manager@demo.example",
    "agent@demo.example",
    "agent2@demo.example",
)


async def layout(gql, token) -> dict[str, Any]:
    body = await gql(LAYOUT, token)
    assert "errors" not in body, body
    return body["data"]["viewer"]["cardLayout"]


async def mutate(gql, token, name: str, payload_input: dict[str, Any]) -> dict[str, Any]:
    query = f"mutation($input: {MUTATIONS[name]}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"
    body = await gql(query, token, {"input": payload_input})
    assert "errors" not in body, body
    return body["data"][name]


async def admin_update(
    gql, token, panels, *, expected: int, role: str | None = None, locked: bool = False
) -> dict[str, Any]:
    if role is None:
        query = f"mutation($input: AdminCardLayoutInput!) {{ workspaceCardLayoutUpdate(input: $input) {{ {LAYER_PAYLOAD} }} }}"
        variables: dict[str, Any] = {
            "input": {"expectedVersion": expected, "panels": panels, "locked": locked}
        }
        field = "workspaceCardLayoutUpdate"
    else:
        query = f"mutation($role: Role!, $input: AdminCardLayoutInput!) {{ roleCardLayoutUpdate(role: $role, input: $input) {{ {LAYER_PAYLOAD} }} }}"
        variables = {"role": role, "input": {"expectedVersion": expected, "panels": panels, "locked": locked}}
        field = "roleCardLayoutUpdate"
    body = await gql(query, token, variables)
    assert "errors" not in body, body
    return body["data"][field]


async def stored(pg, org: Org, email: str) -> tuple[int, Any] | None:
    row = await pg.fetchrow(
        "SELECT l.version, l.panels FROM card_layouts l JOIN users u ON u.workspace_id = l.workspace_id "
        "AND l.subject = 'user:' || u.id WHERE l.workspace_id = $1 AND u.email = $2",
        org.workspace_id,
        email,
    )
    return None if row is None else (row["version"], row["panels"])


def kinds(panels: list[dict[str, Any]]) -> list[str]:
    return [p["kind"] for p in panels]


async def test_a_disabled_panel_runs_no_sql(gql, org):
    token = org.tokens[AGENT]
    version = 0
    for enabled in (0, 1, 4, len(KINDS)):
        panels = [{"kind": kind, "enabled": index < enabled} for index, kind in enumerate(KINDS)]
        result = await mutate(gql, token, "cardLayoutUpdate", {"expectedVersion": version, "panels": panels})
        assert result["userErrors"] == []
        version = result["cardLayout"]["version"]
        body = await gql(FLAT_CARD, token, {"id": org.contact})
        assert "errors" not in body
        assert kinds(body["data"]["contact"]["card"]["panels"]) == KINDS[:enabled]
        # authentication (which reads the layout too), the contact, then one statement for the pages of the
        # enabled list panels together, one for each other enabled tab (the consents' current states) and
        # at most one per summary section (none where there is nothing to read: no owner, say)
        together = sum(1 for kind in KINDS[:enabled] if _read_together(kind))
        pages = 1 if together else 0
        tabs = sum(
            1
            for kind in KINDS[:enabled]
            if REGISTRY[PanelKind(kind)].zone is PanelZone.TABS and not _read_together(kind)
        )
        statements = body["extensions"]["cost"]["sqlStatements"]
        assert 2 + pages + tabs <= statements <= 2 + pages + enabled - together
        assert body["data"]["contact"]["card"]["cost"]["panels"] == enabled


async def test_a_list_of_cards_costs_what_one_card_costs(gql, org):
    query = FLAT_CARD.replace(
        "query FlatCard($id: ID!) {\n  contact(id: $id) {",
        "query Cards($first: Int!) {\n  contacts(first: $first) { nodes {",
    ).replace("      }\n    }\n  }\n}", "      }\n    }\n  } }\n}")
    one = await gql(query, org.tokens[ADMIN], {"first": 1})
    many = await gql(query, org.tokens[ADMIN], {"first": 40})
    assert "errors" not in many, many
    assert len(many["data"]["contacts"]["nodes"]) == 40
    assert (
        one["extensions"]["cost"]["sqlStatements"]
        == many["extensions"]["cost"]["sqlStatements"]
        == 2 + 1 + sum(1 for kind in KINDS if not _read_together(kind))
    )


async def test_moving_deals_to_the_top_and_three_tasks(gql, org):
    token = org.tokens[AGENT]
    moved = await mutate(
        gql, token, "cardLayoutPanelMove", {"kind": "DEALS", "position": 0, "expectedVersion": 0}
    )
    assert moved["userErrors"] == []
    assert kinds(moved["cardLayout"]["panels"])[:2] == ["DEALS", "HISTORY"]
    configured = await mutate(
        gql,
        token,
        "cardLayoutPanelConfigure",
        {"kind": "TASKS", "settings": {"pageSize": 3}, "expectedVersion": 1},
    )
    assert configured["userErrors"] == []
    panels = (await gql(CARD, token, {"id": org.contact}))["data"]["contact"]["card"]["panels"]
    assert panels[0]["__typename"] == "DealsPanel"
    tasks = next(p for p in panels if p["kind"] == "TASKS")
    assert tasks["pageSize"] == 3
    assert len(tasks["tasks"]["nodes"]) == 3


async def test_a_panel_added_to_the_workspace_default_reaches_users_with_stored_layouts(gql, org):
    admin = org.tokens[ADMIN]
    hidden = [{"kind": "TIMELINE", "enabled": False}]
    assert (await admin_update(gql, admin, hidden, expected=0))["userErrors"] == []
    # the agent only hid HISTORY; the manager stored a whole order (a move)
    assert (
        await mutate(
            gql,
            org.tokens[AGENT],
            "cardLayoutPanelToggle",
            {"kind": "HISTORY", "enabled": False, "expectedVersion": 0},
        )
    )["userErrors"] == []
    assert (
        await mutate(
            gql,
            org.tokens[MANAGER],
            "cardLayoutPanelMove",
            {"kind": "CALLS", "position": 0, "expectedVersion": 0},
        )
    )["userErrors"] == []
    assert "TIMELINE" not in [
        p["kind"] for p in (await layout(gql, org.tokens[AGENT]))["panels"] if p["enabled"]
    ]
    order = ["HISTORY", "TIMELINE", "DEALS", "TASKS", "PAYMENTS", "CALLS", "COURSES", "CONSENTS"]
    added = [{"kind": kind, "enabled": True} if kind == "TIMELINE" else {"kind": kind} for kind in order]
    assert (await admin_update(gql, admin, added, expected=1))["userErrors"] == []
    agent = await layout(gql, org.tokens[AGENT])
    timeline = next(p for p in agent["panels"] if p["kind"] == "TIMELINE")
    assert (timeline["enabled"], timeline["position"], timeline["source"]) == (True, 1, "WORKSPACE")
    manager = await layout(gql, org.tokens[MANAGER])
    assert next(p for p in manager["panels"] if p["kind"] == "TIMELINE")["enabled"] is True
    assert kinds(manager["panels"])[0] == "CALLS"


async def test_a_role_default_beats_the_workspace_default(gql, org):
    admin = org.tokens[ADMIN]
    assert (await admin_update(gql, admin, [{"kind": "CALLS", "enabled": False}], expected=0))[
        "userErrors"
    ] == []
    assert (await admin_update(gql, admin, [{"kind": "CALLS", "enabled": True}], expected=0, role="AGENT"))[
        "userErrors"
    ] == []
    agent_calls = next(p for p in (await layout(gql, org.tokens[AGENT]))["panels"] if p["kind"] == "CALLS")
    manager_calls = next(
        p for p in (await layout(gql, org.tokens[MANAGER]))["panels"] if p["kind"] == "CALLS"
    )
    assert (agent_calls["enabled"], agent_calls["source"]) == (True, "ROLE")
    assert (manager_calls["enabled"], manager_calls["source"]) == (False, "WORKSPACE")


async def test_a_locked_panel_is_pinned_and_refuses_the_users_edits(gql, org, pg):
    admin, agent = org.tokens[ADMIN], org.tokens[AGENT]
    pinned = [
        {"kind": "HISTORY"},
        {"kind": "CONSENTS", "locked": True, "enabled": True, "settings": {"pageSize": 7}},
    ]
    assert (await admin_update(gql, admin, pinned, expected=0))["userErrors"] == []
    onto_pin = await mutate(
        gql, agent, "cardLayoutPanelMove", {"kind": "DEALS", "position": 1, "expectedVersion": 0}
    )
    assert [(e["field"], e["code"]) for e in onto_pin["userErrors"]] == [("position", "PANEL_LOCKED")]
    moved = await mutate(
        gql, agent, "cardLayoutPanelMove", {"kind": "DEALS", "position": 0, "expectedVersion": 0}
    )
    assert moved["userErrors"] == []
    before = await stored(pg, org, AGENT)
    refused = [
        ("cardLayoutPanelMove", {"kind": "CONSENTS", "position": 5, "expectedVersion": 1}),
        ("cardLayoutPanelToggle", {"kind": "CONSENTS", "enabled": False, "expectedVersion": 1}),
        ("cardLayoutPanelConfigure", {"kind": "CONSENTS", "settings": {"pageSize": 2}, "expectedVersion": 1}),
        ("cardLayoutUpdate", {"expectedVersion": 1, "panels": [{"kind": "CONSENTS", "enabled": False}]}),
    ]
    for name, payload_input in refused:
        result = await mutate(gql, agent, name, payload_input)
        assert result["cardLayout"] is None
        assert [e["code"] for e in result["userErrors"]] == ["PANEL_LOCKED"], name
    assert await stored(pg, org, AGENT) == before
    panels = (await layout(gql, agent))["panels"]
    consents = next(p for p in panels if p["kind"] == "CONSENTS")
    assert (consents["position"], consents["locked"], consents["settings"]["pageSize"]) == (1, True, 7)
    assert kinds(panels)[:3] == ["DEALS", "CONSENTS", "HISTORY"]
    assert (await stored(pg, org, AGENT))[0] == 1


async def test_a_locked_layout_refuses_every_edit_and_ignores_the_users_own(gql, org, pg):
    agent = org.tokens[AGENT]
    assert (
        await mutate(
            gql, agent, "cardLayoutPanelToggle", {"kind": "DEALS", "enabled": False, "expectedVersion": 0}
        )
    )["userErrors"] == []
    assert (await admin_update(gql, org.tokens[ADMIN], [{"kind": "CALLS"}], expected=0, locked=True))[
        "userErrors"
    ] == []
    current = await layout(gql, agent)
    assert (current["locked"], current["lockedBy"]) == (True, "WORKSPACE")
    assert next(p for p in current["panels"] if p["kind"] == "DEALS")["enabled"] is True
    result = await mutate(
        gql, agent, "cardLayoutPanelToggle", {"kind": "TASKS", "enabled": False, "expectedVersion": 1}
    )
    assert [e["code"] for e in result["userErrors"]] == ["LAYOUT_LOCKED"]
    assert (await stored(pg, org, AGENT))[0] == 1


async def test_a_user_locks_their_own_layout_against_edits_and_unlocks_it(gql, org, pg):
    """Seed 003's "lock editing": while locked, every edit of the user's own layout is refused (nothing
    stored); the card shows the same panels; unlocking makes it editable again. Each is a new version."""
    agent = org.tokens[AGENT]
    moved = await mutate(
        gql, agent, "cardLayoutPanelMove", {"kind": "CALLS", "position": 0, "expectedVersion": 0}
    )
    assert moved["userErrors"] == []
    locked = await mutate(gql, agent, "cardLayoutLock", {"locked": True, "expectedVersion": 1})
    assert locked["userErrors"] == []
    assert locked["cardLayout"]["version"] == 2
    assert kinds(locked["cardLayout"]["panels"])[0] == "CALLS"
    body = await gql("{ viewer { cardLayout { editingLocked locked } } }", agent)
    assert body["data"]["viewer"]["cardLayout"] == {"editingLocked": True, "locked": False}
    edits = [
        ("cardLayoutPanelMove", {"kind": "DEALS", "position": 0, "expectedVersion": 2}),
        ("cardLayoutPanelToggle", {"kind": "DEALS", "enabled": False, "expectedVersion": 2}),
        ("cardLayoutPanelConfigure", {"kind": "DEALS", "settings": {"pageSize": 3}, "expectedVersion": 2}),
        ("cardLayoutUpdate", {"panels": [{"kind": "DEALS"}], "expectedVersion": 2}),
        ("cardLayoutReset", {"expectedVersion": 2}),
        ("cardLayoutRollback", {"version": 1, "expectedVersion": 2}),
    ]
    for name, payload_input in edits:
        refused = await mutate(gql, agent, name, payload_input)
        assert [e["code"] for e in refused["userErrors"]] == ["LAYOUT_LOCKED"], name
        assert (await stored(pg, org, AGENT))[0] == 2, name
    unlocked = await mutate(gql, agent, "cardLayoutLock", {"locked": False, "expectedVersion": 2})
    assert unlocked["userErrors"] == []
    again = await mutate(
        gql, agent, "cardLayoutPanelMove", {"kind": "DEALS", "position": 0, "expectedVersion": 3}
    )
    assert again["userErrors"] == []
    assert kinds(again["cardLayout"]["panels"])[:2] == ["DEALS", "CALLS"]


async def test_two_updates_of_the_same_version_give_one_success_and_one_conflict(gql, org, pg):
    token = org.tokens[AGENT]
    for expected in (0, 1):
        first = mutate(
            gql,
            token,
            "cardLayoutPanelToggle",
            {"kind": "CALLS", "enabled": False, "expectedVersion": expected},
        )
        second = mutate(
            gql,
            token,
            "cardLayoutPanelToggle",
            {"kind": "TASKS", "enabled": False, "expectedVersion": expected},
        )
        results = await asyncio.gather(first, second)
        codes = sorted(e["code"] for r in results for e in r["userErrors"])
        assert codes == ["VERSION_CONFLICT"]
        assert sum(r["cardLayout"] is not None for r in results) == 1
    assert (await stored(pg, org, AGENT))[0] == 2


async def test_a_stale_version_is_a_conflict_and_changes_nothing(gql, org, pg):
    token = org.tokens[AGENT]
    assert (
        await mutate(
            gql, token, "cardLayoutPanelToggle", {"kind": "CALLS", "enabled": False, "expectedVersion": 0}
        )
    )["userErrors"] == []
    before = await stored(pg, org, AGENT)
    result = await mutate(
        gql, token, "cardLayoutPanelToggle", {"kind": "TASKS", "enabled": False, "expectedVersion": 0}
    )
    assert result["userErrors"] == [
        {
            "field": "expectedVersion",
            "code": "VERSION_CONFLICT",
            "message": "the layout is at version 1, not 0: reload and retry",
        }
    ]
    assert await stored(pg, org, AGENT) == before


@pytest.mark.parametrize(
    ("panels", "expected"),
    [
        ([{"kind": "WIDGETS"}], [("panels.0.kind", "UNKNOWN_PANEL")]),
        ([{"kind": "DEALS"}, {"kind": "DEALS"}], [("panels.1.kind", "DUPLICATE_PANEL")]),
        (
            [{"kind": "TASKS", "settings": {"pageSize": "ten"}}],
            [("panels.0.settings.pageSize", "INVALID_SETTING")],
        ),
        (
            [{"kind": "TASKS", "settings": {"pageSize": 51}}],
            [("panels.0.settings.pageSize", "SETTING_OUT_OF_RANGE")],
        ),
        (
            [{"kind": "TASKS", "settings": {"pageSize": 0}}],
            [("panels.0.settings.pageSize", "SETTING_OUT_OF_RANGE")],
        ),
        (
            [{"kind": "HISTORY", "settings": {"only": "CALLS"}}],
            [("panels.0.settings.only", "SETTING_OUT_OF_RANGE")],
        ),
        (
            [{"kind": "TIMELINE", "settings": {"types": ["VISIT", "TELEPORT"]}}],
            [("panels.0.settings.types", "SETTING_OUT_OF_RANGE")],
        ),
        (
            [{"kind": "DEALS", "settings": {"colour": "red"}}],
            [("panels.0.settings.colour", "INVALID_SETTING")],
        ),
        ([{"kind": "DEALS", "settings": [1, 2]}], [("panels.0.settings", "INVALID_SETTING")]),
        (
            [{"kind": "DEALS", "settings": {"pageSize": 5, "note": "x" * 5000}}],
            [("panels.0.settings", "SETTINGS_TOO_LARGE")],
        ),
        ([{"kind": "DEALS", "locked": True}], [("panels.0.locked", "FORBIDDEN")]),
        ([{"kind": "DEALS"}] * 51, [("panels", "TOO_MANY_PANELS")]),
    ],
)
async def test_bad_layouts_are_refused_naming_the_field_and_nothing_is_stored(gql, org, pg, panels, expected):
    token = org.tokens[AGENT]
    history_before = await pg.fetchval(
        "SELECT count(*) FROM history_entries WHERE workspace_id = $1", org.workspace_id
    )
    result = await mutate(gql, token, "cardLayoutUpdate", {"expectedVersion": 0, "panels": panels})
    assert result["cardLayout"] is None
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == expected
    assert await stored(pg, org, AGENT) is None
    assert (
        await pg.fetchval("SELECT count(*) FROM history_entries WHERE workspace_id = $1", org.workspace_id)
        == history_before
    )


async def test_moves_out_of_range_and_unknown_kinds_are_refused(gql, org):
    token = org.tokens[AGENT]
    for payload_input, code in (
        ({"kind": "DEALS", "position": len(KINDS), "expectedVersion": 0}, "INVALID_POSITION"),
        ({"kind": "DEALS", "position": -1, "expectedVersion": 0}, "INVALID_POSITION"),
        ({"kind": "deals", "position": 0, "expectedVersion": 0}, "UNKNOWN_PANEL"),
    ):
        result = await mutate(gql, token, "cardLayoutPanelMove", payload_input)
        assert [e["code"] for e in result["userErrors"]] == [code]


async def test_reset_and_rollback_make_new_versions(gql, org, pg):
    token = org.tokens[AGENT]
    await mutate(gql, token, "cardLayoutPanelMove", {"kind": "CALLS", "position": 0, "expectedVersion": 0})
    await mutate(
        gql, token, "cardLayoutPanelToggle", {"kind": "DEALS", "enabled": False, "expectedVersion": 1}
    )
    reset = await mutate(gql, token, "cardLayoutReset", {"expectedVersion": 2})
    assert reset["userErrors"] == []
    assert kinds(reset["cardLayout"]["panels"]) == KINDS
    assert {p["source"] for p in reset["cardLayout"]["panels"]} == {"BUILT_IN"}
    back = await mutate(gql, token, "cardLayoutRollback", {"version": 1})
    assert back["userErrors"] == []
    assert back["cardLayout"]["version"] == 4
    assert kinds(back["cardLayout"]["panels"])[0] == "CALLS"
    assert all(p["enabled"] for p in back["cardLayout"]["panels"])
    missing = await mutate(gql, token, "cardLayoutRollback", {"version": 99})
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [("version", "UNKNOWN_VERSION")]
    versions = await gql(
        "{ viewer { cardLayoutVersions(first: 2) { totalCount nodes { version } pageInfo { hasNextPage endCursor } } } }",
        token,
    )
    connection = versions["data"]["viewer"]["cardLayoutVersions"]
    assert [n["version"] for n in connection["nodes"]] == [4, 3]
    assert connection["totalCount"] == 4
    after = connection["pageInfo"]["endCursor"]
    rest = await gql(
        "query($a: String) { viewer { cardLayoutVersions(first: 5, after: $a) { totalCount nodes { version } pageInfo { hasNextPage } } } }",
        token,
        {"a": after},
    )
    assert rest["data"]["viewer"]["cardLayoutVersions"]["totalCount"] == 4
    assert [n["version"] for n in rest["data"]["viewer"]["cardLayoutVersions"]["nodes"]] == [2, 1]


async def test_layout_changes_are_history_entries_of_the_user(gql, org, pg):
    token = org.tokens[AGENT]
    await mutate(
        gql, token, "cardLayoutPanelToggle", {"kind": "DEALS", "enabled": False, "expectedVersion": 0}
    )
    await admin_update(
        gql, org.tokens[ADMIN], [{"kind": "CALLS", "enabled": False}], expected=0, role="AGENT"
    )
    rows = await pg.fetch(
        "SELECT u.email, h.field, h.before, h.after, a.email AS author FROM history_entries h "
        "JOIN users u ON u.workspace_id = h.workspace_id AND u.id = h.subject_user_id "
        "JOIN users a ON a.workspace_id = h.workspace_id AND a.id = h.author_id "
        "WHERE h.workspace_id = $1 AND h.contact_id IS NULL ORDER BY h.id",
        org.workspace_id,
    )
    import json  # noqa: PLC0415

    assert [(r["email"], r["field"], r["author"]) for r in rows] == [
        (AGENT, "cardLayout", AGENT),
        (ADMIN, "roleCardLayout.AGENT", ADMIN),
    ]
    assert json.loads(rows[0]["before"]) == {"version": 0, "locked": False, "panels": []}
    assert json.loads(rows[0]["after"]) == {
        "version": 1,
        "locked": False,
        "panels": [{"kind": "DEALS", "enabled": False, "settings": {}}],
    }


async def test_who_may_change_what(gql, org, pg):
    reader = await mutate(
        gql,
        org.tokens[READER],
        "cardLayoutPanelToggle",
        {"kind": "DEALS", "enabled": False, "expectedVersion": 0},
    )
    assert [e["code"] for e in reader["userErrors"]] == ["FORBIDDEN"]
    for token in (org.tokens[AGENT], org.tokens[MANAGER]):
        result = await admin_update(gql, token, [{"kind": "DEALS", "enabled": False}], expected=0)
        assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]
        body = await gql("{ workspaceCardLayout { version } }", token)
        assert body["data"] == {"workspaceCardLayout": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert (
        await pg.fetchval("SELECT count(*) FROM card_layouts WHERE workspace_id = $1", org.workspace_id) == 0
    )
    admin = await gql(
        "{ workspaceCardLayout { version locked panels { kind } } roleCardLayout(role: AGENT) { version } }",
        org.tokens[ADMIN],
    )
    assert admin["data"] == {
        "workspaceCardLayout": {"version": 0, "locked": False, "panels": []},
        "roleCardLayout": {"version": 0},
    }


async def test_a_stored_layout_that_no_longer_validates_is_read_without_the_bad_parts(gql, org, pg):
    user_id = await pg.fetchval(
        "SELECT id FROM users WHERE workspace_id = $1 AND email = $2", org.workspace_id, AGENT
    )
    await pg.execute(
        "INSERT INTO card_layouts (workspace_id, subject, scope, user_id, version, panels) VALUES ($1, $2, 'USER', $3, 3, $4::jsonb)",
        org.workspace_id,
        f"user:{user_id}",
        user_id,
        '[{"kind": "RETIRED_PANEL"}, {"kind": "TASKS", "settings": {"pageSize": 500}}, {"kind": "CALLS", "enabled": false}]',
    )
    current = await layout(gql, org.tokens[AGENT])
    assert sorted(kinds(current["panels"])) == sorted(KINDS)
    assert current["version"] == 3
    tasks = next(p for p in current["panels"] if p["kind"] == "TASKS")
    assert tasks["settings"] == {"pageSize": 10}
    card = await gql(CARD, org.tokens[AGENT], {"id": org.contact})
    assert "errors" not in card
    assert "CALLS" not in kinds(card["data"]["contact"]["card"]["panels"])


async def test_one_failing_panel_does_not_fail_the_card(gql, org):
    query = """query($id: ID!) { contact(id: $id) { card { panels { kind
      ... on DealsPanel { deals(after: "not-a-cursor") { nodes { id } } }
      ... on TasksPanel { tasks { nodes { id } } } } } } }"""
    body = await gql(query, org.tokens[ADMIN], {"id": org.contact})
    panels = body["data"]["contact"]["card"]["panels"]
    assert next(p for p in panels if p["kind"] == "DEALS")["deals"] is None
    assert next(p for p in panels if p["kind"] == "TASKS")["tasks"]["nodes"]
    assert [(e["path"][-1], e["extensions"]["code"]) for e in body["errors"]] == [("deals", "BAD_CURSOR")]


async def test_the_static_card_query_follows_each_users_role_default(gql, org):
    admin = org.tokens[ADMIN]
    on, off = True, False
    defaults = {
        None: [("CONSENTS", on), ("HISTORY", on), ("DEALS", on), ("TASKS", on), ("PAYMENTS", on), ("CALLS", on),
               ("COURSES", off), ("TIMELINE", on)],
        # each role reorders only the kinds it names, among the places the workspace gave them
        "ADMIN": [("TIMELINE", on), ("HISTORY", off), ("PAYMENTS", on), ("CALLS", off)],
        "MANAGER": [("DEALS", on), ("HISTORY", off), ("TASKS", on), ("TIMELINE", off), ("CONSENTS", off)],
        "AGENT": [("CALLS", on), ("HISTORY", on), ("TASKS", on), ("DEALS", off), ("PAYMENTS", off), ("COURSES", off)],
    }  # fmt: skip
    for role, entries in defaults.items():
        panels = [{"kind": kind, "enabled": enabled} for kind, enabled in entries]
        assert (await admin_update(gql, admin, panels, expected=0, role=role))["userErrors"] == []
    unnamed = [kind for kind in KINDS if kind not in {k for k, _ in defaults[None]}]  # enabled, after
    expected = {
        ADMIN: ["CONSENTS", "TIMELINE", "DEALS", "TASKS", "PAYMENTS", *unnamed],
        MANAGER: ["DEALS", "TASKS", "PAYMENTS", "CALLS", *unnamed],
        AGENT: ["CONSENTS", "CALLS", "HISTORY", "TASKS", "TIMELINE", *unnamed],
        READER: ["CONSENTS", "CALLS", "HISTORY", "TASKS", "TIMELINE", *unnamed],
    }
    for email, kinds_in_order in expected.items():
        first = await gql("{ contacts(first: 1) { nodes { id } } }", org.tokens[email])
        body = await gql(CARD, org.tokens[email], {"id": first["data"]["contacts"]["nodes"][0]["id"]})
        assert "errors" not in body, body
        panels = body["data"]["contact"]["card"]["panels"]
        assert kinds(panels) == kinds_in_order, email
        assert [p["__typename"] for p in panels] == [k.title() + "Panel" for k in kinds_in_order]


async def test_huge_or_deeply_nested_input_is_refused_briefly(gql, org, pg):
    token = org.tokens[AGENT]
    huge = await mutate(
        gql, token, "cardLayoutPanelToggle", {"kind": "x" * 200_000, "enabled": True, "expectedVersion": 0}
    )
    (error,) = huge["userErrors"]
    assert error["code"] == "UNKNOWN_PANEL"
    assert len(error["message"]) < 100
    nested: dict = {"a": 1}
    for _ in range(400):
        nested = {"a": nested}
    deep = await mutate(
        gql, token, "cardLayoutPanelConfigure", {"kind": "TASKS", "settings": nested, "expectedVersion": 0}
    )
    assert [(e["field"], e["code"]) for e in deep["userErrors"]] == [("settings", "INVALID_SETTING")]
    assert await stored(pg, org, AGENT) is None
