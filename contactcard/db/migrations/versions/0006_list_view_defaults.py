"""saved list views: each user's default view

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

CURRENT_WORKSPACE = "nullif(current_setting('contactcard.workspace_id', true), '')::bigint"


def upgrade() -> None:
    op.create_table(
        "list_view_defaults",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("view_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_list_view_defaults_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_list_view_defaults_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "view_id"],
            ["list_views.workspace_id", "list_views.id"],
            name=op.f("fk_list_view_defaults_workspace_id_view_id_list_views"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name=op.f("pk_list_view_defaults")),
    )
    op.create_index("ix_list_view_defaults_ws_view_id", "list_view_defaults", ["workspace_id", "view_id"])
    op.execute("ALTER TABLE list_view_defaults ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant ON list_view_defaults USING (workspace_id = {CURRENT_WORKSPACE}) "
        f"WITH CHECK (workspace_id = {CURRENT_WORKSPACE})"
    )


def downgrade() -> None:
    op.drop_table("list_view_defaults")
