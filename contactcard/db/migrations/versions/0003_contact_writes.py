"""contact writes: a workspace's default phone region, tags unique without regard to case

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "workspaces", sa.Column("default_region", sa.String(length=2), server_default="US", nullable=False)
    )
    op.add_column(
        "tags",
        sa.Column(
            "name_key", sa.String(length=100), sa.Computed("lower(name)", persisted=True), nullable=False
        ),
    )
    op.drop_constraint("uq_tags_workspace_id_name", "tags", type_="unique")
    op.create_unique_constraint("uq_tags_workspace_id_name_key", "tags", ["workspace_id", "name_key"])


def downgrade() -> None:
    op.drop_constraint("uq_tags_workspace_id_name_key", "tags", type_="unique")
    op.create_unique_constraint("uq_tags_workspace_id_name", "tags", ["workspace_id", "name"])
    op.drop_column("tags", "name_key")
    op.drop_column("workspaces", "default_region")
