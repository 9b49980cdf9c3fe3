"""Write a generated workspace with COPY, in one transaction: a failed or interrupted seed leaves nothing.

Ids of referenced rows are assigned here, not by the database, so that a chunk's rows can refer to each
other before they are written. The tables whose ids we assign are locked against other writers for the
duration, and their sequences are moved past our ids at the end.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import asyncpg
import orjson

from contactcard.db.enums import FieldType, Role
from contactcard.db.seed import vocabulary as v
from contactcard.db.seed.generator import COLUMNS, RESERVED_IDS, Generator, Means, Org
from contactcard.files.store import FileStore, put_bytes

CHUNK_SIZE = 500
REFERENCED = (
    "workspaces",
    "users",
    "groups",
    "contacts",
    "deals",
    "tasks",
    "files",
    "companies",
    "tags",
    "courses",
)
"""Tables the foreign keys of the copied rows point to. Their statistics are refreshed as they grow: the
foreign-key checks keep the plans made when a table was empty (a sequential scan), which on a fresh database
made the seed quadratic (3 000 contacts: 2.3 s for the first chunk, 9.4 s for the sixth)."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class UserSpec:
    email: str
    name: str
    role: Role
    group: str | None


@dataclass(frozen=True)
class WorkspaceSpec:
    name: str
    currency: str
    groups: list[tuple[str, str | None]]  # (name, parent name), parents first
    users: list[UserSpec]


FIELDS: list[tuple[str, str, FieldType, list[str]]] = [
    ("industry", "Industry", FieldType.SELECT, ["Retail", "Education", "Software", "Finance", "Health"]),
    ("budget", "Budget", FieldType.NUMBER, []),
    ("next_contact", "Next contact", FieldType.DATE, []),
    ("newsletter", "Newsletter", FieldType.BOOLEAN, []),
    ("languages", "Languages", FieldType.MULTISELECT, ["es", "pt", "ru", "en"]),
    ("website", "Website", FieldType.URL, []),
    ("notes", "Notes", FieldType.TEXT, []),
]
STAGES = [("New", 10), ("Qualified", 25), ("Proposal", 50), ("Negotiation", 75), ("Won", 100), ("Lost", 0)]


async def _ids_from(conn: asyncpg.Connection, table: str) -> int:
    return int(await conn.fetchval(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"))


async def _insert(conn: asyncpg.Connection, sql: str, *args: object) -> int:
    return int(await conn.fetchval(sql, *args))


async def create_org(
    conn: asyncpg.Connection, spec: WorkspaceSpec, companies: int, rng: random.Random
) -> Org:
    ws = await _insert(
        conn,
        "INSERT INTO workspaces (name, default_currency) VALUES ($1, $2) RETURNING id",
        spec.name,
        spec.currency,
    )
    groups: dict[str, int] = {}
    for name, parent in spec.groups:
        groups[name] = await _insert(
            conn,
            "INSERT INTO groups (workspace_id, name, parent_id) VALUES ($1, $2, $3) RETURNING id",
            ws,
            name,
            groups.get(parent) if parent else None,
        )
    parents = {parent for _, parent in spec.groups if parent}
    users = []
    for user in spec.users:
        group_id = groups.get(user.group) if user.group else None
        user_id = await _insert(
            conn,
            "INSERT INTO users (workspace_id, email, name, role, group_id) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
            ws,
            user.email,
            user.name,
            user.role.value,
            group_id,
        )
        users.append((user_id, group_id))
    pipeline = await _insert(
        conn, "INSERT INTO pipelines (workspace_id, name) VALUES ($1, 'Sales pipeline') RETURNING id", ws
    )
    stages = []
    for position, (name, probability) in enumerate(STAGES):
        stage_id = await _insert(
            conn,
            "INSERT INTO pipeline_stages (workspace_id, pipeline_id, name, position, probability) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
            ws,
            pipeline,
            name,
            position,
            probability,
        )
        stages.append((pipeline, stage_id, name, probability))
    course_ids = [
        await _insert(
            conn,
            "INSERT INTO courses (workspace_id, title, lesson_count) VALUES ($1, $2, $3) RETURNING id",
            ws,
            title,
            lessons,
        )
        for title, lessons in v.COURSES
    ]
    tag_ids = [
        await _insert(
            conn,
            "INSERT INTO tags (workspace_id, name, color) VALUES ($1, $2, $3) RETURNING id",
            ws,
            name,
            color,
        )
        for name, color in v.TAGS
    ]
    for position, (key, label, type_, options) in enumerate(FIELDS):
        await conn.execute(
            "INSERT INTO custom_fields (workspace_id, key, label, type, options, position) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, $6)",
            ws,
            key,
            label,
            type_.value,
            orjson.dumps(options).decode(),
            position,
        )
    company_ids = await conn.fetch(
        "INSERT INTO companies (workspace_id, name, website) "
        "SELECT $1, n, 'https://' || lower(replace(n, ' ', '-')) || '.example' FROM unnest($2::text[]) AS n "
        "RETURNING id",
        ws,
        [f"{rng.choice(v.COMPANY_WORDS)} {rng.choice(v.COMPANY_WORDS)} {n}" for n in range(companies)],
    )
    return Org(
        workspace_id=ws,
        users=users,
        leaf_group_ids=[gid for name, gid in groups.items() if name not in parents],
        stages=stages,
        course_ids=course_ids,
        tag_ids=tag_ids,
        tag_names=[name for name, _ in v.TAGS],
        company_ids=[row["id"] for row in company_ids],
        fields=[(key, type_.value, options) for key, _, type_, options in FIELDS],
    )


async def seed_workspace(
    conn: asyncpg.Connection,
    spec: WorkspaceSpec,
    *,
    contacts: int,
    seed: int,
    means: Means | None = None,
    progress: Progress | None = None,
    store: FileStore | None = None,
) -> int:
    """Create the workspace `spec` with `contacts` generated contacts; returns its id. One transaction.
    The bytes of its files go to `store` (without one, the files are rows whose bytes are missing)."""
    async with conn.transaction():
        await conn.execute(f"LOCK TABLE {', '.join(RESERVED_IDS)} IN SHARE ROW EXCLUSIVE MODE")
        rng = random.Random(seed)
        org = await create_org(conn, spec, max(20, contacts // 10), rng)
        generator = Generator(org, seed, means)
        ids: dict[str, Iterator[int]] = {
            table: itertools.count(await _ids_from(conn, table)) for table in RESERVED_IDS
        }
        for done in range(0, contacts, CHUNK_SIZE):
            chunk = generator.chunk(ids, min(CHUNK_SIZE, contacts - done))
            for table, columns in COLUMNS.items():
                rows = chunk.rows.get(table)
                if rows:
                    await conn.copy_records_to_table(table, records=rows, columns=list(columns))
            if store is not None:
                for key, data in chunk.blobs.items():
                    await put_bytes(store, key, data)
            chunks = done // CHUNK_SIZE + 1
            if chunks & (chunks - 1) == 0:  # after chunks 1, 2, 4, 8, …
                await conn.execute(f"ANALYZE {', '.join(REFERENCED)}")
            if progress:
                progress(min(done + CHUNK_SIZE, contacts), contacts)
        for table, counter in ids.items():
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), $1, false)", next(counter)
            )
    return org.workspace_id
