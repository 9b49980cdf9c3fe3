"""What a contact did (timeline events) and what they agreed to (the consent log)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Numeric, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from contactcard.db.base import Base, TenantMixin, tenant_fk, tenant_index, text_enum, utcnow_column
from contactcard.db.enums import ConsentChannel, ConsentState, TimelineEventType


class TimelineEvent(TenantMixin, Base):
    __tablename__ = "timeline_events"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        CheckConstraint("currency IS NULL OR currency ~ '^[A-Z]{3}$'", name="currency_iso"),
        tenant_index("timeline_events", "contact_id", text("occurred_at DESC"), text("id DESC")),
        tenant_index("timeline_events", "contact_id", "type", text("occurred_at DESC"), text("id DESC")),
        tenant_index(
            "timeline_events_external",
            "external_id",
            unique=True,
            postgresql_where=text("external_id IS NOT NULL"),
        ),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[TimelineEventType] = mapped_column(text_enum(TimelineEventType, "timeline_event_type"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Purchases carry money in columns (never a float in JSON); everything else is in `properties`.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    properties: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    external_id: Mapped[str | None] = mapped_column(String(200))
    """The sender's event id: ingesting an event again changes nothing."""


class Consent(TenantMixin, Base):
    """Append-only: a change of consent is a new row; the current state per channel is the latest row.
    The migration installs a trigger that refuses UPDATE."""

    __tablename__ = "consents"
    __table_args__ = (
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_fk("recorded_by_id", "users"),
        tenant_index("consents", "contact_id", "channel", text("recorded_at DESC"), text("id DESC")),
        tenant_index("consents", "contact_id", text("recorded_at DESC"), text("id DESC")),
    )

    contact_id: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[ConsentChannel] = mapped_column(text_enum(ConsentChannel, "consent_channel"))
    state: Mapped[ConsentState] = mapped_column(text_enum(ConsentState, "consent_state"))
    source: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = utcnow_column()
