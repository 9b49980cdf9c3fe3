"""What integrations write on a contact's tabs: calls (telephony), payments and payment links (providers),
course enrollments and blocked students (EDU), timeline events (trackers), consents.

Integrations retry: a call with a known external id, a payment with a known provider + external id and an
event with a known event id are answered with the record already stored, and nothing is written twice.
The same id with a different contact or amount is an IDEMPOTENCY_CONFLICT, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from contactcard.db.enums import (
    CallDirection,
    CallStatus,
    ConsentChannel,
    ConsentState,
    EnrollmentStatus,
    PaymentStatus,
    TimelineEventType,
)
from contactcard.db.models import (
    Call,
    Consent,
    Contact,
    Course,
    Enrollment,
    Payment,
    PaymentLink,
    TimelineEvent,
)
from contactcard.db.writes import records
from contactcard.domain.errors import ActivityCode, UserError
from contactcard.domain.fields import is_web_address
from contactcard.domain.text import camel
from contactcard.loaders.courses import COURSES_OF_CONTACT
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.resolvers import checks
from contactcard.resolvers.ids import pk_of, to_global_id
from contactcard.resolvers.kernel import MAX_BATCH, Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_EXTERNAL_ID = 200
MAX_PROVIDER = 64
MAX_TEXT = 2000
MAX_URL = 2000
MAX_SOURCE = 100
MAX_DURATION = 7 * 24 * 3600
MAX_PROPERTIES = 16_384
"""Bytes of one timeline event's properties as JSON."""


def _url(unit: Unit, errors: list[UserError], field: str, value: str | None) -> str | None:
    text = checks.text(unit, errors, field, value, MAX_URL)
    if text is not None and not is_web_address(text):
        errors.append(unit.error(field, "INVALID_VALUE", "an http(s):// address"))
    return text


def _conflict(unit: Unit, field: str, stored: Any, wanted: dict[str, Any]) -> None:
    """Refuse when a retried record differs from the stored one in any of `wanted`."""
    differing = [camel(name) for name, value in wanted.items() if getattr(stored, name) != value]
    if differing:
        unit.refuse(
            field,
            "IDEMPOTENCY_CONFLICT",
            f"this id was used for another record (its {', '.join(differing)} differ)",
        )


async def _insert_idempotent(
    unit: Unit, model: Any, values: dict[str, Any], key: tuple[str, ...], same: tuple[str, ...]
) -> tuple[Any, bool]:
    """Insert, or (a retry: the `key` columns, the external id last, match a stored row) answer the stored
    row, which must agree with `values` on `same`. The row and whether it is new."""
    if values[key[-1]] is None:
        return await records.insert_row(unit.conn, model, unit.workspace_id, values), True
    row, new = await records.insert_once(unit.conn, model, unit.workspace_id, values, key)
    _conflict(unit, f"input.{camel(key[-1])}", row, {name: values[name] for name in same})
    return row, new


@dataclass(frozen=True)
class CallData:
    contact_id: str
    direction: CallDirection
    status: CallStatus
    started_at: datetime
    duration_seconds: int = 0
    phone_number: str | None = None
    recording_url: str | None = None
    user_id: str | None = None
    external_id: str | None = None


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("calls",))
async def call_log(unit: Unit, data: CallData) -> int:
    """Log a call on the contact's Calls tab; a missed call has no duration."""
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", data.contact_id)
    started = checks.moment(unit, errors, "input.startedAt", data.started_at)
    if not 0 <= data.duration_seconds <= MAX_DURATION or (
        data.status is CallStatus.MISSED and data.duration_seconds
    ):
        errors.append(
            unit.error(
                "input.durationSeconds", "OUT_OF_RANGE", f"0 to {MAX_DURATION} seconds (0 when missed)"
            )
        )
    phone = checks.text(unit, errors, "input.phoneNumber", data.phone_number, 64)
    recording = _url(unit, errors, "input.recordingUrl", data.recording_url)
    user = await checks.user(unit, errors, "input.userId", data.user_id)
    external = checks.text(unit, errors, "input.externalId", data.external_id, MAX_EXTERNAL_ID)
    unit.check(errors)
    values = {
        "contact_id": contact.id,
        "user_id": user,
        "direction": data.direction,
        "status": data.status,
        "phone_number": phone,
        "started_at": started,
        "duration_seconds": data.duration_seconds,
        "recording_url": recording,
        "external_id": external,
    }
    row, new = await _insert_idempotent(unit, Call, values, ("external_id",), ("contact_id", "started_at"))
    if new:
        summary = {
            "call": to_global_id("Call", row.id),
            "direction": data.direction.value,
            "status": data.status.value,
        }
        unit.changed("calls", None, summary, contact_id=contact.id)
    return int(row.id)


@dataclass(frozen=True)
class PaymentData:
    contact_id: str
    amount: checks.MoneyLike
    provider: str
    status: PaymentStatus
    external_id: str | None = None
    description: str | None = None
    paid_at: datetime | None = None
    deal_id: str | None = None


