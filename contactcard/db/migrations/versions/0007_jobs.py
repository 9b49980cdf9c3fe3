"""background jobs: one durable queue for exports and bulk actions, their output in chunks

`export_jobs` (never used) becomes `jobs`, with a kind, a result, attempts and a heartbeat; `job_chunks`
holds an export's file. Two SECURITY DEFINER functions let the application role work the queue across
workspaces without seeing any workspace's rows: `contactcard_claim_job` hands one job to a worker
(`FOR UPDATE SKIP LOCKED`), `contactcard_expire_jobs` deletes jobs past their expiry.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

APP_ROLE = "contactcard_app"
CURRENT_WORKSPACE = "nullif(current_setting('contactcard.workspace_id', true), '')::bigint"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _tenant(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant ON {table} USING (workspace_id = {CURRENT_WORKSPACE}) "
        f"WITH CHECK (workspace_id = {CURRENT_WORKSPACE})"
    )


CLAIM = """
CREATE FUNCTION contactcard_claim_job(lease_seconds integer)
RETURNS TABLE (workspace_id bigint, id bigint, attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    UPDATE jobs j
    SET status = 'RUNNING', attempts = j.attempts + 1, heartbeat_at = now(),
        started_at = coalesce(j.started_at, now())
    FROM (
        SELECT q.workspace_id, q.id FROM jobs q
        WHERE q.status = 'QUEUED'
           OR (q.status = 'RUNNING' AND q.heartbeat_at < now() - make_interval(secs => lease_seconds))
        ORDER BY q.created_at, q.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    ) picked
    WHERE j.workspace_id = picked.workspace_id AND j.id = picked.id
    RETURNING j.workspace_id, j.id, j.attempts
$$
"""
EXPIRE = """
CREATE FUNCTION contactcard_expire_jobs() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH gone AS (DELETE FROM jobs WHERE expires_at < now() RETURNING 1) SELECT count(*)::integer FROM gone
$$
"""


def upgrade() -> None:
    op.drop_table("export_jobs")
    op.create_table(
        "jobs",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("token_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "job_kind",
                "EXPORT",
                "CONTACTS_CLOSE",
                "CONTACTS_TRANSFER",
                "CONTACTS_TAGS_ADD",
                "CONTACTS_TAGS_REMOVE",
                "CONTACTS_DELETE",
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            _enum("job_status", "QUEUED", "RUNNING", "DONE", "FAILED"),
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
        sa.Column(
            "result",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_jobs_workspace_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_jobs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_jobs")),
    )
    op.create_index(
        "ix_jobs_ws_user_id_created_at_desc_id_desc",
        "jobs",
        ["workspace_id", "user_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index(
        "ix_jobs_ws_created_at",
        "jobs",
        ["workspace_id", "created_at"],
        postgresql_where=sa.text("status IN ('QUEUED', 'RUNNING')"),
    )
    op.create_table(
        "job_chunks",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "job_id"],
            ["jobs.workspace_id", "jobs.id"],
            name=op.f("fk_job_chunks_workspace_id_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_job_chunks_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "job_id", "seq", name=op.f("pk_job_chunks")),
    )
    # Chunks are written once and read once, whole: keep them out of the TOAST compression (CSV of a big
    # export compresses well, but pglz on every 256 KB chunk costs more CPU than the disk it saves here).
    op.execute("ALTER TABLE job_chunks ALTER COLUMN data SET STORAGE EXTERNAL")
    for table in ("jobs", "job_chunks"):
        _tenant(table)
    op.execute(CLAIM)
    op.execute(EXPIRE)
    for function in ("contactcard_claim_job(integer)", "contactcard_expire_jobs()"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS contactcard_claim_job(integer)")
    op.execute("DROP FUNCTION IF EXISTS contactcard_expire_jobs()")
    op.drop_table("job_chunks")
    op.drop_table("jobs")
    op.create_table(
        "export_jobs",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "status",
            _enum("export_status", "QUEUED", "RUNNING", "DONE", "FAILED"),
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
        sa.ForeignKeyConstraint(["workspace_id", "file_id"], ["files.workspace_id", "files.id"]),
        sa.ForeignKeyConstraint(
            ["workspace_id", "user_id"], ["users.workspace_id", "users.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workspace_id", "id"),
    )
    _tenant("export_jobs")
