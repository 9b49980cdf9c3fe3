"""Contacts and what identifies them: channels, companies, tags, custom fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
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
from contactcard.db.enums import ChannelKind, ContactSource, ContactStatus, FieldType


class Contact(TenantMixin, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        tenant_fk("assigned_user_id", "users"),
        tenant_fk("group_id", "groups"),
        tenant_fk("merged_into_id", "contacts"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        # The list, newest first, with a stable tie-breaker.
        tenant_index("contacts", text("created_at DESC"), text("id DESC")),
        tenant_index("contacts", "assigned_user_id"),
        tenant_index("contacts", "group_id"),
    )

    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[ContactSource] = mapped_column(text_enum(ContactSource, "contact_source"))
    status: Mapped[ContactStatus] = mapped_column(
        text_enum(ContactStatus, "contact_status"), server_default=ContactStatus.OPEN.value
    )
    close_reason: Mapped[str | None] = mapped_column(Text)
    interest: Mapped[str | None] = mapped_column(String(200))
    assigned_user_id: Mapped[int | None] = mapped_column(BigInteger)
    group_id: Mapped[int | None] = mapped_column(BigInteger)
    score: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    birthday: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(300))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = utcnow_column()
    updated_at: Mapped[datetime] = utcnow_column()
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(BigInteger)
    student_blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Blocked from the workspace's courses (EDU): no new enrollments, completion data dropped."""


class ContactChannel(TenantMixin, Base):
    """An email, phone or messenger handle. The first added of a kind is primary until changed."""

    __tablename__ = "contact_channels"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_index("contact_channels", "contact_id", "kind", "position"),
        tenant_index("contact_channels", "kind", "normalized"),
        tenant_index(
            "contact_channels_primary",
            "contact_id",
            "kind",
            unique=True,
            postgresql_where=text("is_primary"),
        ),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[ChannelKind] = mapped_column(text_enum(ChannelKind, "channel_kind"))
    platform: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(320))
    normalized: Mapped[str] = mapped_column(String(320))
    is_primary: Mapped[bool] = mapped_column(Boolean, server_default="false")
    position: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = utcnow_column()


class Company(TenantMixin, Base):
    __tablename__ = "companies"
    __table_args__ = (tenant_index("companies", "name"),)

    name: Mapped[str] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = utcnow_column()


class ContactCompany(WorkspaceMixin, Base):
    __tablename__ = "contact_companies"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "contact_id", "company_id"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("company_id", "companies", ondelete="CASCADE"),
        tenant_index("contact_companies", "company_id"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    company_id: Mapped[int] = mapped_column(BigInteger)
    job_title: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, server_default="0")


class Tag(TenantMixin, Base):
    """A label; names are unique per workspace without regard to case (`VIP` and `vip` are one tag)."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), Computed("lower(name)", persisted=True))
    color: Mapped[str | None] = mapped_column(String(16))


class ContactTag(WorkspaceMixin, Base):
    __tablename__ = "contact_tags"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "contact_id", "tag_id"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("tag_id", "tags", ondelete="CASCADE"),
        tenant_index("contact_tags", "tag_id"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    tag_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()


class CustomField(TenantMixin, Base):
    """A workspace's definition of a contact field; values live in `contacts.attributes[key]`."""

    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    type: Mapped[FieldType] = mapped_column(text_enum(FieldType, "field_type"))
    required: Mapped[bool] = mapped_column(Boolean, server_default="false")
    options: Mapped[list[str]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    position: Mapped[int] = mapped_column(Integer, server_default="0")


class ContactTombstone(WorkspaceMixin, Base):
    """What is left of a forgotten contact (GDPR erasure): its id, when and by whom; nothing personal."""

    __tablename__ = "contact_tombstones"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "contact_id"),
        tenant_fk("forgotten_by_id", "users"),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    forgotten_at: Mapped[datetime] = utcnow_column()
    forgotten_by_id: Mapped[int | None] = mapped_column(BigInteger)
