"""Seed data: the demo has every tab with a realistic spread; bulk datasets are deterministic and atomic."""
# ruff: noqa: S608, RUF001  (SQL from the DEMO_WS constant; Cyrillic endings are the point)

from __future__ import annotations

import orjson
import pytest

from contactcard.db.seed.generator import COLUMNS
from contactcard.db.seed.workspaces import WorkspaceExists, seed_bulk, seed_demo

TABS = (
    "history_entries",
    "deal_contacts",
    "task_contacts",
    "payments",
    "calls",
    "enrollments",
    "timeline_events",
    "consents",
)


async def test_the_demo_workspace_has_its_users_and_groups(pg):
    users = await pg.fetch(
        "SELECT u.email, u.role, g.name AS grp FROM users u JOIN workspaces w ON w.id = u.workspace_id "
        "LEFT JOIN groups g ON g.workspace_id = u.workspace_id AND g.id = u.group_id WHERE w.name = 'Demo' ORDER BY u.id"
    )
    assert [tuple(r) for r in users] == [
        ("admin@demo.example", "ADMIN", None),
        ("manager@demo.example", "MANAGER", "Sales"),
        ("agent@demo.example", "AGENT", "Inbound"),
        ("agent2@demo.example", "AGENT", "Outbound"),
    ]
    groups = await pg.fetch(
        "SELECT g.name, p.name AS parent FROM groups g LEFT JOIN groups p ON p.workspace_id = g.workspace_id "
        "AND p.id = g.parent_id JOIN workspaces w ON w.id = g.workspace_id WHERE w.name = 'Demo' ORDER BY g.id"
    )
    assert [tuple(r) for r in groups] == [("Sales", None), ("Inbound", "Sales"), ("Outbound", "Sales")]


@pytest.mark.parametrize("table", TABS)
async def test_every_tab_has_a_realistic_spread(pg, table):
    spread = await pg.fetchrow(
        f"SELECT count(*) FILTER (WHERE n = 0) AS empty, max(n) AS most, sum(n) AS total FROM ("
        f"SELECT c.id, count(t.contact_id) AS n FROM contacts c JOIN workspaces w ON w.id = c.workspace_id "
        f"LEFT JOIN {table} t ON t.workspace_id = c.workspace_id AND t.contact_id = c.id "
        f"WHERE w.name = 'Demo' GROUP BY c.id) per_contact"
    )
    assert spread["empty"] > 0, "some contacts have none"
    assert spread["total"] > 100
    assert spread["most"] >= 5


async def test_some_demo_contacts_have_hundreds_of_history_entries(pg):
    most = await pg.fetchval(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM history_entries GROUP BY workspace_id, contact_id) x"
    )
    assert most >= 200


async def test_demo_channels_first_added_is_primary(pg):
    wrong = await pg.fetchval("SELECT count(*) FROM contact_channels WHERE is_primary <> (position = 0)")
    assert wrong == 0
    assert await pg.fetchval("SELECT count(DISTINCT kind) FROM contact_channels") == 3


async def test_seed_demo_again_writes_nothing(pg):
    before = await pg.fetchval("SELECT count(*) FROM contacts")
    assert await seed_demo(pg) is None
    assert await pg.fetchval("SELECT count(*) FROM contacts") == before


async def fingerprint(pg, workspace_id: int) -> dict[str, object]:
    """Counts per table and a digest of names, timestamps and amounts, ids left out."""
    counts = {
        table: await pg.fetchval(f"SELECT count(*) FROM {table} WHERE workspace_id = $1", workspace_id)
        for table in COLUMNS
    }
    digest = await pg.fetchval(
        "SELECT md5(string_agg(concat_ws('|', first_name, last_name, created_at, score, attributes::text), ',' "
        "ORDER BY id)) FROM contacts WHERE workspace_id = $1",
        workspace_id,
    )
    deals = await pg.fetchval(
        "SELECT md5(string_agg(concat_ws('|', amount, currency, status, created_at), ',' ORDER BY id)) "
        "FROM deals WHERE workspace_id = $1",
        workspace_id,
    )
    return {"counts": counts, "contacts": digest, "deals": deals}


async def test_bulk_seed_is_deterministic_and_refuses_an_existing_name(pg):
    progress: list[tuple[int, int]] = []
    first = await seed_bulk(
        pg, "Bulk A", 700, seed=7, progress=lambda done, total: progress.append((done, total))
    )
    second = await seed_bulk(pg, "Bulk B", 700, seed=7)
    other = await seed_bulk(pg, "Bulk C", 700, seed=8)
    try:
        assert progress == [(500, 700), (700, 700)]
        a, b, c = [await fingerprint(pg, ws) for ws in (first, second, other)]
        assert a == b
        assert a["contacts"] != c["contacts"]
        assert a["counts"]["contacts"] == 700
        with pytest.raises(WorkspaceExists):
            await seed_bulk(pg, "Bulk A", 10, seed=1)
        assert await pg.fetchval("SELECT count(*) FROM workspaces WHERE name = 'Bulk A'") == 1
    finally:
        await pg.execute("DELETE FROM workspaces WHERE id = ANY($1::bigint[])", [first, second, other])


