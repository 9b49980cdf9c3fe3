"""Payments and payment links, calls, courses and enrollments: the per-contact record tabs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import Base, TenantMixin, tenant_fk, tenant_index, text_enum, utcnow_column
from contactcard.db.enums import CallDirection, CallStatus, EnrollmentStatus, PaymentStatus


class Payment(TenantMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("deal_id", "deals"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso"),
        tenant_index("payments", "contact_id", text("created_at DESC"), text("id DESC")),
        tenant_index(
            "payments_external",
            "provider",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    deal_id: Mapped[int | None] = mapped_column(BigInteger)
    provider: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[PaymentStatus] = mapped_column(text_enum(PaymentStatus, "payment_status"))
    external_id: Mapped[str | None] = mapped_column(String(200))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = utcnow_column()


class PaymentLink(TenantMixin, Base):
    __tablename__ = "payment_links"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("deal_id", "deals"),
        tenant_fk("payment_id", "payments"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso"),
        tenant_index("payment_links", "contact_id", text("created_at DESC"), text("id DESC")),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    deal_id: Mapped[int | None] = mapped_column(BigInteger)
    payment_id: Mapped[int | None] = mapped_column(BigInteger)
    provider: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = utcnow_column()


class Call(TenantMixin, Base):
    __tablename__ = "calls"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("user_id", "users"),
        CheckConstraint("duration_seconds >= 0", name="duration_nonnegative"),
        tenant_index("calls", "contact_id", text("started_at DESC"), text("id DESC")),
        tenant_index(
            "calls_external", "external_id", unique=True, postgresql_where=text("external_id IS NOT NULL")
        ),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    direction: Mapped[CallDirection] = mapped_column(text_enum(CallDirection, "call_direction"))
    status: Mapped[CallStatus] = mapped_column(text_enum(CallStatus, "call_status"))
    phone_number: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[int] = mapped_column(Integer, server_default="0")
    recording_url: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(200))
    """The telephony system's id of the call: logging it again returns the same call."""


class Course(TenantMixin, Base):
    __tablename__ = "courses"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    lesson_count: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = utcnow_column()


class Enrollment(TenantMixin, Base):
    __tablename__ = "enrollments"
    __table_args__ = (
        tenant_fk("course_id", "courses", ondelete="CASCADE"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        UniqueConstraint("workspace_id", "course_id", "contact_id"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        tenant_index("enrollments", "contact_id", text("enrolled_at DESC"), text("id DESC")),
    )

    course_id: Mapped[int] = mapped_column(BigInteger)
    contact_id: Mapped[int] = mapped_column(BigInteger)
    progress: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    status: Mapped[EnrollmentStatus] = mapped_column(
        text_enum(EnrollmentStatus, "enrollment_status"), server_default=EnrollmentStatus.ACTIVE.value
    )
    blocked: Mapped[bool] = mapped_column(Boolean, server_default="false")
    enrolled_at: Mapped[datetime] = utcnow_column()
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