async def _deal(unit: Unit, field: str, deal_id: str | None) -> int | None:
    """A deal the viewer sees (through one of its contacts), or NOT_FOUND on `field`."""
    return None if deal_id is None else int((await unit.record(DEALS_OF_CONTACT, deal_id, "Deal", field)).id)


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("payments",))
async def payment_record(unit: Unit, data: PaymentData) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", data.contact_id)
    money = checks.amount(unit, errors, "input.amount", data.amount)
    provider = checks.text(unit, errors, "input.provider", data.provider, MAX_PROVIDER, required=True)
    external = checks.text(unit, errors, "input.externalId", data.external_id, MAX_EXTERNAL_ID)
    description = checks.text(unit, errors, "input.description", data.description, MAX_TEXT)
    paid_at = None if data.paid_at is None else checks.moment(unit, errors, "input.paidAt", data.paid_at)
    deal = await _deal(unit, "input.dealId", data.deal_id)
    unit.check(errors)
    assert money is not None  # noqa: S101  (checked above)
    if data.status is PaymentStatus.PAID and paid_at is None:
        paid_at = datetime.now(UTC)
    values = {
        "contact_id": contact.id,
        "deal_id": deal,
        "provider": provider,
        "amount": money[0],
        "currency": money[1],
        "description": description,
        "status": data.status,
        "external_id": external,
        "paid_at": paid_at,
    }
    key, same = ("provider", "external_id"), ("contact_id", "amount", "currency")
    row, new = await _insert_idempotent(unit, Payment, values, key, same)
    if new:
        summary = {
            "payment": to_global_id("Payment", row.id),
            "amount": str(money[0]),
            "currency": money[1],
            "status": data.status.value,
        }
        unit.changed("payments", None, summary, contact_id=contact.id)
    return int(row.id)


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("paymentLinks",))
async def payment_link_create(unit: Unit, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", data["contact_id"])
    money = checks.amount(unit, errors, "input.amount", data["amount"])
    provider = checks.text(unit, errors, "input.provider", data["provider"], MAX_PROVIDER, required=True)
    url = _url(unit, errors, "input.url", data["url"])
    if url is None:
        errors.append(unit.error("input.url", "INVALID_VALUE", "a payment link needs its address"))
    description = checks.text(unit, errors, "input.description", data.get("description"), MAX_TEXT)
    expires = data.get("expires_at")
    if expires is not None and (expires.tzinfo is None or expires <= datetime.now(UTC)):
        errors.append(unit.error("input.expiresAt", "OUT_OF_RANGE", "a future moment, with its time zone"))
    deal = await _deal(unit, "input.dealId", data.get("deal_id"))
    unit.check(errors)
    assert money is not None  # noqa: S101
    row = await records.insert_row(
        unit.conn,
        PaymentLink,
        unit.workspace_id,
        {
            "contact_id": contact.id,
            "deal_id": deal,
            "provider": provider,
            "url": url,
            "amount": money[0],
            "currency": money[1],
            "description": description,
            "expires_at": expires,
        },
    )
    summary = {
        "paymentLink": to_global_id("PaymentLink", row.id),
        "amount": str(money[0]),
        "currency": money[1],
    }
    unit.changed("paymentLinks", None, summary, contact_id=contact.id)
    return int(row.id)


# -- courses ----------------------------------------------------------------------------------------------
async def _course(unit: Unit, errors: list[UserError], course_id: str) -> Any:
    pk = pk_of(course_id, "Course")
    row = None if pk is None else await records.row_by_id(unit.conn, Course, unit.workspace_id, pk)
    if row is None:
        errors.append(unit.error("input.courseId", "NOT_FOUND", "no such course"))
    return row


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("courses",))
async def enrollment_create(unit: Unit, contact_id: str, course_id: str) -> int:
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    course = await _course(unit, errors, course_id)
    unit.check(errors)
    if contact.student_blocked_at is not None:
        unit.refuse("input.contactId", "STUDENT_BLOCKED", "the student is blocked: unblock them first")
    row, new = await records.insert_once(
        unit.conn,
        Enrollment,
        unit.workspace_id,
        {"contact_id": contact.id, "course_id": course.id},
        ("course_id", "contact_id"),
        partial=False,
    )
    if not new:
        unit.refuse("input.courseId", "ALREADY_ENROLLED", f"the contact is enrolled in {course.title}")
    unit.changed(
        "courses",
        None,
        {"enrollment": to_global_id("Enrollment", row.id), "course": course.title},
        contact_id=contact.id,
    )
    return int(row.id)


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("courses",))
async def enrollment_update_progress(unit: Unit, enrollment_id: str, progress: int) -> int:
    """Progress in percent; 100 completes the course (and going below 100 reopens it)."""
    row = await unit.record(COURSES_OF_CONTACT, enrollment_id, "Enrollment", "id")
    if row.blocked:
        unit.refuse("id", "STUDENT_BLOCKED", "the student is blocked")
    if not 0 <= progress <= 100:
        unit.refuse("input.progress", "OUT_OF_RANGE", "progress is 0 to 100 (percent)")
    done = progress == 100
    values = {
        "progress": progress,
        "status": EnrollmentStatus.COMPLETED if done else EnrollmentStatus.ACTIVE,
        "completed_at": (row.completed_at or datetime.now(UTC)) if done else None,
    }
    await records.update_row(unit.conn, Enrollment, unit.workspace_id, row.id, values)
    unit.changed("courses.progress", row.progress, progress, contact_id=row.contact_id)
    return int(row.id)


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("courses",))
async def student_block(unit: Unit, contact_id: str, blocked: bool) -> int:
    """Block a student from every course: their course completion data is dropped (progress, completion),
    and they cannot enroll until unblocked. Unblocking restores access, not the dropped data."""
    contact = await unit.contact(contact_id, "input.contactId")
    if (contact.student_blocked_at is not None) == blocked:
        return int(contact.id)
    now = datetime.now(UTC)
    await records.update_row(
        unit.conn, Contact, unit.workspace_id, contact.id, {"student_blocked_at": now if blocked else None}
    )
    dropped = {"progress": 0, "status": EnrollmentStatus.ACTIVE, "completed_at": None} if blocked else {}
    await records.update_where(
        unit.conn, Enrollment, unit.workspace_id, {"contact_id": contact.id}, {"blocked": blocked, **dropped}
    )
    unit.changed("studentBlocked", not blocked, blocked, contact_id=contact.id)
    return int(contact.id)