async def test_a_failing_seed_leaves_nothing(pg):
    from contactcard.db.seed import writer  # noqa: PLC0415
    from contactcard.db.seed.workspaces import bulk_spec  # noqa: PLC0415

    spec = bulk_spec("Broken seed")
    broken = type(spec)(name=spec.name, currency="not a currency code", groups=spec.groups, users=spec.users)
    with pytest.raises(Exception, match=r"value too long"):
        await writer.seed_workspace(pg, broken, contacts=50, seed=1)
    assert await pg.fetchval("SELECT count(*) FROM workspaces WHERE name = 'Broken seed'") == 0


DEMO_WS = "(SELECT id FROM workspaces WHERE name = 'Demo')"


async def test_every_seeded_channel_is_what_the_mutations_would_store(pg):
    """The seed writes channels through the mutations' own rules: each passes them unchanged."""
    from contactcard.db.enums import ChannelKind  # noqa: PLC0415
    from contactcard.domain.channels import channel  # noqa: PLC0415

    rows = await pg.fetch(
        f"SELECT kind, value, normalized, platform FROM contact_channels WHERE workspace_id = {DEMO_WS}"
    )
    assert len(rows) > 100
    for row in rows:
        region = "ES"  # every seeded phone carries its +country code
        checked = channel(ChannelKind(row["kind"]), row["value"], region=region, platform=row["platform"])
        assert (checked.value, checked.normalized) == (row["value"], row["normalized"])


async def test_russian_surnames_agree_with_gender_and_emails_fit_the_language(pg):
    from contactcard.db.seed import vocabulary as v  # noqa: PLC0415

    contacts = await pg.fetch(
        f"SELECT c.first_name, c.last_name, array_remove(array_agg(ch.value), NULL) AS emails FROM contacts c "
        f"LEFT JOIN contact_channels ch ON ch.workspace_id = c.workspace_id AND ch.contact_id = c.id AND ch.kind = 'EMAIL' "
        f"WHERE c.workspace_id = {DEMO_WS} GROUP BY c.workspace_id, c.id"
    )
    russian = [c for c in contacts if c["first_name"] in v.FIRST_NAMES["ru"] and c["last_name"]]
    assert russian
    for contact in russian:
        female = contact["first_name"] in v.FEMALE_FIRST_NAMES
        assert contact["last_name"].endswith(("а", "ая")) == female, (
            contact["first_name"],
            contact["last_name"],
        )
        assert all(e.split("@")[1] in v.EMAIL_DOMAINS["ru"] for e in contact["emails"])
    brazilian_domains = [d for d in v.EMAIL_DOMAINS["pt"] if d.endswith(".br")]
    for contact in contacts:
        if contact["first_name"] in v.FIRST_NAMES["ru"]:
            assert not any(e.endswith(tuple(brazilian_domains)) for e in contact["emails"])


async def test_calls_are_dialled_from_the_contacts_own_phone(pg):
    strays = await pg.fetchval(
        f"SELECT count(*) FROM calls k WHERE k.workspace_id = {DEMO_WS} AND NOT EXISTS ("
        "SELECT 1 FROM contact_channels ch WHERE ch.workspace_id = k.workspace_id AND ch.contact_id = k.contact_id "
        "AND ch.kind = 'PHONE' AND ch.normalized = k.phone_number)"
    )
    assert await pg.fetchval(f"SELECT count(*) FROM calls WHERE workspace_id = {DEMO_WS}") > 0
    assert strays == 0


async def test_change_events_end_at_the_contacts_current_values(pg):
    rows = await pg.fetch(
        f"SELECT h.field, h.after, c.score, c.status, c.assigned_user_id FROM history_entries h "
        f"JOIN contacts c ON c.workspace_id = h.workspace_id AND c.id = h.contact_id "
        f"WHERE h.workspace_id = {DEMO_WS} AND h.kind = 'CHANGE' AND h.field IN ('score', 'status', 'assignedTo')"
    )
    assert {r["field"] for r in rows} == {"score", "status", "assignedTo"}
    current = {"score": "score", "status": "status", "assignedTo": "assigned_user_id"}
    for row in rows:
        assert orjson.loads(row["after"]) == row[current[row["field"]]], row
