"""The pickers a frontend fills its selects from: each equals what the database holds for the viewer."""
# ruff: noqa: S608  (SQL built from the DEMO constant)

from __future__ import annotations

from contactcard.layouts.registry import REGISTRY

DEMO = "(SELECT id FROM workspaces WHERE name = 'Demo')"
PICKERS = """
{
  tags { name color }
  pipelines { name stages { name position probability } }
  courses { title lessonCount }
  contactSources
  panelKinds { kind title defaultPosition settings { name kind default minimum maximum options } }
}
"""


async def test_tags_pipelines_courses_and_sources_are_the_workspaces(gql, pg, admin_token):
    body = await gql(PICKERS, admin_token)
    assert "errors" not in body, body["errors"]
    data = body["data"]
    tags = await pg.fetch(f"SELECT name, color FROM tags WHERE workspace_id = {DEMO} ORDER BY lower(name)")
    assert data["tags"] == [dict(r) for r in tags]
    stages = await pg.fetch(
        f"SELECT p.name AS pipeline, s.name, s.position, s.probability FROM pipeline_stages s "
        f"JOIN pipelines p ON p.workspace_id = s.workspace_id AND p.id = s.pipeline_id WHERE s.workspace_id = {DEMO} "
        "ORDER BY p.position, p.id, s.position"
    )
    assert [
        (p["name"], [(s["name"], s["position"], s["probability"]) for s in p["stages"]])
        for p in data["pipelines"]
    ] == [("Sales pipeline", [(r["name"], r["position"], r["probability"]) for r in stages])]
    courses = await pg.fetch(
        f"SELECT title, lesson_count FROM courses WHERE workspace_id = {DEMO} ORDER BY title"
    )
    assert data["courses"] == [{"title": r["title"], "lessonCount": r["lesson_count"]} for r in courses]
    assert data["contactSources"][:2] == ["MANUAL", "IMPORT"]
    assert len(data["contactSources"]) == 9


async def test_panel_kinds_describe_their_settings(gql, admin_token):
    kinds = (await gql(PICKERS, admin_token))["data"]["panelKinds"]
    assert [k["kind"] for k in kinds] == [kind.value for kind in REGISTRY]
    assert [k["defaultPosition"] for k in kinds] == list(range(len(REGISTRY)))
    history = kinds[0]
    assert history["settings"] == [
        {
            "name": "pageSize",
            "kind": "WHOLE_NUMBER",
            "default": 10,
            "minimum": 1,
            "maximum": 50,
            "options": [],
        },
        {
            "name": "only",
            "kind": "ONE_OF",
            "default": "ALL",
            "minimum": None,
            "maximum": None,
            "options": ["ALL", "COMMENTS"],
        },
    ]
    timeline = kinds[6]["settings"][1]
    assert (timeline["name"], timeline["kind"], timeline["default"]) == ("types", "SOME_OF", [])
    assert "PURCHASE" in timeline["options"]


async def test_close_reasons_are_those_of_the_contacts_the_viewer_sees(gql, pg, tokens):
    query = "{ closeReasons { reason uses } }"
    for email, condition in [
        ("admin@demo.example", "true"),
        (
            "agent@demo.example",
            "(c.assigned_user_id = u.id OR (c.assigned_user_id IS NULL AND c.group_id = u.group_id))",
        ),
    ]:
        expected = await pg.fetch(
            "SELECT c.close_reason AS reason, count(*) AS uses FROM contacts c "
            "JOIN users u ON u.workspace_id = c.workspace_id AND u.email = $1 "
            f"WHERE c.workspace_id = {DEMO} AND c.close_reason IS NOT NULL AND c.deleted_at IS NULL "
            f"AND c.merged_into_id IS NULL AND {condition} GROUP BY c.close_reason ORDER BY count(*) DESC, c.close_reason",
            email,
        )
        body = await gql(query, tokens[email])
        assert body["data"]["closeReasons"] == [dict(r) for r in expected]
    admin = (await gql(query, tokens["admin@demo.example"]))["data"]["closeReasons"]
    agent = (await gql(query, tokens["agent@demo.example"]))["data"]["closeReasons"]
    assert sum(r["uses"] for r in agent) < sum(r["uses"] for r in admin)


async def test_groups_are_those_the_viewer_may_place_contacts_in(gql, tokens):
    query = "{ groups { name parent { name } } }"
    names = {
        email: [g["name"] for g in (await gql(query, tokens[email]))["data"]["groups"]]
        for email in (
            "admin@demo.example",
            "manager@demo.example",
            "agent@demo.example",
            "agent2@demo.example",
        )
    }
    assert names == {
        "admin@demo.example": ["Inbound", "Outbound", "Sales"],
        "manager@demo.example": ["Inbound", "Outbound", "Sales"],
        "agent@demo.example": ["Inbound"],
        "agent2@demo.example": ["Outbound"],
    }
