"""Duplicates of a contact, and merging contacts into one.

A merge moves every tab's rows of the sources to the target, gives the target the sources' channels, tags
and companies it lacks (its own primaries stay primary), fills the target's empty fields and custom field
values from the sources, and marks the sources merged into it (they disappear, like deleted contacts). The
target's history records the merge with what moved; each source's records where it went. A dry run does
all of it and rolls back, so it reports exactly what the real run would move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contactcard.db.models import Contact
from contactcard.db.writes import contacts as contact_sql
from contactcard.db.writes import merge as merge_sql
from contactcard.db.writes import records
from contactcard.domain.channels import ChannelValue
from contactcard.domain.errors import ContactCode, UserError
from contactcard.domain.text import camel
from contactcard.loaders.duplicates import NAME_THRESHOLD, duplicates_of
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of, to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.pagination import page_size
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_SOURCES = 10
MAX_DUPLICATES = 50
FILLED = ("first_name", "last_name", "interest", "location", "birthday")
_LOADERS = (
    "tags_by_contact", "company_links_by_contact", "deal_totals_by_contact", "purchase_totals_by_contact",
    "consent_states_by_contact", "history", "deals", "tasks", "payments", "paymentLinks", "calls", "courses",
    "timeline", "consentLog", "dealContacts", "taskContacts",
)  # fmt: skip


@dataclass(frozen=True)
class Duplicate:
    contact_id: int
    reasons: list[str]
    """EMAIL, PHONE (a normalised channel in common), NAME (similar name)."""
    score: float


async def duplicates(ctx: RequestContext, contact_id: str, first: int | None) -> list[Duplicate] | None:
    """The likeliest duplicates the viewer sees (None when the contact is not one of theirs)."""
    limit = page_size(first, maximum=MAX_DUPLICATES)
    pk = pk_of(contact_id, "Contact")
    if pk is None or await ctx.loaders.contact_by_id.load(pk) is None:
        return None
    found = []
    for row in await duplicates_of(ctx.loaders.env, pk, limit):
        shared = sorted(row.shared_kinds or [])
        named = row.name_score >= NAME_THRESHOLD
        score = 1.0 if shared else float(row.name_score)
        found.append(Duplicate(row.id, [*shared, *(["NAME"] if named else [])], round(score, 3)))
    return found


@dataclass(frozen=True)
class Merged:
    target_id: int
    dry_run: bool
    moved: dict[str, int]
    """Per panel or part of the identity (`MergeSummary`'s fields), how many rows moved to the target."""


def _check_ids(unit: Unit, target_id: str, source_ids: list[str]) -> None:
    errors: list[UserError] = []
    if not 1 <= len(source_ids) <= MAX_SOURCES:
        errors.append(
            UserError("input.sourceIds", ContactCode.TOO_MANY, f"1 to {MAX_SOURCES} contacts to merge in")
        )
    if len(set(source_ids)) != len(source_ids):
        errors.append(UserError("input.sourceIds", ContactCode.INVALID_VALUE, "a contact is named twice"))
    if target_id in source_ids:
        errors.append(
            UserError("input.sourceIds", ContactCode.INVALID_VALUE, "the target cannot merge into itself")
        )
    unit.check(errors)


async def _channels(unit: Unit, target: int, sources: list[int]) -> dict[str, int]:
    """Move the sources' channels the target lacks (as non-primary, after its own); drop the rest."""
    existing = list(await contact_sql.channels_of(unit.conn, unit.workspace_id, target))
    have = {(c.kind, c.normalized) for c in existing}
    moved = {"emails": 0, "phones": 0, "messengers": 0}
    added: list[ChannelValue] = []
    for source in sources:
        for channel in await contact_sql.channels_of(unit.conn, unit.workspace_id, source):
            if (channel.kind, channel.normalized) in have:
                continue
            have.add((channel.kind, channel.normalized))
            added.append(ChannelValue(channel.kind, channel.value, channel.normalized, channel.platform))
            moved[f"{channel.kind.value.lower()}s"] += 1
    await contact_sql.add_channels(unit.conn, unit.workspace_id, target, existing, added)
    return moved


@mutation(EDIT_RECORDS, ContactCode, invalidates=_LOADERS)
async def merge(unit: Unit, target_id: str, source_ids: list[str], dry_run: bool) -> Merged:
    _check_ids(unit, target_id, source_ids)
    target = await unit.contact(target_id, "input.targetId")
    rows = [await unit.contact(source_id, f"input.sourceIds.{i}") for i, source_id in enumerate(source_ids)]
    sources = [int(row.id) for row in rows]
    ws, conn = unit.workspace_id, unit.conn
    moved = {
        name: await merge_sql.move_rows(conn, ws, model, sources, target.id)
        for name, model in merge_sql.MOVED_BY_CONTACT.items()
    }
    for name, (model, record) in merge_sql.LINKS.items():
        moved[name] = await merge_sql.move_unique(conn, ws, model, record, sources, target.id)
    moved["consents"] = await merge_sql.copy_consents(conn, ws, sources, target.id)
    for name, (model, record) in merge_sql.UNIONS.items():
        moved[name] = await merge_sql.union_links(conn, ws, model, record, sources, target.id)
    moved.update(await _channels(unit, target.id, sources))
    filled: dict[str, Any] = {}
    attributes = dict(target.attributes)
    for row in rows:
        for name in FILLED:
            if (
                getattr(target, name) in (None, "")
                and name not in filled
                and getattr(row, name) not in (None, "")
            ):
                filled[name] = getattr(row, name)
        for key, value in row.attributes.items():
            attributes.setdefault(key, value)
    moved["fields"] = len(attributes) - len(target.attributes) + len(filled)
    await records.update_row(conn, Contact, ws, target.id, {**filled, "attributes": attributes})
    for source in sources:
        await records.update_row(conn, Contact, ws, source, {"merged_into_id": target.id})
        unit.changed("mergedInto", None, to_global_id("Contact", target.id), contact_id=source)
    merged_from = [to_global_id("Contact", source) for source in sources]
    counts = {camel(name): count for name, count in moved.items()}
    unit.changed("merged", None, {"from": merged_from, "moved": counts}, contact_id=target.id)
    unit.dry_run = dry_run
    return Merged(int(target.id), dry_run, moved)
