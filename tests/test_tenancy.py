"""Every tenant table keeps `workspace_id` first in its primary key, unique keys, foreign keys and indexes."""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

from contactcard.db.base import Base
from contactcard.db.models import __all__ as _models  # noqa: F401

TABLES = Base.metadata.tables


def first_column(names: list[str]) -> str | None:
    return names[0] if names else None


def tenancy_violations() -> list[str]:
    problems = []
    for name, table in TABLES.items():
        if name == "workspaces":
            continue
        if "workspace_id" not in table.c:
            problems.append(f"{name}: no workspace_id")
            continue
        for constraint in table.constraints:
            columns = [c.name for c in constraint.columns]
            if (
                isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
                and first_column(columns) != "workspace_id"
            ):
                problems.append(f"{name}: key {columns} does not start with workspace_id")
            if isinstance(constraint, ForeignKeyConstraint):
                referred = [element.column.name for element in constraint.elements]
                if constraint.referred_table.name == "workspaces":
                    if columns != ["workspace_id"]:
                        problems.append(f"{name}: foreign key {columns} to workspaces")
                elif columns[0] != "workspace_id" or referred[0] != "workspace_id":
                    problems.append(f"{name}: foreign key {columns} -> {referred} is not workspace-first")
        for index in table.indexes:
            expressions = [getattr(e, "name", str(e)) for e in index.expressions]
            if first_column(expressions) != "workspace_id":
                problems.append(f"{name}: index {index.name} does not start with workspace_id")
    return problems


def test_every_tenant_table_is_keyed_by_workspace_first():
    assert tenancy_violations() == []


def test_the_rule_catches_a_table_that_breaks_it():
    from sqlalchemy import BigInteger, Column, Index, MetaData, Table  # noqa: PLC0415

    bad = Table(
        "bad_table",
        MetaData(),
        Column("id", BigInteger, primary_key=True),
        Column("workspace_id", BigInteger),
    )
    Index("ix_bad", bad.c.id, bad.c.workspace_id)
    tables_before = dict(TABLES)
    try:
        Base.metadata._add_table("bad_table", None, bad)
        assert tenancy_violations() == [
            "bad_table: key ['id'] does not start with workspace_id",
            "bad_table: index ix_bad does not start with workspace_id",
        ]
    finally:
        Base.metadata._remove_table("bad_table", None)
    assert dict(TABLES) == tables_before


def test_the_whole_data_model_is_there():
    expected = {
        "workspaces",
        "users",
        "groups",
        "api_tokens",
        "contacts",
        "contact_channels",
        "contact_tombstones",
        "companies",
        "contact_companies",
        "tags",
        "contact_tags",
        "custom_fields",
        "history_entries",
        "pipelines",
        "pipeline_stages",
        "deals",
        "deal_contacts",
        "tasks",
        "task_contacts",
        "payments",
        "payment_links",
        "calls",
        "courses",
        "enrollments",
        "timeline_events",
        "consents",
        "files",
        "documents",
        "card_layouts",
        "card_layout_versions",
        "list_views",
        "list_view_defaults",
        "jobs",
        "job_chunks",
        "notifications",
        "webhooks",
        "webhook_deliveries",
    }
    assert set(TABLES) == expected


def test_tab_tables_have_their_per_contact_index():
    wanted = {
        "history_entries": "created_at DESC",
        "payments": "created_at DESC",
        "calls": "started_at DESC",
        "enrollments": "enrolled_at DESC",
        "timeline_events": "occurred_at DESC",
        "consents": "recorded_at DESC",
        "deal_contacts": "deal_created_at DESC",
        "task_contacts": "task_created_at DESC",
    }
    for table, sort in wanted.items():
        shapes = [[getattr(e, "name", str(e)) for e in index.expressions] for index in TABLES[table].indexes]
        assert any(shape[:3] == ["workspace_id", "contact_id", sort] for shape in shapes), table
