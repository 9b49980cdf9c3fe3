"""Pipelines, their stages, deals and the contacts of a deal."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    text,
)
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
from contactcard.db.enums import DealStatus


class Pipeline(TenantMixin, Base):
    __tablename__ = "pipelines"

    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, server_default="0")


class PipelineStage(TenantMixin, Base):
    __tablename__ = "pipeline_stages"
    __table_args__ = (
        tenant_fk("pipeline_id", "pipelines", ondelete="CASCADE"),
        CheckConstraint("probability BETWEEN 0 AND 100", name="probability_range"),
        tenant_index("pipeline_stages", "pipeline_id", "position"),
    )

    pipeline_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    probability: Mapped[int] = mapped_column(SmallInteger, server_default="0")


class Deal(TenantMixin, Base):
    __tablename__ = "deals"
    __table_args__ = (
        tenant_fk("responsible_user_id", "users"),
        tenant_fk("pipeline_id", "pipelines"),
        tenant_fk("stage_id", "pipeline_stages"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso"),
        tenant_index("deals", "stage_id"),
        tenant_index("deals", "responsible_user_id"),
    )

    name: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2), server_default="0")
    currency: Mapped[str] = mapped_column(String(3))
    responsible_user_id: Mapped[int | None] = mapped_column(BigInteger)
    pipeline_id: Mapped[int] = mapped_column(BigInteger)
    stage_id: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[DealStatus] = mapped_column(
        text_enum(DealStatus, "deal_status"), server_default=DealStatus.OPEN.value
    )
    created_at: Mapped[datetime] = utcnow_column()
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(Text)


class DealContact(WorkspaceMixin, Base):
    """A deal's link to a contact. `deal_created_at` is the deal's, copied so a contact's newest deals are one
    index range scan: `(workspace_id, contact_id, deal_created_at DESC, deal_id DESC)`."""

    __tablename__ = "deal_contacts"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "deal_id", "contact_id"),
        tenant_fk("deal_id", "deals", ondelete="CASCADE"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_index("deal_contacts", "contact_id", text("deal_created_at DESC"), text("deal_id DESC")),
    )

    deal_id: Mapped[int] = mapped_column(BigInteger)
    contact_id: Mapped[int] = mapped_column(BigInteger)
    deal_created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    position: Mapped[int] = mapped_column(Integer, server_default="0")