# -- timeline and consents --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventData:
    event_id: str
    contact_id: str
    type: TimelineEventType
    occurred_at: datetime
    amount: checks.MoneyLike | None = None
    properties: Any = None


@dataclass(frozen=True)
class Ingested:
    ingested: int
    duplicates: int


def _properties(unit: Unit, errors: list[UserError], field: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(unit.error(field, "INVALID_VALUE", "properties are a JSON object"))
        return {}
    if len(orjson.dumps(value)) > MAX_PROPERTIES:
        errors.append(unit.error(field, "TOO_LONG", f"at most {MAX_PROPERTIES} bytes of JSON"))
    return value


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("timeline", "purchase_totals_by_contact"))
async def timeline_ingest(unit: Unit, events: list[EventData]) -> Ingested:
    """Up to 250 events, all or none; an event id seen before is counted as a duplicate and skipped."""
    if not 1 <= len(events) <= MAX_BATCH:
        unit.refuse("input.events", "TOO_MANY", f"1 to {MAX_BATCH} events at once")
    errors: list[UserError] = []
    contacts = await unit.find_contacts([event.contact_id for event in events])
    rows: list[tuple[str, dict[str, Any]]] = []
    for index, event in enumerate(events):
        at = f"input.events.{index}"
        contact = contacts.get(event.contact_id)
        if contact is None:
            errors.append(unit.error(f"{at}.contactId", "NOT_FOUND", "no such contact"))
        external = checks.text(unit, errors, f"{at}.eventId", event.event_id, MAX_EXTERNAL_ID, required=True)
        when = checks.moment(unit, errors, f"{at}.occurredAt", event.occurred_at)
        money = None if event.amount is None else checks.amount(unit, errors, f"{at}.amount", event.amount)
        properties = _properties(unit, errors, f"{at}.properties", event.properties)
        if contact is not None:
            values = {
                "contact_id": contact.id,
                "type": event.type,
                "occurred_at": when,
                "external_id": external,
                "amount": money[0] if money else None,
                "currency": money[1] if money else None,
                "properties": properties,
            }
            rows.append((f"{at}.eventId", values))
    unit.check(errors)
    stored = await records.insert_many_once(
        unit.conn, TimelineEvent, unit.workspace_id, [values for _, values in rows], ("external_id",)
    )
    new = 0
    for (at, values), (row, fresh) in zip(rows, stored, strict=True):
        if fresh:
            new += 1
            unit.touched.add(values["contact_id"])
        else:
            _conflict(unit, at, row, {"contact_id": values["contact_id"], "type": values["type"]})
    return Ingested(ingested=new, duplicates=len(rows) - new)


@mutation(EDIT_RECORDS, ActivityCode, invalidates=("consentLog", "consent_states_by_contact"))
async def consent_set(
    unit: Unit, contact_id: str, channel: ConsentChannel, state: ConsentState, source: str, note: str | None
) -> int:
    """Append to the contact's consent log (append-only): the channel's current state is the newest row."""
    errors: list[UserError] = []
    contact = await checks.contact(unit, errors, "input.contactId", contact_id)
    text = checks.text(unit, errors, "input.source", source, MAX_SOURCE, required=True)
    remark = checks.text(unit, errors, "input.note", note, MAX_TEXT)
    unit.check(errors)
    row = await records.insert_row(
        unit.conn,
        Consent,
        unit.workspace_id,
        {
            "contact_id": contact.id,
            "channel": channel,
            "state": state,
            "source": text,
            "note": remark,
            "recorded_by_id": unit.viewer.user_id,
        },
    )
    unit.changed(
        f"consents.{channel.value}", None, {"state": state.value, "source": text}, contact_id=contact.id
    )
    return int(row.id)
