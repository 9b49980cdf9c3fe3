"""webhooks: a workspace's endpoints, and their deliveries as a durable queue and log

`webhooks` (url, events, the signing secret, consecutive failures, when and why disabled);
`webhook_deliveries` (one event for one webhook, queued by the write that caused it, with its attempts,
next try and last answer). `contactcard_claim_delivery` hands one due delivery to a worker across
workspaces (SECURITY DEFINER, `FOR UPDATE SKIP LOCKED`), leasing it for a minute.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

APP_ROLE = "contactcard_app"
CURRENT_WORKSPACE = "nullif(current_setting('contactcard.workspace_id', true), '')::bigint"
CLAIM = """
CREATE FUNCTION contactcard_claim_delivery(lease_seconds integer)
RETURNS TABLE (workspace_id bigint, id bigint, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    UPDATE webhook_deliveries d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => lease_seconds)
    FROM (
        SELECT q.workspace_id, q.id FROM webhook_deliveries q
        WHERE q.status = 'PENDING' AND q.next_attempt_at <= now()
        ORDER BY q.next_attempt_at, q.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    ) picked
    WHERE d.workspace_id = picked.workspace_id AND d.id = picked.id
    RETURNING d.workspace_id, d.id, d.attempts
$$
"""


def _tenant(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant ON {table} USING (workspace_id = {CURRENT_WORKSPACE}) "
        f"WITH CHECK (workspace_id = {CURRENT_WORKSPACE})"
    )


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id", "created_by_id"], ["users.workspace_id", "users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workspace_id", "id"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("webhook_id", sa.BigInteger(), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "DELIVERED",
                "FAILED",
                name="delivery_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="PENDING",
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True
        ),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "webhook_id"], ["webhooks.workspace_id", "webhooks.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workspace_id", "id"),
    )
    op.create_index(
        "ix_webhook_deliveries_ws_webhook_id_created_at_desc_id_desc",
        "webhook_deliveries",
        ["workspace_id", "webhook_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_webhook_deliveries_ws_next_attempt_at_id",
        "webhook_deliveries",
        ["workspace_id", "next_attempt_at", "id"],
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    for table in ("webhooks", "webhook_deliveries"):
        _tenant(table)
    op.execute(CLAIM)
    op.execute("REVOKE ALL ON FUNCTION contactcard_claim_delivery(integer) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION contactcard_claim_delivery(integer) TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS contactcard_claim_delivery(integer)")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhooks")
