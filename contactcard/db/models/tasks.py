"""Tasks and the contacts a task is about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, PrimaryKeyConstraint, String, Text, text
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
from contactcard.db.enums import TaskStatus


class Task(TenantMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        tenant_fk("assignee_id", "users"),
        tenant_fk("created_by_id", "users"),
        tenant_index("tasks", "assignee_id", "status", "due_at"),
    )

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[TaskStatus] = mapped_column(
        text_enum(TaskStatus, "task_status"), server_default=TaskStatus.OPEN.value
    )
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = utcnow_column()
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TaskContact(WorkspaceMixin, Base):
    """A task's link to a contact, with the task's `created_at` copied for the per-contact index."""

    __tablename__ = "task_contacts"
    __table_args__ = (
        PrimaryKeyConstraint("workspace_id", "task_id", "contact_id"),
        tenant_fk("task_id", "tasks", ondelete="CASCADE"),
        tenant_fk("contact_id", "contacts", ondelete="CASCADE"),
        tenant_index("task_contacts", "contact_id", text("task_created_at DESC"), text("task_id DESC")),
    )

    task_id: Mapped[int] = mapped_column(BigInteger)
    contact_id: Mapped[int] = mapped_column(BigInteger)
    task_created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
