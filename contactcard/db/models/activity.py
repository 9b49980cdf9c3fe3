"""History (comments and change events), files, documents and notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import Base, TenantMixin, tenant_fk, tenant_index, text_enum, utcnow_column
from contactcard.db.enums import DocumentStatus, HistoryKind


class File(TenantMixin, Base):
    """A file on a contact's card. Its bytes are in the file store under `storage_key`
    (`<workspace id>/<SHA-256 of the bytes>`): files with the same bytes share them."""

    __tablename__ = "files"
    __table_args__ = (
        tenant_fk("uploaded_by_id", "users"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_index("files", "contact_id", text("created_at DESC"), text("id DESC")),
        tenant_index("files", "storage_key"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()


class Document(TenantMixin, Base):
    """A document about a contact (a contract, an offer): a title, where it stands, and its file."""

    __tablename__ = "documents"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("file_id", "files", ondelete="SET NULL (file_id)"),
        tenant_fk("created_by_id", "users"),
        tenant_index("documents", "contact_id", text("created_at DESC"), text("id DESC")),
        tenant_index("documents", "file_id"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[DocumentStatus] = mapped_column(
        text_enum(DocumentStatus, "document_status"), server_default=DocumentStatus.DRAFT.value
    )
    file_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


class HistoryEntry(TenantMixin, Base):
    """A comment, or a change event written by a mutation, on a contact or (layout edits) on a user."""

    __tablename__ = "history_entries"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("subject_user_id", "users", ondelete="CASCADE"),
        tenant_fk("author_id", "users"),
        CheckConstraint("contact_id IS NOT NULL OR subject_user_id IS NOT NULL", name="has_subject"),
        tenant_index("history_entries", "contact_id", text("created_at DESC"), text("id DESC")),
        tenant_index("history_entries", "contact_id", "kind", text("created_at DESC"), text("id DESC")),
        tenant_index("history_entries", "subject_user_id", text("created_at DESC"), text("id DESC")),
    )

    contact_id: Mapped[int | None] = mapped_column(BigInteger)
    subject_user_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[HistoryKind] = mapped_column(text_enum(HistoryKind, "history_kind"))
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    body: Mapped[str | None] = mapped_column(Text)
    mention_user_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), server_default="{}")
    attachment_file_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), server_default="{}")
    # Change events: what changed (`field`), and its value before and after.
    field: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[Any | None] = mapped_column(JSONB)
    after: Mapped[Any | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = utcnow_column()
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Notification(TenantMixin, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_index("notifications", "user_id", text("created_at DESC"), text("id DESC")),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = utcnow_column()
