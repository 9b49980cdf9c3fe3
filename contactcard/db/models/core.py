"""Workspaces, groups, users and API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Identity, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import Base, TenantMixin, tenant_fk, tenant_index, text_enum, utcnow_column
from contactcard.db.enums import Role


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64), server_default="UTC")
    default_currency: Mapped[str] = mapped_column(String(3), server_default="USD")
    default_region: Mapped[str] = mapped_column(String(2), server_default="US")
    """ISO 3166 country whose numbering plan phone numbers without a `+` country code are read in."""
    max_upload_bytes: Mapped[int] = mapped_column(BigInteger, server_default=str(200 * 1024 * 1024))
    """The largest file a user may upload (the seeds' 200 MB by default)."""
    created_at: Mapped[datetime] = utcnow_column()


class Group(TenantMixin, Base):
    """A team; groups nest (`parent_id`), and a manager sees the contacts of their group's whole subtree."""

    __tablename__ = "groups"
    __table_args__ = (
        tenant_fk("parent_id", "groups", ondelete="CASCADE"),
        UniqueConstraint("workspace_id", "name"),
        tenant_index("groups", "parent_id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()


class User(TenantMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        tenant_fk("group_id", "groups"),
        UniqueConstraint("workspace_id", "email"),
        tenant_index("users", "group_id"),
    )

    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(text_enum(Role, "user_role"))
    group_id: Mapped[int | None] = mapped_column(BigInteger)
    avatar_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = utcnow_column()
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(TenantMixin, Base):
    """A bearer token `cc_<workspace>_<secret>`; only the SHA-256 of the whole token is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        tenant_fk("user_id", "users", ondelete="CASCADE"),
        UniqueConstraint("workspace_id", "token_hash"),
        tenant_index("api_tokens", "user_id"),
    )

    user_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(32))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    created_at: Mapped[datetime] = utcnow_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
