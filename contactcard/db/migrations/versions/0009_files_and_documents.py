"""files on the card and documents: files belong to a contact, documents have a status and a file

`files.contact_id` (backfilled from the comments that attach them; a file no comment attaches had no
contact to show it and goes), indexes for the files panel and for "does anything still use these bytes";
`documents` (title, DRAFT/SENT/SIGNED, an optional file: deleting the file empties it); the workspace's
upload limit (`max_upload_bytes`, 200 MB).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

CURRENT_WORKSPACE = "nullif(current_setting('contactcard.workspace_id', true), '')::bigint"
BACKFILL = """
UPDATE files f SET contact_id = a.contact_id
FROM (
    SELECT DISTINCT ON (workspace_id, file_id) workspace_id, contact_id, file_id
    FROM (SELECT workspace_id, contact_id, unnest(attachment_file_ids) AS file_id FROM history_entries
          WHERE contact_id IS NOT NULL AND cardinality(attachment_file_ids) > 0) attached
    ORDER BY workspace_id, file_id
) a
WHERE f.workspace_id = a.workspace_id AND f.id = a.file_id
"""


def upgrade() -> None:
    op.add_column(
        "workspaces",
        sa.Column("max_upload_bytes", sa.BigInteger(), server_default=str(200 * 1024 * 1024), nullable=False),
    )
    op.add_column("files", sa.Column("contact_id", sa.BigInteger(), nullable=True))
    op.execute(BACKFILL)
    op.execute("DELETE FROM files WHERE contact_id IS NULL")
    op.alter_column("files", "contact_id", nullable=False)
    op.create_foreign_key(
        "files_workspace_id_contact_id_fkey",
        "files",
        "contacts",
        ["workspace_id", "contact_id"],
        ["workspace_id", "id"],
        ondelete="CASCADE",
    )
    op.create_index(
        "ix_files_ws_contact_id_created_at_desc_id_desc",
        "files",
        ["workspace_id", "contact_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index("ix_files_ws_storage_key", "files", ["workspace_id", "storage_key"])
    op.create_table(
        "documents",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "SENT",
                "SIGNED",
                name="document_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            server_default="DRAFT",
            nullable=False,
        ),
        sa.Column("file_id", sa.BigInteger(), nullable=True),
        sa.Column("created_by_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id", "contact_id"],
            ["contacts.workspace_id", "contacts.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "file_id"],
            ["files.workspace_id", "files.id"],
            ondelete="SET NULL (file_id)",
        ),
        sa.ForeignKeyConstraint(["workspace_id", "created_by_id"], ["users.workspace_id", "users.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workspace_id", "id"),
    )
    op.create_index(
        "ix_documents_ws_contact_id_created_at_desc_id_desc",
        "documents",
        ["workspace_id", "contact_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index("ix_documents_ws_file_id", "documents", ["workspace_id", "file_id"])
    op.execute("ALTER TABLE documents ENABLE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant ON documents USING (workspace_id = {CURRENT_WORKSPACE}) "
        f"WITH CHECK (workspace_id = {CURRENT_WORKSPACE})"
    )


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_index("ix_files_ws_storage_key", table_name="files")
    op.drop_index("ix_files_ws_contact_id_created_at_desc_id_desc", table_name="files")
    op.drop_constraint("files_workspace_id_contact_id_fkey", "files", type_="foreignkey")
    op.drop_column("files", "contact_id")
    op.drop_column("workspaces", "max_upload_bytes")
