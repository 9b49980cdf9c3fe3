"""The card's summary zone (seed 003's panel beside the tabs): tags, details, companies, eCommerce and
owners are panel kinds a layout places, toggles and orders like the tabs, and each shows exactly what the
contact's own fields of the same names show."""

from __future__ import annotations

from contactcard.layouts.registry import REGISTRY, PanelZone
from contactcard.schema.sections import SECTIONS
from tests.conftest import global_id

SUMMARY = """
query($id: ID!) {
  contact(id: $id) {
    tags { name color } fields { key value } companies { company { name } jobTitle }
    ecommerce { orderCount totalValue { amount currency } } assignedTo { name } group { name }
    card { panels { kind zone pageSize
      ... on TagsPanel { tags { name color } }
      ... on DetailsPanel { fields { key value } }
      ... on CompaniesPanel { companies { company { name } jobTitle } }
      ... on EcommercePanel { ecommerce { orderCount totalValue { amount currency } } }
      ... on OwnersPanel { assignedTo { name } group { name } }
    } }
  }
}
"""
RICH = """
SELECT c.id FROM contacts c JOIN workspaces w ON w.id = c.workspace_id AND w.name = 'Demo'
WHERE c.assigned_user_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.workspace_id = c.workspace_id AND t.contact_id = c.id)
  AND EXISTS (SELECT 1 FROM contact_companies k WHERE k.workspace_id = c.workspace_id AND k.contact_id = c.id)
  AND EXISTS (SELECT 1 FROM timeline_events e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
              AND e.type = 'PURCHASE')
ORDER BY c.id LIMIT 1
"""


def test_every_summary_kind_is_a_section_and_every_section_a_summary_kind():
    summary = {kind for kind, definition in REGISTRY.items() if definition.zone is PanelZone.SUMMARY}
    assert summary == {section.kind for section in SECTIONS}
    assert all(REGISTRY[kind].page_size({}) == 0 for kind in summary)


async def test_the_summary_panels_show_what_the_contact_shows(gql, pg, admin_token):
    contact_id = global_id("Contact", await pg.fetchval(RICH))
    body = await gql(SUMMARY, admin_token, {"id": contact_id})
    assert "errors" not in body, body
    contact = body["data"]["contact"]
    panels = {p["kind"]: p for p in contact["card"]["panels"]}
    assert {kind for kind, p in panels.items() if p["zone"] == "SUMMARY"} == {s.kind.value for s in SECTIONS}
    assert all(p["pageSize"] == 0 for p in panels.values() if p["zone"] == "SUMMARY")
    assert panels["TAGS"]["tags"] == contact["tags"] != []
    assert panels["DETAILS"]["fields"] == contact["fields"] != []
    assert panels["COMPANIES"]["companies"] == contact["companies"] != []
    assert panels["ECOMMERCE"]["ecommerce"] == contact["ecommerce"]
    assert contact["ecommerce"]["orderCount"] > 0
    assert (panels["OWNERS"]["assignedTo"], panels["OWNERS"]["group"]) == (
        contact["assignedTo"],
        contact["group"],
    )
    assert contact["assignedTo"] is not None
    # The contact's fields and the panels' share their loaders: asking both costs what asking one does.
    only_panels = await gql(SUMMARY.replace(
        "tags { name color } fields { key value } companies { company { name } jobTitle }\n"
        "    ecommerce { orderCount totalValue { amount currency } } assignedTo { name } group { name }", ""),
        admin_token, {"id": contact_id})  # fmt: skip
    assert only_panels["extensions"]["cost"]["sqlStatements"] == body["extensions"]["cost"]["sqlStatements"]
