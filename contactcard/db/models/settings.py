"""Per-user and per-workspace settings: card layouts (versioned), saved list views, background jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Integer,
    LargeBinary,
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
from contactcard.db.enums import JobKind, JobStatus, LayoutScope, Role


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


class Job(TenantMixin, Base):
    """A durable background job (an export, a bulk action on a filter): any worker process may claim a
    QUEUED one, or a RUNNING one whose worker stopped beating (`contactcard.jobs.queue`)."""

    __tablename__ = "jobs"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        tenant_index("jobs", "user_id", text("created_at DESC"), text("id DESC")),
        tenant_index("jobs", "created_at", postgresql_where=text("status IN ('QUEUED', 'RUNNING')")),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    token_id: Mapped[int] = mapped_column(BigInteger)
    """The token it was asked with: the job runs as that token (and stops if it is revoked)."""
    kind: Mapped[JobKind] = mapped_column(text_enum(JobKind, "job_kind"))
    status: Mapped[JobStatus] = mapped_column(
        text_enum(JobStatus, "job_status"), server_default=JobStatus.QUEUED.value
    )
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    processed: Mapped[int] = mapped_column(Integer, server_default="0")
    total: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = utcnow_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When its file (an export's) and then the job itself are deleted."""


class JobChunk(WorkspaceMixin, Base):
    """A piece of a job's output file, in order: exports live in PostgreSQL, so any worker can write one and
    any API process can serve it, with no shared disk."""

    __tablename__ = "job_chunks"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "job_id", "seq"),
        tenant_fk("job_id", "jobs", ondelete="CASCADE"),
    )

    job_id: Mapped[int] = mapped_column(BigInteger)
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
