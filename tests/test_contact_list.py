"""The contact list's filters and orders, on contacts the tests arrange: each filter against a hand-computed
expectation, periods in the workspace's time zone, keyset cursors for every order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contactcard.domain.periods import Period, PeriodRefused, bounds
from tests.conftest import global_id
from tests.writing import ADMIN, AGENT, MANAGER, make_org, pk_of, run

CREATE = "mutation($input: ContactCreateInput!) { contactCreate(input: $input) { contact { id } userErrors { field code } } }"
DEAL = "mutation($input: DealCreateInput!) { dealCreate(input: $input) { deal { id } userErrors { code } } }"
LIST = """query($f: ContactFilter, $o: [ContactOrder!], $first: Int, $after: String) {
  contacts(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount nodes { firstName } pageInfo { hasNextPage endCursor } } }"""
PEOPLE = [
    # first name, fields of contactCreate (as the admin, unless "who")
    ("Ana", {
        "lastName": "Beltrán", "emails": ["ana@ejemplo.es"], "phones": ["+34 612 34 56 78"], "tags": ["VIP", "Lead"],
        "fields": [{"key": "budget", "value": 1200}, {"key": "industry", "value": "Retail"},
                   {"key": "languages", "value": ["es", "en"]}, {"key": "newsletter", "value": True},
                   {"key": "next_contact", "value": "2027-01-15"}],
    }),
    ("Bruno", {
        "lastName": "Souza", "emails": ["bruno@exemplo.br"], "tags": ["Lead"], "location": "São Paulo",
        "fields": [{"key": "budget", "value": 300.5}, {"key": "industry", "value": "Finance"},
                   {"key": "languages", "value": ["pt"]}],
    }),
    ("Olga", {
        "lastName": "Ivanova", "messengers": [{"platform": "telegram", "handle": "@olga_iv"}], "interest": "Pricing",
        "fields": [{"key": "newsletter", "value": False}, {"key": "notes", "value": "Call in the MORNING"}],
    }),
    ("Zoe", {"lastName": "Smith_100%", "source": "API", "location": "Madrid", "interest": "Demo"}),
    ("Mine", {"who": AGENT}),
    ("Queue", {"who": AGENT, "assignedToId": None}),
]  # fmt: skip


@pytest.fixture(scope="module")
async def org(gql, pg, owner_engine):
    made = await make_org(pg, owner_engine, "List", contacts=0)
    made.ids = {}  # type: ignore[attr-defined]
    for name, fields in PEOPLE:
        who = fields.pop("who", ADMIN)
        payload = await run(gql, made.writers[who], CREATE, {"input": {"firstName": name, **fields}})
        assert payload["userErrors"] == [], (name, payload)
        made.ids[name] = payload["contact"]["id"]  # type: ignore[attr-defined]
    ws = made.workspace_id
    await pg.execute(
        "UPDATE contacts SET status = 'CLOSED', close_reason = 'No budget' WHERE workspace_id = $1 AND first_name = 'Zoe'",
        ws,
    )
    await pg.execute(
        "UPDATE contacts SET last_activity_at = now() - interval '3 days' WHERE workspace_id = $1 AND first_name IN ('Ana', 'Bruno')",
        ws,
    )
    await run(gql, made.writers[ADMIN], DEAL, {"input": {"name": "Open", "contactIds": [made.ids["Ana"]]}})  # type: ignore[attr-defined]
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", ws)


async def names(gql, org, filter_, who=ADMIN, order=None):
    body = await gql(LIST, org.writers[who], {"f": filter_, "o": order, "first": 100})
    assert "errors" not in body, body["errors"]
    found = body["data"]["contacts"]
    assert found["totalCount"] == len(found["nodes"])
    return (
        sorted(n["firstName"] for n in found["nodes"])
        if order is None
        else [n["firstName"] for n in found["nodes"]]
    )


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"search": "beltran"}, ["Ana"]),  # accents and case ignored
        ({"search": "BELTRÁN"}, ["Ana"]),
        ({"search": "exemplo.br"}, ["Bruno"]),  # email
        ({"search": "612 34"}, ["Ana"]),  # phone digits in another format
        ({"search": "(612)-345"}, ["Ana"]),
        ({"search": "100%"}, ["Zoe"]),  # LIKE wildcards are literal
        ({"search": "_"}, ["Zoe"]),
        ({"sources": ["API"]}, ["Zoe"]),
        ({"status": "CLOSED"}, ["Zoe"]),
        ({"closeReasons": ["No budget"]}, ["Zoe"]),
        ({"interests": ["Pricing", "Demo"]}, ["Olga", "Zoe"]),
        ({"location": "sao"}, ["Bruno"]),
        ({"tags": {"any": ["vip", "lead"]}}, ["Ana", "Bruno"]),
        ({"tags": {"all": ["VIP", "lead"]}}, ["Ana"]),
        ({"tags": {"none": ["lead"]}}, ["Mine", "Olga", "Queue", "Zoe"]),
        ({"hasOpenDeals": True}, ["Ana"]),
        ({"hasOpenDeals": False}, ["Bruno", "Mine", "Olga", "Queue", "Zoe"]),
        ({"messenger": {"platform": "telegram"}}, ["Olga"]),
        ({"messenger": {"handle": "@OLGA"}}, ["Olga"]),
        ({"assignedTo": {"unassigned": True}}, ["Queue"]),
        ({"or": [{"status": "CLOSED"}, {"tags": {"all": ["VIP"]}}]}, ["Ana", "Zoe"]),
        ({"tags": {"any": ["lead"]}, "or": [{"search": "souza"}, {"location": "madrid"}]}, ["Bruno"]),
    ],
)
async def test_each_filter_finds_what_it_says(gql, org, filter_, expected):
    assert await names(gql, org, filter_) == expected


def field(key, op, value=None, values=None):
    condition = {"key": key, "op": op}
    if value is not None:
        condition["value"] = value
    if values is not None:
        condition["values"] = values
    return {"fields": [condition]}


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        (field("budget", "GT", 500), ["Ana"]),
        (field("budget", "LT", 500), ["Bruno"]),
        (field("budget", "BETWEEN", values=[300, 301]), ["Bruno"]),
        (field("budget", "IN", values=[300.5, 1200]), ["Ana", "Bruno"]),
        (field("budget", "EQ", 1200), ["Ana"]),
        (field("budget", "NE", 1200), ["Bruno", "Mine", "Olga", "Queue", "Zoe"]),
        (field("budget", "IS_EMPTY"), ["Mine", "Olga", "Queue", "Zoe"]),
        (field("industry", "EQ", "Retail"), ["Ana"]),
        (field("industry", "IN", values=["Retail", "Finance"]), ["Ana", "Bruno"]),
        (field("languages", "CONTAINS", values=["es", "en"]), ["Ana"]),
        (field("languages", "CONTAINS", "pt"), ["Bruno"]),
        (field("languages", "IN", values=["pt", "ru"]), ["Bruno"]),
        (field("newsletter", "EQ", True), ["Ana"]),
        (field("newsletter", "EQ", False), ["Olga"]),
        (field("next_contact", "GT", "2027-01-01"), ["Ana"]),
        (field("next_contact", "BETWEEN", values=["2026-01-01", "2026-12-31"]), []),
        (field("notes", "CONTAINS", "morning"), ["Olga"]),
        (
            {
                "fields": [
                    {"key": "budget", "op": "GT", "value": 100},
                    {"key": "industry", "op": "EQ", "value": "Finance"},
                ]
            },
            ["Bruno"],
        ),
    ],
)
async def test_custom_field_conditions(gql, org, filter_, expected):
    assert await names(gql, org, filter_) == expected


async def test_orders_by_deal_count_and_a_custom_field(gql, org):
    assert (await names(gql, org, {}, order=[{"field": "DEAL_COUNT"}]))[0] == "Ana"
    by_budget = await names(gql, org, {}, order=[{"field": "CUSTOM_FIELD", "key": "budget"}])
    assert by_budget[:2] == ["Ana", "Bruno"]
    ascending = await names(
        gql, org, {}, order=[{"field": "CUSTOM_FIELD", "key": "budget", "direction": "ASC"}]
    )
    assert ascending[-2:] == ["Bruno", "Ana"]  # contacts without a budget first, then 300.5, then 1200
    assert (
        await names(gql, org, {}, order=[{"field": "CUSTOM_FIELD", "key": "industry", "direction": "ASC"}])
    )[-2:] == ["Bruno", "Ana"]


async def test_assignee_groups_and_activity(gql, pg, org):
    assert await names(gql, org, {"assignedTo": {"me": True}}, who=AGENT) == ["Mine"]
    assert await names(gql, org, {"assignedTo": {"userIds": [org.user(AGENT)], "unassigned": True}}) == [
        "Mine",
        "Queue",
    ]
    # The agent's contacts are in Inbound; Sales is Inbound's parent, so Sales finds them too.
    assert await names(gql, org, {"groupIds": [org.group("Inbound")]}) == ["Mine", "Queue"]
    assert await names(gql, org, {"groupIds": [org.group("Sales")]}) == ["Mine", "Queue"]
    assert await names(gql, org, {"groupIds": [org.group("Outbound")]}) == []
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    assert await names(gql, org, {"lastActivity": {"before": two_days_ago}}) == ["Ana", "Bruno"]
    # An agent's filter never reaches past what the agent sees.
    assert await names(gql, org, {"search": "n"}) == ["Ana", "Bruno", "Mine", "Olga"]
    assert await names(gql, org, {"search": "n"}, who=AGENT) == ["Mine"]
    assert await names(gql, org, {}, who=MANAGER) == ["Mine", "Queue"]


async def test_created_periods_follow_the_workspaces_time_zone(gql, pg, org):
    ws = org.workspace_id
    for zone_name in ("Europe/Madrid", "America/Sao_Paulo"):
        await pg.execute("UPDATE workspaces SET time_zone = $2 WHERE id = $1", ws, zone_name)
        token = org.writers[ADMIN]  # the time zone is read with the token, on every request
        local_midnight = datetime.now(ZoneInfo(zone_name)).replace(hour=0, minute=0, second=0, microsecond=0)
        just_before, just_after = local_midnight - timedelta(seconds=1), local_midnight + timedelta(seconds=1)
        await pg.execute(
            "UPDATE contacts SET created_at = $2 WHERE workspace_id = $1 AND first_name = 'Ana'",
            ws,
            just_before,
        )
        await pg.execute(
            "UPDATE contacts SET created_at = $2 WHERE workspace_id = $1 AND first_name = 'Bruno'",
            ws,
            just_after,
        )
        await pg.execute(
            "UPDATE contacts SET created_at = now() - interval '40 days' WHERE workspace_id = $1 AND first_name NOT IN ('Ana', 'Bruno')",
            ws,
        )
        today = await names(gql, org, {"created": {"period": "TODAY"}})
        yesterday = await names(gql, org, {"created": {"period": "YESTERDAY"}})
        assert (today, yesterday) == (["Bruno"], ["Ana"]), zone_name
        assert await names(gql, org, {"created": {"period": "LAST_7_DAYS"}}) == ["Ana", "Bruno"]
        custom = {"period": "CUSTOM", "from": just_before.isoformat(), "to": just_after.isoformat()}
        assert await names(gql, org, {"created": custom}) == ["Ana"]  # `to` is exclusive
        assert token


def test_period_bounds_across_dst_and_month_ends():
    # 29 March 2026: Madrid moves from UTC+1 to UTC+2; the day is 23 hours long.
    start, end = bounds(Period.TODAY, now=datetime(2026, 3, 29, 12, tzinfo=UTC), time_zone="Europe/Madrid")
    assert (start, end) == (datetime(2026, 3, 28, 23, tzinfo=UTC), datetime(2026, 3, 29, 22, tzinfo=UTC))
    # 25 October 2026: back to UTC+1, a 25-hour day.
    start, end = bounds(Period.TODAY, now=datetime(2026, 10, 25, 12, tzinfo=UTC), time_zone="Europe/Madrid")
    assert end - start == timedelta(hours=25)
    # In Moscow it is already 1 January 2027 at 22:30 UTC on 31 December.
    start, end = bounds(
        Period.THIS_MONTH, now=datetime(2026, 12, 31, 22, 30, tzinfo=UTC), time_zone="Europe/Moscow"
    )
    assert (start, end) == (datetime(2026, 12, 31, 21, tzinfo=UTC), datetime(2027, 1, 31, 21, tzinfo=UTC))
    start, end = bounds(
        Period.LAST_MONTH, now=datetime(2026, 3, 1, 2, tzinfo=UTC), time_zone="America/Sao_Paulo"
    )
    assert (start, end) == (datetime(2026, 1, 1, 3, tzinfo=UTC), datetime(2026, 2, 1, 3, tzinfo=UTC))
    with pytest.raises(PeriodRefused):
        bounds(Period.CUSTOM, now=datetime.now(UTC), time_zone="UTC", start=datetime(2026, 2, 1, tzinfo=UTC))
    with pytest.raises(PeriodRefused):
        bounds(
            Period.CUSTOM,
            now=datetime.now(UTC),
            time_zone="UTC",
            start=datetime(2026, 2, 2, tzinfo=UTC),
            end=datetime(2026, 2, 1, tzinfo=UTC),
        )


@pytest.mark.parametrize(
    ("filter_", "order", "fragment"),
    [
        ({"created": {"period": "CUSTOM", "from": "2026-01-01T00:00:00Z"}}, None, "needs both"),
        (
            {"created": {"period": "CUSTOM", "from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}},
            None,
            "after",
        ),
        ({"or": [{"or": [{"status": "OPEN"}]}]}, None, "one level"),
        ({"or": [{}]}, None, "no condition"),
        (
            {
                "tags": {"any": [f"t{i}" for i in range(3)], "all": ["a"], "none": ["b"]},
                "sources": ["API"],
                "status": "OPEN",
                "location": "x",
                "interests": ["x"],
                "closeReasons": ["x"],
                "hasOpenDeals": True,
                "search": "x",
                "messenger": {"platform": "x"},
                "lastActivity": {"after": "2026-01-01T00:00:00Z"},
                "assignedTo": {"unassigned": True},
            },
            None,
            "at most 12",
        ),
        ({"groupIds": []}, None, "1 to 250"),
        ({"assignedTo": {}}, None, "needs userIds"),
        ({"assignedTo": {"userIds": [global_id("Contact", 1)]}}, None, "User ids"),
        ({"search": "   "}, None, "1 to 200"),
        (
            {},
            [{"field": "NAME"}, {"field": "CREATED_AT"}, {"field": "UPDATED_AT"}, {"field": "DEAL_COUNT"}],
            "at most 3 orders",
        ),
        ({}, [{"field": "NAME"}, {"field": "NAME", "direction": "ASC"}], "`orderBy.1` orders by what"),
        ({}, [{"field": "NAME"}, {"field": "CUSTOM_FIELD", "key": "nope"}], "`orderBy.1.key`"),
        ({"search": "a\u0000"}, None, "`filter.search` cannot hold a NUL"),
        ({"tags": {"any": ["\u0000"]}}, None, "`filter.tags.any.0` cannot hold a NUL"),
        (field("notes", "EQ", "x\u0000"), None, "`filter.fields.0.value` cannot hold a NUL"),
        ({}, [{"field": "CUSTOM_FIELD", "key": "nope"}], "CUSTOM_FIELD orders"),
        (field("nope", "EQ", 1), None, "no custom field"),
        (field("budget", "CONTAINS", "1"), None, "a NUMBER field takes"),
        (field("budget", "EQ", "a lot"), None, "compares with numbers"),
        (field("budget", "BETWEEN", values=[1]), None, "takes 2 values"),
        (field("budget", "EQ"), None, "takes a value"),
        (field("industry", "EQ", "Mining"), None, "takes one of"),
        (field("newsletter", "EQ", "yes"), None, "true or false"),
    ],
)
async def test_a_filter_the_list_does_not_take_is_a_bad_filter_naming_the_part(
    gql, org, filter_, order, fragment
):
    body = await gql(LIST, org.writers[ADMIN], {"f": filter_, "o": order})
    assert body["data"] == {"contacts": None}
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_FILTER"
    assert fragment in error["message"]


@pytest.mark.parametrize("order", [{"field": "NAME", "direction": "ASC"}, {"field": "NAME", "direction": "DESC"},
                                   {"field": "CREATED_AT", "direction": "ASC"}, {"field": "LAST_ACTIVITY_AT"}, {"field": "UPDATED_AT"},
                                   {"field": "DEAL_COUNT"}, {"field": "CUSTOM_FIELD", "key": "budget"},
                                   {"field": "CUSTOM_FIELD", "key": "industry", "direction": "ASC"}])  # fmt: skip
async def test_every_order_pages_with_stable_cursors(gql, pg, org, order):
    everyone = await names(gql, org, {}, order=[order])
    assert sorted(everyone) == sorted(name for name, _ in PEOPLE)
    if order["field"] == "NAME":
        assert everyone == sorted(everyone, reverse=order["direction"] == "DESC")
    walked, after = [], None
    while True:
        body = await gql(LIST, org.writers[ADMIN], {"o": [order], "first": 2, "after": after})
        page = body["data"]["contacts"]
        walked += [n["firstName"] for n in page["nodes"]]
        if after is None:  # a contact added while paging shows up at most once, and moves nobody else
            await run(gql, org.writers[ADMIN], CREATE, {"input": {"firstName": "Latecomer"}})
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [n for n in walked if n != "Latecomer"] == everyone
    assert walked.count("Latecomer") <= 1
    await pg.execute(
        "DELETE FROM contacts WHERE workspace_id = $1 AND first_name = 'Latecomer'", org.workspace_id
    )
    other = await gql(
        LIST,
        org.writers[ADMIN],
        {
            "o": [{"field": "UPDATED_AT"} if order["field"] != "UPDATED_AT" else {"field": "NAME"}],
            "after": after or "x",
        },
    )
    assert other["errors"][0]["extensions"]["code"] == "BAD_CURSOR"  # a cursor of another order is refused


async def test_a_filtered_list_costs_two_statements_and_one_for_its_count(gql, org):
    body = await gql(LIST, org.writers[ADMIN], {"f": {"tags": {"any": ["lead"]}, "search": "a"}, "first": 50})
    # authentication, the page (with channels) and the count
    assert body["extensions"]["cost"]["sqlStatements"] == 3
    assert pk_of(org.ids["Ana"]) > 0


@pytest.mark.parametrize(
    "order", [None, [{"field": "NAME", "direction": "ASC"}], [{"field": "CUSTOM_FIELD", "key": "budget"}]]
)
async def test_paging_backwards_gives_the_same_list(gql, org, order):
    """`last`/`before` walk the list from its end: the same contacts in the same order as `first`/`after`."""
    query = """query($o: [ContactOrder!], $last: Int, $before: String) {
      contacts(orderBy: $o, last: $last, before: $before) {
        nodes { firstName } pageInfo { hasPreviousPage hasNextPage startCursor } } }"""
    forwards = await names(gql, org, {}, order=order or [{"field": "CREATED_AT"}])
    walked, before, first_page = [], None, True
    while True:
        body = await gql(query, org.writers[ADMIN], {"o": order, "last": 2, "before": before})
        assert "errors" not in body, body["errors"]
        page = body["data"]["contacts"]
        walked = [n["firstName"] for n in page["nodes"]] + walked
        assert page["pageInfo"]["hasNextPage"] is not first_page
        first_page = False
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert walked == forwards
    mixed = await gql("{ contacts(first: 2, last: 2) { totalCount } }", org.writers[ADMIN])
    assert mixed["errors"][0]["extensions"]["code"] == "BAD_FILTER"


async def test_the_node_budget_counts_last_as_it_counts_first(gql, org):
    for argument in ("first", "last"):
        body = await gql(f"{{ contacts({argument}: 100) {{ nodes {{ id }} }} }}", org.writers[ADMIN])
        assert body["extensions"]["cost"]["requested"] == 100, argument


@pytest.mark.parametrize("backwards", [False, True])
async def test_several_orders_with_mixed_directions_page_with_stable_cursors(gql, org, backwards):
    """Industry A to Z (no industry first: ''), then within one industry the name Z to A, then the id."""
    order = [
        {"field": "CUSTOM_FIELD", "key": "industry", "direction": "ASC"},
        {"field": "NAME", "direction": "DESC"},
    ]
    body = await gql(LIST, org.writers[ADMIN], {"o": order, "first": 100})
    nodes = body["data"]["contacts"]["nodes"]
    everyone = [n["firstName"] for n in nodes]
    industry = {name: next((f["value"] for f in fields.get("fields", []) if f["key"] == "industry"), "")
                for name, fields in PEOPLE}  # fmt: skip
    expected = sorted(everyone, key=lambda name: name.lower(), reverse=True)
    expected = sorted(expected, key=lambda name: industry.get(name, "").lower())
    assert everyone == expected
    query = """query($o: [ContactOrder!], $first: Int, $after: String, $last: Int, $before: String) {
      contacts(orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
        nodes { firstName } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    walked, cursor = [], None
    while True:
        step = {"last": 2, "before": cursor} if backwards else {"first": 2, "after": cursor}
        page = (await gql(query, org.writers[ADMIN], {"o": order, **step}))["data"]["contacts"]
        names_ = [n["firstName"] for n in page["nodes"]]
        walked = names_ + walked if backwards else walked + names_
        if not page["pageInfo"]["hasPreviousPage" if backwards else "hasNextPage"]:
            break
        cursor = page["pageInfo"]["startCursor" if backwards else "endCursor"]
    assert walked == everyone
    single = await gql(query, org.writers[ADMIN], {"o": order[:1], "first": 2, "after": cursor or "x"})
    assert single["errors"][0]["extensions"]["code"] == "BAD_CURSOR"  # another order's cursor
