"""GDPR: forget a contact (erase every datum about them, leave a tombstone and an audit entry) and export
everything held about one (as one JSON document).

Forgetting takes the contacts merged into the contact with it (the same person). The audit entry is a
change event on the admin's own history, naming the contact by id and what was erased; nothing personal.
A dry run erases, counts and rolls back: it reports exactly what the real run then erases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contactcard.db.writes import erasure as erasure_sql
from contactcard.domain.errors import ContactCode
from contactcard.domain.text import camel
from contactcard.loaders.export import export_contact
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.file_writes import release_after_commit
from contactcard.resolvers.ids import pk_of, to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import ADMINISTER_WORKSPACE

_LOADERS = (
    "tags_by_contact",
    "company_links_by_contact",
    "deal_totals_by_contact",
    "purchase_totals_by_contact",
    "consent_states_by_contact",
)


@dataclass(frozen=True)
class Forgotten:
    contact_ids: list[str]
    """The contact and the contacts merged into it, all erased."""
    dry_run: bool
    erased: dict[str, int]


@mutation(ADMINISTER_WORKSPACE, ContactCode, invalidates=_LOADERS)
async def forget(unit: Unit, contact_id: str, dry_run: bool) -> Forgotten:
    contact = await unit.contact(contact_id, "input.contactId")
    ids = await erasure_sql.merged_into(unit.conn, unit.workspace_id, contact.id)
    refs = [to_global_id("Contact", pk) for pk in ids]
    erased = await erasure_sql.counts(unit.conn, unit.workspace_id, ids)
    keys = await erasure_sql.erase(unit.conn, unit.workspace_id, ids, unit.viewer.user_id, refs)
    audit = {"contactIds": refs, "erased": {camel(name): count for name, count in erased.items()}}
    unit.changed("contactForgotten", None, audit, user_id=unit.viewer.user_id)
    unit.dry_run = dry_run
    if unit.ctx.files is not None:  # once the rows are gone for good, the files' bytes go too
        release_after_commit(unit, keys)
    return Forgotten(refs, dry_run, erased)


SECTION_TYPES = {
    "contact": "Contact", "channels": "Channel", "history": "HistoryEntry", "payments": "Payment",
    "paymentLinks": "PaymentLink", "calls": "Call", "timeline": "TimelineEvent", "consents": "ConsentRecord",
    "tags": "Tag", "companies": "Company", "deals": "Deal", "tasks": "Task", "courses": "Enrollment",
    "files": "File", "documents": "Document",
}  # fmt: skip
"""The type of each export section's records: their `id` is written as that type's global id."""
REFERENCES = {
    "assigned_user_id": "User", "author_id": "User", "user_id": "User", "recorded_by_id": "User",
    "responsible_user_id": "User", "assignee_id": "User", "created_by_id": "User", "uploaded_by_id": "User",
    "subject_user_id": "User", "group_id": "Group", "pipeline_id": "Pipeline", "stage_id": "PipelineStage",
    "course_id": "Course", "deal_id": "Deal", "payment_id": "Payment", "merged_into_id": "Contact",
    "file_id": "File",
}  # fmt: skip
"""Columns that refer to another record, written as its global id."""


def _api_record(type_name: str, record: dict[str, Any]) -> dict[str, Any]:
    """A row as the API speaks: camelCase keys, ids and references as global ids."""
    shaped: dict[str, Any] = {}
    for key, value in record.items():
        if key == "id":
            shaped["id"] = to_global_id(type_name, value)
        elif key in REFERENCES:
            shaped[camel(key[: -len("_id")]) + "Id"] = (
                None if value is None else to_global_id(REFERENCES[key], value)
            )
        elif key == "mention_user_ids":
            shaped["mentionIds"] = [to_global_id("User", pk) for pk in value]
        elif key == "attachment_file_ids":
            shaped["attachmentIds"] = [to_global_id("File", pk) for pk in value]
        else:
            shaped[camel(key)] = value
    return shaped


async def export(ctx: RequestContext, contact_id: str) -> dict[str, Any] | None:
    """Every datum held about a contact the viewer sees (None for any other id)."""
    pk = pk_of(contact_id, "Contact")
    if pk is None or await ctx.loaders.contact_by_id.load(pk) is None:
        return None
    document = await export_contact(ctx.loaders.env.engine, ctx.viewer.workspace_id, pk)
    shaped: dict[str, Any] = {
        "contact": _api_record("Contact", document["contact"]),
        "fields": document["fields"],
    }
    for section, type_name in SECTION_TYPES.items():
        if section != "contact":
            shaped[section] = [_api_record(type_name, record) for record in document[section]]
    return shaped
