"""Everything held about one contact, for `contactExport` (GDPR access): its row and every tab's rows.

Read in one transaction (a consistent snapshot); the caller has checked that the viewer sees the contact.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.db.models import (
    Call,
    Company,
    Consent,
    Contact,
    ContactChannel,
    ContactCompany,
    ContactTag,
    Course,
    CustomField,
    Deal,
    DealContact,
    Document,
    Enrollment,
    File,
    HistoryEntry,
    Payment,
    PaymentLink,
    Tag,
    Task,
    TaskContact,
    TimelineEvent,
)
from contactcard.domain.jsonvalues import json_ready

_INTERNAL = {"workspace_id", "contact_id"}
_BY_CONTACT = {
    "channels": ContactChannel,
    "history": HistoryEntry,
    "payments": Payment,
    "paymentLinks": PaymentLink,
    "calls": Call,
    "timeline": TimelineEvent,
    "consents": Consent,
    "files": File,
    "documents": Document,
}


def _record(row: Any) -> dict[str, Any]:
    return {key: json_ready(value) for key, value in row._mapping.items() if key not in _INTERNAL}


async def export_contact(engine: AsyncEngine, workspace_id: int, contact_id: int) -> dict[str, Any]:
    ws = workspace_id
    async with engine.connect() as conn, conn.begin():
        await conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        contact = (
            await conn.execute(select(Contact).where(Contact.workspace_id == ws, Contact.id == contact_id))
        ).one()
        document: dict[str, Any] = {"contact": _record(contact)}
        for name, model in _BY_CONTACT.items():
            table: Any = model.__table__
            query = (
                select(table)
                .where(table.c.workspace_id == ws, table.c.contact_id == contact_id)
                .order_by(table.c.id)
            )
            document[name] = [_record(row) for row in await conn.execute(query)]
        of_contact: dict[str, tuple[Any, Any, Any, Any]] = {
            "tags": (select(Tag.id, Tag.name), ContactTag, ContactTag.tag_id, Tag),
            "companies": (
                select(Company.id, Company.name, ContactCompany.job_title),
                ContactCompany,
                ContactCompany.company_id,
                Company,
            ),
            "deals": (select(Deal), DealContact, DealContact.deal_id, Deal),
            "tasks": (select(Task), TaskContact, TaskContact.task_id, Task),
            "courses": (
                select(Enrollment, Course.title.label("course_title")),
                Enrollment,
                Enrollment.course_id,
                Course,
            ),
        }
        for name, (query, link, reference, target) in of_contact.items():
            joined = query.join_from(
                link, target, (target.workspace_id == link.workspace_id) & (target.id == reference)
            ).where(link.workspace_id == ws, link.contact_id == contact_id)
            document[name] = [_record(row) for row in await conn.execute(joined)]
        fields = await conn.execute(
            select(CustomField).where(CustomField.workspace_id == ws).order_by(CustomField.position)
        )
        document["fields"] = [
            {"key": f.key, "label": f.label, "value": contact.attributes.get(f.key)}
            for f in fields
            if f.key in contact.attributes
        ]
    return document
