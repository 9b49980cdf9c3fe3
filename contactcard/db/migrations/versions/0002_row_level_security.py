"""row-level security: an application role and a tenant policy on every table

The application's request connections switch to the role `contactcard_app`, which neither owns the tables
nor bypasses row-level security. Every tenant table lets it see and write only the rows of the workspace
named by the per-transaction setting `contactcard.workspace_id` (set with `set_config(..., true)` at the
start of each transaction); without the setting it sees nothing. Migrations, the seeder and the CLI run as
the owner, which the policies do not restrict.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

APP_ROLE = "contactcard_app"
CURRENT_WORKSPACE = "nullif(current_setting('contactcard.workspace_id', true), '')::bigint"
TENANT_TABLES = (
    "api_tokens", "calls", "card_layout_versions", "card_layouts", "companies", "consents", "contact_channels",
    "contact_companies", "contact_tags", "contacts", "courses", "custom_fields", "deal_contacts", "deals",
    "enrollments", "export_jobs", "files", "groups", "history_entries", "list_views", "notifications",
    "payment_links", "payments", "pipeline_stages", "pipelines", "tags", "task_contacts", "tasks",
    "timeline_events", "users",
)  # fmt: skip


def upgrade() -> None:
    # A role belongs to the whole server: create it once, whichever database migrates first.
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF;
        EXCEPTION WHEN duplicate_object THEN NULL;
        END $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {APP_ROLE}")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}"
    )
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}")
    op.execute("ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant ON workspaces USING (id = {CURRENT_WORKSPACE})")
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant ON {table} "
            f"USING (workspace_id = {CURRENT_WORKSPACE}) WITH CHECK (workspace_id = {CURRENT_WORKSPACE})"
        )


def downgrade() -> None:
    for table in (*TENANT_TABLES, "workspaces"):
        op.execute(f"DROP POLICY IF EXISTS tenant ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {APP_ROLE}"
    )
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")
