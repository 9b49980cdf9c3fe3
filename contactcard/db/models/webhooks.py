"""Webhooks: where a workspace wants its events sent, and each delivery (its queue and its log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import Base, TenantMixin, tenant_fk, tenant_index, text_enum, utcnow_column
from contactcard.db.enums import DeliveryStatus


class Webhook(TenantMixin, Base):
    __tablename__ = "webhooks"
    __table_args__ = (tenant_fk("created_by_id", "users"),)

    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    secret: Mapped[str] = mapped_column(String(200))
    """The HMAC key deliveries are signed with (never shown again)."""
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()
    failures: Mapped[int] = mapped_column(Integer, server_default="0")
    """Deliveries that failed for good in a row; at the limit the webhook is disabled."""
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_reason: Mapped[str | None] = mapped_column(Text)


class WebhookDelivery(TenantMixin, Base):
    """One event for one webhook: queued with the write that caused it, tried until delivered or given up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        tenant_fk("webhook_id", "webhooks", ondelete="CASCADE"),
        tenant_index("webhook_deliveries", "webhook_id", text("created_at DESC"), text("id DESC")),
        # The pending deliveries only (few, whatever the log's size): the claim reads this index whole.
        tenant_index(
            "webhook_deliveries", "next_attempt_at", "id", postgresql_where=text("status = 'PENDING'")
        ),
    )

    webhook_id: Mapped[int] = mapped_column(BigInteger)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[DeliveryStatus] = mapped_column(
        text_enum(DeliveryStatus, "delivery_status"), server_default=DeliveryStatus.PENDING.value
    )
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = utcnow_column()
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
