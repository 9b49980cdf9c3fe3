"""tab writes: idempotency keys of calls and timeline events, a deal's close reason, blocked students

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("calls", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.create_index(
        "ix_calls_external_ws_external_id",
        "calls",
        ["workspace_id", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )
    op.add_column("timeline_events", sa.Column("external_id", sa.String(length=200), nullable=True))
    op.create_index(
        "ix_timeline_events_external_ws_external_id",
        "timeline_events",
        ["workspace_id", "external_id"],
        unique=True,
        postgresql_where=sa.text("external_id IS NOT NULL"),
    )
    op.add_column("deals", sa.Column("close_reason", sa.Text(), nullable=True))
    op.add_column("contacts", sa.Column("student_blocked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("contacts", "student_blocked_at")
    op.drop_column("deals", "close_reason")
    op.drop_index("ix_timeline_events_external_ws_external_id", table_name="timeline_events")
    op.drop_column("timeline_events", "external_id")
    op.drop_index("ix_calls_external_ws_external_id", table_name="calls")
    op.drop_column("calls", "external_id")
