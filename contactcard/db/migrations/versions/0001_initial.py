"""initial schema: every table of DESIGN.md section 2

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("time_zone", sa.String(length=64), server_default="UTC", nullable=False),
        sa.Column("default_currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint("name", name=op.f("uq_workspaces_name")),
    )
    op.create_table(
        "companies",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("industry", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_companies_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_companies")),
    )
    op.create_index("ix_companies_ws_name", "companies", ["workspace_id", "name"], unique=False)
    op.create_table(
        "courses",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("lesson_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_courses_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_courses")),
    )
    op.create_table(
        "custom_fields",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "TEXT",
                "NUMBER",
                "DATE",
                "BOOLEAN",
                "SELECT",
                "MULTISELECT",
                "URL",
                name="field_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "options",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_custom_fields_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_custom_fields")),
        sa.UniqueConstraint("workspace_id", "key", name=op.f("uq_custom_fields_workspace_id_key")),
    )
    op.create_table(
        "groups",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "parent_id"],
            ["groups.workspace_id", "groups.id"],
            name=op.f("fk_groups_workspace_id_parent_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_groups_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_groups")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_groups_workspace_id_name")),
    )
    op.create_index("ix_groups_ws_parent_id", "groups", ["workspace_id", "parent_id"], unique=False)
    op.create_table(
        "pipelines",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_pipelines_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_pipelines")),
    )
    op.create_table(
        "tags",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tags_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_tags")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_tags_workspace_id_name")),
    )
    op.create_table(
        "pipeline_stages",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("pipeline_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("probability", sa.SmallInteger(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "probability BETWEEN 0 AND 100", name=op.f("ck_pipeline_stages_probability_range")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "pipeline_id"],
            ["pipelines.workspace_id", "pipelines.id"],
            name=op.f("fk_pipeline_stages_workspace_id_pipeline_id_pipelines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_pipeline_stages_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_pipeline_stages")),
    )
    op.create_index(
        "ix_pipeline_stages_ws_pipeline_id_position",
        "pipeline_stages",
        ["workspace_id", "pipeline_id", "position"],
        unique=False,
    )
    op.create_table(
        "users",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "ADMIN",
                "MANAGER",
                "AGENT",
                name="user_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("group_id", sa.BigInteger(), nullable=True),
        sa.Column("avatar_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "group_id"],
            ["groups.workspace_id", "groups.id"],
            name=op.f("fk_users_workspace_id_group_id_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_users_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_users")),
        sa.UniqueConstraint("workspace_id", "email", name=op.f("uq_users_workspace_id_email")),
    )
    op.create_index("ix_users_ws_group_id", "users", ["workspace_id", "group_id"], unique=False)
    op.create_table(
        "api_tokens",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("scopes", postgresql.ARRAY(sa.String(length=16)), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_api_tokens_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_api_tokens_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("workspace_id", "token_hash", name=op.f("uq_api_tokens_workspace_id_token_hash")),
    )
    op.create_index("ix_api_tokens_ws_user_id", "api_tokens", ["workspace_id", "user_id"], unique=False)
    op.create_table(
        "card_layouts",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "WORKSPACE",
                "ROLE",
                "USER",
                name="layout_scope",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "role",
            sa.Enum(
                "ADMIN",
                "MANAGER",
                "AGENT",
                name="layout_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("panels", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("locked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("updated_by_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "updated_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_card_layouts_workspace_id_updated_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_card_layouts_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_card_layouts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_card_layouts")),
        sa.UniqueConstraint("workspace_id", "subject", name=op.f("uq_card_layouts_workspace_id_subject")),
    )
    op.create_table(
        "contacts",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=True),
        sa.Column("last_name", sa.String(length=200), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "MANUAL",
                "IMPORT",
                "API",
                "FORM",
                "CHAT",
                "EMAIL",
                "PHONE_CALL",
                "PAYMENT",
                "DEAL",
                name="contact_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN", "CLOSED", name="contact_status", native_enum=False, create_constraint=True, length=32
            ),
            server_default="OPEN",
            nullable=False,
        ),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.Column("interest", sa.String(length=200), nullable=True),
        sa.Column("assigned_user_id", sa.BigInteger(), nullable=True),
        sa.Column("group_id", sa.BigInteger(), nullable=True),
        sa.Column("score", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column(
            "attributes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_contacts_score_range")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "assigned_user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_contacts_workspace_id_assigned_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "group_id"],
            ["groups.workspace_id", "groups.id"],
            name=op.f("fk_contacts_workspace_id_group_id_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "merged_into_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_contacts_workspace_id_merged_into_id_contacts"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contacts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_contacts")),
    )
    op.create_index(
        "ix_contacts_ws_assigned_user_id", "contacts", ["workspace_id", "assigned_user_id"], unique=False
    )
    op.create_index(
        "ix_contacts_ws_created_at_desc_id_desc",
        "contacts",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index("ix_contacts_ws_group_id", "contacts", ["workspace_id", "group_id"], unique=False)
    op.create_table(
        "deals",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), server_default="0", nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("responsible_user_id", sa.BigInteger(), nullable=True),
        sa.Column("pipeline_id", sa.BigInteger(), nullable=False),
        sa.Column("stage_id", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "WON",
                "LOST",
                name="deal_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="OPEN",
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_deals_currency_iso")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "pipeline_id"],
            ["pipelines.workspace_id", "pipelines.id"],
            name=op.f("fk_deals_workspace_id_pipeline_id_pipelines"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "responsible_user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_deals_workspace_id_responsible_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "stage_id"],
            ["pipeline_stages.workspace_id", "pipeline_stages.id"],
            name=op.f("fk_deals_workspace_id_stage_id_pipeline_stages"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deals_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_deals")),
    )
    op.create_index(
        "ix_deals_ws_responsible_user_id", "deals", ["workspace_id", "responsible_user_id"], unique=False
    )
    op.create_index("ix_deals_ws_stage_id", "deals", ["workspace_id", "stage_id"], unique=False)
    op.create_table(
        "files",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("storage_key", sa.Text(), nullable=False),
        sa.Column("uploaded_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "uploaded_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_files_workspace_id_uploaded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_files_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_files")),
    )
    op.create_table(
        "list_views",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "filters",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "columns",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "sort",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("page_size", sa.Integer(), server_default="20", nullable=False),
        sa.Column("shared", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_list_views_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_list_views_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_list_views")),
    )
    op.create_index("ix_list_views_ws_user_id", "list_views", ["workspace_id", "user_id"], unique=False)
    op.create_table(
        "notifications",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_notifications_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_notifications_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_ws_user_id_created_at_desc_id_desc",
        "notifications",
        ["workspace_id", "user_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "tasks",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "OPEN",
                "IN_PROGRESS",
                "DONE",
                "CANCELLED",
                name="task_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="OPEN",
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "assignee_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_tasks_workspace_id_assignee_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "created_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_tasks_workspace_id_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tasks_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_tasks")),
    )
    op.create_index(
        "ix_tasks_ws_assignee_id_status_due_at",
        "tasks",
        ["workspace_id", "assignee_id", "status", "due_at"],
        unique=False,
    )
    op.create_table(
        "calls",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "direction",
            sa.Enum(
                "INCOMING",
                "OUTGOING",
                name="call_direction",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "ANSWERED", "MISSED", name="call_status", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("phone_number", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_seconds", sa.Integer(), server_default="0", nullable=False),
        sa.Column("recording_url", sa.Text(), nullable=True),
        sa.CheckConstraint("duration_seconds >= 0", name=op.f("ck_calls_duration_nonnegative")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_calls_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_calls_workspace_id_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_calls_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_calls")),
    )
    op.create_index(
        "ix_calls_ws_contact_id_started_at_desc_id_desc",
        "calls",
        ["workspace_id", "contact_id", sa.literal_column("started_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "card_layout_versions",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("layout_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("panels", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "created_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_card_layout_versions_workspace_id_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "layout_id"],
            ["card_layouts.workspace_id", "card_layouts.id"],
            name=op.f("fk_card_layout_versions_workspace_id_layout_id_card_layouts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_card_layout_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "layout_id", "version", name=op.f("pk_card_layout_versions")),
    )
    op.create_table(
        "consents",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "EMAIL",
                "SMS",
                "WEB_PUSH",
                "PHONE",
                "MESSENGER",
                "DATA_PROCESSING",
                name="consent_channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "GRANTED",
                "WITHDRAWN",
                name="consent_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_consents_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "recorded_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_consents_workspace_id_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_consents_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_consents")),
    )
    op.create_index(
        "ix_consents_ws_contact_id_channel_recorded_at_desc_id_desc",
        "consents",
        [
            "workspace_id",
            "contact_id",
            "channel",
            sa.literal_column("recorded_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_consents_ws_contact_id_recorded_at_desc_id_desc",
        "consents",
        ["workspace_id", "contact_id", sa.literal_column("recorded_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "contact_channels",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "EMAIL",
                "PHONE",
                "MESSENGER",
                name="channel_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("normalized", sa.String(length=320), nullable=False),
        sa.Column("is_primary", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_contact_channels_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_channels_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_contact_channels")),
    )
    op.create_index(
        "ix_contact_channels_primary_ws_contact_id_kind",
        "contact_channels",
        ["workspace_id", "contact_id", "kind"],
        unique=True,
        postgresql_where=sa.text("is_primary"),
    )
    op.create_index(
        "ix_contact_channels_ws_contact_id_kind_position",
        "contact_channels",
        ["workspace_id", "contact_id", "kind", "position"],
        unique=False,
    )
    op.create_index(
        "ix_contact_channels_ws_kind_normalized",
        "contact_channels",
        ["workspace_id", "kind", "normalized"],
        unique=False,
    )
    op.create_table(
        "contact_companies",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("company_id", sa.BigInteger(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "company_id"],
            ["companies.workspace_id", "companies.id"],
            name=op.f("fk_contact_companies_workspace_id_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_contact_companies_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_companies_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "contact_id", "company_id", name=op.f("pk_contact_companies")
        ),
    )
    op.create_index(
        "ix_contact_companies_ws_company_id",
        "contact_companies",
        ["workspace_id", "company_id"],
        unique=False,
    )
    op.create_table(
        "contact_tags",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_contact_tags_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "tag_id"],
            ["tags.workspace_id", "tags.id"],
            name=op.f("fk_contact_tags_workspace_id_tag_id_tags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_tags_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "contact_id", "tag_id", name=op.f("pk_contact_tags")),
    )
    op.create_index("ix_contact_tags_ws_tag_id", "contact_tags", ["workspace_id", "tag_id"], unique=False)
    op.create_table(
        "deal_contacts",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("deal_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("deal_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_deal_contacts_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "deal_id"],
            ["deals.workspace_id", "deals.id"],
            name=op.f("fk_deal_contacts_workspace_id_deal_id_deals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_deal_contacts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "deal_id", "contact_id", name=op.f("pk_deal_contacts")),
    )
    op.create_index(
        "ix_deal_contacts_ws_contact_id_deal_created_at_desc_deal_id_des",
        "deal_contacts",
        [
            "workspace_id",
            "contact_id",
            sa.literal_column("deal_created_at DESC"),
            sa.literal_column("deal_id DESC"),
        ],
        unique=False,
    )
    op.create_table(
        "enrollments",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("course_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("progress", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ACTIVE",
                "COMPLETED",
                name="enrollment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="ACTIVE",
            nullable=False,
        ),
        sa.Column("blocked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_enrollments_progress_range")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_enrollments_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "course_id"],
            ["courses.workspace_id", "courses.id"],
            name=op.f("fk_enrollments_workspace_id_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_enrollments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_enrollments")),
        sa.UniqueConstraint(
            "workspace_id",
            "course_id",
            "contact_id",
            name=op.f("uq_enrollments_workspace_id_course_id_contact_id"),
        ),
    )
    op.create_index(
        "ix_enrollments_ws_contact_id_enrolled_at_desc_id_desc",
        "enrollments",
        ["workspace_id", "contact_id", sa.literal_column("enrolled_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "export_jobs",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "QUEUED",
                "RUNNING",
                "DONE",
                "FAILED",
                name="export_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="QUEUED",
            nullable=False,
        ),
        sa.Column(
            "params",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("processed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "file_id"],
            ["files.workspace_id", "files.id"],
            name=op.f("fk_export_jobs_workspace_id_file_id_files"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_export_jobs_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_export_jobs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_export_jobs")),
    )
    op.create_index(
        "ix_export_jobs_ws_status_created_at",
        "export_jobs",
        ["workspace_id", "status", "created_at"],
        unique=False,
    )
    op.create_table(
        "history_entries",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=True),
        sa.Column("subject_user_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "COMMENT", "CHANGE", name="history_kind", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("mention_user_ids", postgresql.ARRAY(sa.BigInteger()), server_default="{}", nullable=False),
        sa.Column(
            "attachment_file_ids", postgresql.ARRAY(sa.BigInteger()), server_default="{}", nullable=False
        ),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "contact_id IS NOT NULL OR subject_user_id IS NOT NULL",
            name=op.f("ck_history_entries_has_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "author_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_history_entries_workspace_id_author_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_history_entries_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "subject_user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_history_entries_workspace_id_subject_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_history_entries_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_history_entries")),
    )
    op.create_index(
        "ix_history_entries_ws_contact_id_created_at_desc_id_desc",
        "history_entries",
        ["workspace_id", "contact_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_history_entries_ws_contact_id_kind_created_at_desc_id_desc",
        "history_entries",
        [
            "workspace_id",
            "contact_id",
            "kind",
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_history_entries_ws_subject_user_id_created_at_desc_id_desc",
        "history_entries",
        [
            "workspace_id",
            "subject_user_id",
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_table(
        "payments",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("deal_id", sa.BigInteger(), nullable=True),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "PAID",
                "FAILED",
                "REFUNDED",
                name="payment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=200), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_payments_currency_iso")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_payments_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "deal_id"],
            ["deals.workspace_id", "deals.id"],
            name=op.f("fk_payments_workspace_id_deal_id_deals"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_payments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_payments")),
    )
    op.create_index(
        "ix_payments_external_ws_provider_external_id",
        "payments",
        ["workspace_id", "provider", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )
    op.create_index(
        "ix_payments_ws_contact_id_created_at_desc_id_desc",
        "payments",
        ["workspace_id", "contact_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "task_contacts",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("task_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_task_contacts_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "task_id"],
            ["tasks.workspace_id", "tasks.id"],
            name=op.f("fk_task_contacts_workspace_id_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_task_contacts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "task_id", "contact_id", name=op.f("pk_task_contacts")),
    )
    op.create_index(
        "ix_task_contacts_ws_contact_id_task_created_at_desc_task_id_des",
        "task_contacts",
        [
            "workspace_id",
            "contact_id",
            sa.literal_column("task_created_at DESC"),
            sa.literal_column("task_id DESC"),
        ],
        unique=False,
    )
    op.create_table(
        "timeline_events",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "VISIT",
                "MESSAGE_SENT",
                "MESSAGE_OPENED",
                "MESSAGE_CLICKED",
                "PURCHASE",
                "FORM_SUBMITTED",
                "EXTERNAL_EVENT",
                "COUPON",
                name="timeline_event_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column(
            "properties",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "currency IS NULL OR currency ~ '^[A-Z]{3}$'", name=op.f("ck_timeline_events_currency_iso")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_timeline_events_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_timeline_events_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_timeline_events")),
    )
    op.create_index(
        "ix_timeline_events_ws_contact_id_occurred_at_desc_id_desc",
        "timeline_events",
        ["workspace_id", "contact_id", sa.literal_column("occurred_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_timeline_events_ws_contact_id_type_occurred_at_desc_id_desc",
        "timeline_events",
        [
            "workspace_id",
            "contact_id",
            "type",
            sa.literal_column("occurred_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_table(
        "payment_links",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("deal_id", sa.BigInteger(), nullable=True),
        sa.Column("payment_id", sa.BigInteger(), nullable=True),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_payment_links_currency_iso")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            name=op.f("fk_payment_links_workspace_id_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "deal_id"],
            ["deals.workspace_id", "deals.id"],
            name=op.f("fk_payment_links_workspace_id_deal_id_deals"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "payment_id"],
            ["payments.workspace_id", "payments.id"],
            name=op.f("fk_payment_links_workspace_id_payment_id_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_payment_links_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_payment_links")),
    )
    op.create_index(
        "ix_payment_links_ws_contact_id_created_at_desc_id_desc",
        "payment_links",
        ["workspace_id", "contact_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    # The consent log is append-only: a change of consent is a new row, never an edit of an old one.
    op.execute(
        """
        CREATE FUNCTION consents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'consents is append-only: insert a new row instead of updating one'
                USING ERRCODE = 'restrict_violation';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER consents_append_only BEFORE UPDATE ON consents "
        "FOR EACH ROW EXECUTE FUNCTION consents_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS consents_append_only ON consents")
    op.execute("DROP FUNCTION IF EXISTS consents_append_only()")
    op.drop_index("ix_payment_links_ws_contact_id_created_at_desc_id_desc", table_name="payment_links")
    op.drop_table("payment_links")
    op.drop_index(
        "ix_timeline_events_ws_contact_id_type_occurred_at_desc_id_desc", table_name="timeline_events"
    )
    op.drop_index("ix_timeline_events_ws_contact_id_occurred_at_desc_id_desc", table_name="timeline_events")
    op.drop_table("timeline_events")
    op.drop_index(
        "ix_task_contacts_ws_contact_id_task_created_at_desc_task_id_des", table_name="task_contacts"
    )
    op.drop_table("task_contacts")
    op.drop_index("ix_payments_ws_contact_id_created_at_desc_id_desc", table_name="payments")
    op.drop_index(
        "ix_payments_external_ws_provider_external_id",
        table_name="payments",
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )
    op.drop_table("payments")
    op.drop_index(
        "ix_history_entries_ws_subject_user_id_created_at_desc_id_desc", table_name="history_entries"
    )
    op.drop_index(
        "ix_history_entries_ws_contact_id_kind_created_at_desc_id_desc", table_name="history_entries"
    )
    op.drop_index("ix_history_entries_ws_contact_id_created_at_desc_id_desc", table_name="history_entries")
    op.drop_table("history_entries")
    op.drop_index("ix_export_jobs_ws_status_created_at", table_name="export_jobs")
    op.drop_table("export_jobs")
    op.drop_index("ix_enrollments_ws_contact_id_enrolled_at_desc_id_desc", table_name="enrollments")
    op.drop_table("enrollments")
    op.drop_index(
        "ix_deal_contacts_ws_contact_id_deal_created_at_desc_deal_id_des", table_name="deal_contacts"
    )
    op.drop_table("deal_contacts")
    op.drop_index("ix_contact_tags_ws_tag_id", table_name="contact_tags")
    op.drop_table("contact_tags")
    op.drop_index("ix_contact_companies_ws_company_id", table_name="contact_companies")
    op.drop_table("contact_companies")
    op.drop_index("ix_contact_channels_ws_kind_normalized", table_name="contact_channels")
    op.drop_index("ix_contact_channels_ws_contact_id_kind_position", table_name="contact_channels")
    op.drop_index(
        "ix_contact_channels_primary_ws_contact_id_kind",
        table_name="contact_channels",
        postgresql_where=sa.text("is_primary"),
    )
    op.drop_table("contact_channels")
    op.drop_index("ix_consents_ws_contact_id_recorded_at_desc_id_desc", table_name="consents")
    op.drop_index("ix_consents_ws_contact_id_channel_recorded_at_desc_id_desc", table_name="consents")
    op.drop_table("consents")
    op.drop_table("card_layout_versions")
    op.drop_index("ix_calls_ws_contact_id_started_at_desc_id_desc", table_name="calls")
    op.drop_table("calls")
    op.drop_index("ix_tasks_ws_assignee_id_status_due_at", table_name="tasks")
    op.drop_table("tasks")
    op.drop_index("ix_notifications_ws_user_id_created_at_desc_id_desc", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_list_views_ws_user_id", table_name="list_views")
    op.drop_table("list_views")
    op.drop_table("files")
    op.drop_index("ix_deals_ws_stage_id", table_name="deals")
    op.drop_index("ix_deals_ws_responsible_user_id", table_name="deals")
    op.drop_table("deals")
    op.drop_index("ix_contacts_ws_group_id", table_name="contacts")
    op.drop_index("ix_contacts_ws_created_at_desc_id_desc", table_name="contacts")
    op.drop_index("ix_contacts_ws_assigned_user_id", table_name="contacts")
    op.drop_table("contacts")
    op.drop_table("card_layouts")
    op.drop_index("ix_api_tokens_ws_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_users_ws_group_id", table_name="users")
    op.drop_table("users")
    op.drop_index("ix_pipeline_stages_ws_pipeline_id_position", table_name="pipeline_stages")
    op.drop_table("pipeline_stages")
    op.drop_table("tags")
    op.drop_table("pipelines")
    op.drop_index("ix_groups_ws_parent_id", table_name="groups")
    op.drop_table("groups")
    op.drop_table("custom_fields")
    op.drop_table("courses")
    op.drop_index("ix_companies_ws_name", table_name="companies")
    op.drop_table("companies")
    op.drop_table("workspaces")
