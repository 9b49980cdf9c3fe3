"""Per-user and per-workspace settings: card layouts (versioned), saved list views, export jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import (
    Base,
    TenantMixin,
    WorkspaceMixin,
    tenant_fk,
    tenant_index,
    text_enum,
    utcnow_column,
)
from contactcard.db.enums import ExportStatus, LayoutScope, Role


class CardLayout(TenantMixin, Base):
    """One layer of card layout: the workspace default, a role's default, or a user's own.
    `subject` is `workspace`, `role:<ROLE>` or `user:<id>`, unique per workspace."""

    __tablename__ = "card_layouts"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_fk("updated_by_id", "users"),
        UniqueConstraint("workspace_id", "subject"),
    )

    subject: Mapped[str] = mapped_column(String(64))
    scope: Mapped[LayoutScope] = mapped_column(text_enum(LayoutScope, "layout_scope"))
    role: Mapped[Role | None] = mapped_column(text_enum(Role, "layout_role"))
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    panels: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    locked: Mapped[bool] = mapped_column(Boolean, server_default="false")
    updated_by_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = utcnow_column()


class CardLayoutVersion(WorkspaceMixin, Base):
    """Every earlier version of a layout, kept for listing and rollback."""

    __tablename__ = "card_layout_versions"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "layout_id", "version"),
        tenant_fk("layout_id", "card_layouts", ondelete="CASCADE"),
        tenant_fk("created_by_id", "users"),
    )

    layout_id: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(Integer)
    panels: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    locked: Mapped[bool] = mapped_column(Boolean)
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()


class ListView(TenantMixin, Base):
    __tablename__ = "list_views"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_index("list_views", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    columns: Mapped[list[str]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    sort: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    page_size: Mapped[int] = mapped_column(Integer, server_default="20")
    shared: Mapped[bool] = mapped_column(Boolean, server_default="false")
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()


class ListViewDefault(WorkspaceMixin, Base):
    """The view a user's contact list opens with (their own or a shared one); gone with the view."""

    __tablename__ = "list_view_defaults"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "user_id"),
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_fk("view_id", "list_views", ondelete="CASCADE"),
        tenant_index("list_view_defaults", "view_id"),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    view_id: Mapped[int] = mapped_column(BigInteger)


class ExportJob(TenantMixin, Base):
    """A durable background export; any worker may claim a QUEUED job."""

    __tablename__ = "export_jobs"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_fk("file_id", "files"),
        tenant_index("export_jobs", "status", "created_at"),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[ExportStatus] = mapped_column(
        text_enum(ExportStatus, "export_status"), server_default=ExportStatus.QUEUED.value
    )
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    processed: Mapped[int] = mapped_column(Integer, server_default="0")
    total: Mapped[int | None] = mapped_column(Integer)
    file_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = utcnow_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
