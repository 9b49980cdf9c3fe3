"""Deterministic rows for a workspace's contacts and every tab, chunk by chunk.

Counts per contact are skewed like real CRMs: most contacts have a few rows, some none, and about 1% have
20-60x the mean (thousands of timeline events on a large dataset). The same seed gives the same data.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import phonenumbers

from contactcard.db.enums import (
    CallDirection,
    CallStatus,
    ConsentChannel,
    ConsentState,
    ContactSource,
    ContactStatus,
    DealStatus,
    DocumentStatus,
    EnrollmentStatus,
    HistoryKind,
    PaymentStatus,
    TaskStatus,
    TimelineEventType,
)
from contactcard.db.seed import vocabulary as v
from contactcard.domain import channels as channel_rules
from contactcard.domain.channels import ChannelValue

ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)
"""Every generated time lies before this instant, so that a seed gives the same rows on any day."""

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Means:
    """Mean rows per contact of each tab (the benchmark's dataset uses these defaults)."""

    history: float = 30
    deals: float = 3
    tasks: float = 5
    payments: float = 2
    calls: float = 4
    enrollments: float = 1
    timeline: float = 40
    consents: float = 4


@dataclass(frozen=True)
class Org:
    """What the generator refers to: the workspace's users, groups, pipeline, courses, tags, fields."""

    workspace_id: int
    users: list[tuple[int, int | None]]  # (user id, group id)
    leaf_group_ids: list[int]
    stages: list[tuple[int, int, str, int]]  # (pipeline id, stage id, name, probability)
    course_ids: list[int]
    tag_ids: list[int]
    company_ids: list[int]
    fields: list[tuple[str, str, list[str]]]  # (key, type, options)
    tag_names: list[str] = field(default_factory=list)
    """The names of `tag_ids`, in their order (change events of tags name them)."""


@dataclass
class Person:
    """Who a generated contact is, drawn before their rows so that every row agrees with it: the calls are
    dialled from their phone, the change events end at their current values."""

    lang: str
    first: str | None
    last: str | None
    emails: list[ChannelValue]
    phones: list[ChannelValue]
    messengers: list[ChannelValue]
    assigned: int | None
    group: int | None
    closed: bool
    score: int
    tag_ids: list[int]


@dataclass
class Chunk:
    """Rows of one chunk of contacts, per table, in the column order of `COLUMNS`, and the bytes of its
    files by storage key."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)

    def add(self, table: str, row: Row) -> None:
        self.rows.setdefault(table, []).append(row)


def document_bytes(title: str) -> bytes:
    """A one-page PDF saying `title` (what the demo's files hold, so that they download as what they are)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 16 Tf 24 70 Td (" + text + b") Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 150]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": (
        "workspace_id",
        "id",
        "first_name",
        "last_name",
        "source",
        "status",
        "close_reason",
        "interest",
        "assigned_user_id",
        "group_id",
        "score",
        "birthday",
        "location",
        "attributes",
        "created_at",
        "updated_at",
        "last_activity_at",
    ),
    "contact_channels": (
        "workspace_id",
        "contact_id",
        "kind",
        "platform",
        "value",
        "normalized",
        "is_primary",
        "position",
        "created_at",
    ),
    "contact_companies": ("workspace_id", "contact_id", "company_id", "job_title", "position"),
    "contact_tags": ("workspace_id", "contact_id", "tag_id", "created_at"),
    "files": (
        "workspace_id",
        "id",
        "contact_id",
        "name",
        "content_type",
        "size_bytes",
        "storage_key",
        "uploaded_by_id",
        "created_at",
    ),
    "documents": (
        "workspace_id",
        "contact_id",
        "title",
        "status",
        "file_id",
        "created_by_id",
        "created_at",
        "updated_at",
    ),
    "history_entries": (
        "workspace_id",
        "contact_id",
        "kind",
        "author_id",
        "body",
        "mention_user_ids",
        "attachment_file_ids",
        "field",
        "before",
        "after",
        "created_at",
        "edited_at",
    ),
    "deals": (
        "workspace_id",
        "id",
        "name",
        "amount",
        "currency",
        "responsible_user_id",
        "pipeline_id",
        "stage_id",
        "type",
        "status",
        "created_at",
        "closed_at",
    ),
    "deal_contacts": ("workspace_id", "deal_id", "contact_id", "deal_created_at", "position"),
    "tasks": (
        "workspace_id",
        "id",
        "title",
        "description",
        "status",
        "due_at",
        "assignee_id",
        "created_by_id",
        "created_at",
        "completed_at",
    ),
    "task_contacts": ("workspace_id", "task_id", "contact_id", "task_created_at"),
    "payments": (
        "workspace_id",
        "contact_id",
        "provider",
        "amount",
        "currency",
        "description",
        "status",
        "external_id",
        "paid_at",
        "created_at",
    ),
    "payment_links": (
        "workspace_id",
        "contact_id",
        "provider",
        "url",
        "amount",
        "currency",
        "description",
        "expires_at",
        "created_at",
    ),
    "calls": (
        "workspace_id",
        "contact_id",
        "user_id",
        "direction",
        "status",
        "phone_number",
        "started_at",
        "duration_seconds",
        "recording_url",
    ),
    "enrollments": (
        "workspace_id",
        "course_id",
        "contact_id",
        "progress",
        "status",
        "blocked",
        "enrolled_at",
        "completed_at",
    ),
    "timeline_events": (
        "workspace_id",
        "contact_id",
        "type",
        "occurred_at",
        "amount",
        "currency",
        "properties",
    ),
    "consents": (
        "workspace_id",
        "contact_id",
        "channel",
        "state",
        "source",
        "note",
        "recorded_by_id",
        "recorded_at",
    ),
}
"""Tables in the order they are written (parents before children)."""

# Rows of these tables are referenced by others in the same chunk, so the writer reserves their ids.
RESERVED_IDS = ("contacts", "files", "deals", "tasks")

_TIMELINE_WEIGHTS = {
    TimelineEventType.VISIT: 40,
    TimelineEventType.MESSAGE_SENT: 20,
    TimelineEventType.MESSAGE_OPENED: 14,
    TimelineEventType.MESSAGE_CLICKED: 8,
    TimelineEventType.PURCHASE: 7,
    TimelineEventType.FORM_SUBMITTED: 5,
    TimelineEventType.EXTERNAL_EVENT: 4,
    TimelineEventType.COUPON: 2,
}


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


class Generator:
    def __init__(self, org: Org, seed: int, means: Means | None = None) -> None:
        self.org = org
        self.rng = random.Random(seed)
        self.documents_rng = random.Random(seed * 7919 + 1)
        self.means = means or Means()
        self.ws = org.workspace_id
        self.latest = ANCHOR

    # -- distributions -------------------------------------------------------------------------------
    def count(self, mean: float) -> int:
        """Skewed: 15% none, ~1% 20-60x the mean, the rest exponential; the overall mean stays `mean`."""
        r = self.rng.random()
        if r < 0.01:
            return int(mean * self.rng.uniform(20, 60))
        if r < 0.16:
            return 0
        return int(self.rng.expovariate(1 / (mean * 0.6 / 0.84)) + 0.5)

    def moment(self, after: datetime, before: datetime = ANCHOR) -> datetime:
        """A random instant between the two; the latest one drawn for a contact is its last activity."""
        span = max((before - after).total_seconds(), 1.0)
        at = after + timedelta(seconds=self.rng.uniform(0, span))
        self.latest = max(self.latest, at)
        return at

    def money(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randrange(low * 100, high * 100)) / 100

    def user(self) -> int:
        return self.rng.choice(self.org.users)[0]

    # -- one chunk -----------------------------------------------------------------------------------
    def chunk(self, ids: dict[str, Iterator[int]], size: int) -> Chunk:
        """Rows for `size` contacts; `ids` yields reserved ids for the tables in RESERVED_IDS."""
        chunk = Chunk()
        contact_ids = [next(ids["contacts"]) for _ in range(size)]
        for contact_id in contact_ids:
            person = self.person(self.rng.choice(list(v.FIRST_NAMES)))
            lang = person.lang
            self.latest = ANCHOR - timedelta(days=730)
            created = self.moment(ANCHOR - timedelta(days=730), ANCHOR - timedelta(hours=1))
            self.history(chunk, ids, contact_id, created, person)
            self.deals(chunk, ids, contact_id, lang, created, contact_ids)
            self.tasks(chunk, ids, contact_id, created, contact_ids)
            self.payments(chunk, contact_id, lang, created)
            self.calls(chunk, contact_id, person, created)
            self.enrollments(chunk, contact_id, created)
            self.timeline(chunk, contact_id, lang, created)
            self.consents(chunk, contact_id, created)
            self.documents(chunk, ids, contact_id, created)
            self.contact(chunk, contact_id, person, created, last_activity=self.latest)
        return chunk

    def person(self, lang: str) -> Person:
        rng = self.rng
        first = rng.choice(v.FIRST_NAMES[lang]) if rng.random() < 0.97 else None
        last = rng.choice(v.LAST_NAMES[lang]) if rng.random() < 0.9 else None
        if last is not None and lang == "ru":
            last = v.russian_surname(last, female=first in v.FEMALE_FIRST_NAMES)
        assigned, group = rng.choice(self.org.users) if rng.random() < 0.75 else (None, None)
        if assigned is None and self.org.leaf_group_ids and rng.random() < 0.9:
            # An unassigned contact waits in a team's queue; some belong to no team at all (admins' share).
            group = rng.choice(self.org.leaf_group_ids)
        emails, phones, messengers = self.channel_values(lang, first, last)
        return Person(
            lang=lang,
            first=first,
            last=last,
            emails=emails,
            phones=phones,
            messengers=messengers,
            assigned=assigned,
            group=group,
            closed=rng.random() < 0.1,
            score=rng.randint(0, 100),
            tag_ids=self.sample(self.org.tag_ids, 0.6, 0.3, 0.1),
        )

    def contact(
        self, chunk: Chunk, contact_id: int, person: Person, created: datetime, *, last_activity: datetime
    ) -> None:
        rng = self.rng
        lang, first, last, closed = person.lang, person.first, person.last, person.closed
        birthday = (
            date(rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.5
            else None
        )
        chunk.add(
            "contacts",
            (
                self.ws,
                contact_id,
                first,
                last,
                rng.choice(list(ContactSource)).value,
                (ContactStatus.CLOSED if closed else ContactStatus.OPEN).value,
                rng.choice(v.CLOSE_REASONS) if closed else None,
                rng.choice(v.INTERESTS) if rng.random() < 0.6 else None,
                person.assigned,
                person.group,
                person.score,
                birthday,
                rng.choice(v.CITIES[lang]) if rng.random() < 0.7 else None,
                _json(self.attributes()),
                created,
                last_activity,
                last_activity,
            ),
        )
        self.channels(chunk, contact_id, person, created)
        for position, company_id in enumerate(self.sample(self.org.company_ids, 0.4, 0.05)):
            chunk.add(
                "contact_companies", (self.ws, contact_id, company_id, rng.choice(v.JOB_TITLES), position)
            )
        for tag_id in person.tag_ids:
            chunk.add("contact_tags", (self.ws, contact_id, tag_id, self.moment(created)))

    def sample(self, pool: list[int], *chances: float) -> list[int]:
        """As many distinct items of `pool` as the chances that pass, in turn (0.4, 0.05: one, rarely two)."""
        wanted = 0
        for chance in chances:
            if self.rng.random() >= chance:
                break
            wanted += 1
        return self.rng.sample(pool, min(wanted, len(pool)))

    def attributes(self) -> dict[str, Any]:
        """Values for about two thirds of the workspace's custom fields, each of its field's type."""
        return {
            key: self.field_value(type_, options)
            for key, type_, options in self.org.fields
            if self.rng.random() >= 0.35
        }

    def field_value(self, type_: str, options: list[str]) -> Any:
        rng = self.rng
        if type_ == "NUMBER":
            return rng.randrange(100, 100_000, 50)
        if type_ == "DATE":
            return (ANCHOR.date() + timedelta(days=rng.randint(-60, 120))).isoformat()
        if type_ == "BOOLEAN":
            return rng.random() < 0.5
        if type_ == "SELECT":
            return rng.choice(options)
        if type_ == "MULTISELECT":
            return sorted(rng.sample(options, rng.randint(1, min(3, len(options)))))
        if type_ == "URL":
            return f"https://example.com/{rng.randrange(10_000)}"
        return rng.choice(v.COMMENTS)

    def channel_values(
        self, lang: str, first: str | None, last: str | None
    ) -> tuple[list[ChannelValue], list[ChannelValue], list[ChannelValue]]:
        """Emails at the providers of the name's language, valid mobile numbers of its country, messenger
        handles: each checked and normalised by the same functions the mutations use (domain/channels.py)."""
        rng = self.rng
        local = ".".join(p.lower().translate(v.TRANSLIT) for p in (first, last) if p) or "contact"
        emails = [
            channel_rules.email(f"{local}{'' if n == 0 else n}@{rng.choice(v.EMAIL_DOMAINS[lang])}")
            for n in range(self.sample_n(0.85, 0.3, 0.1))
        ]
        phones = [self.mobile_number(v.PHONE_REGION[lang]) for _ in range(self.sample_n(0.7, 0.25))]
        messengers = [
            channel_rules.messenger(
                f"@{local.replace('.', '_')}{rng.randrange(100)}", rng.choice(v.MESSENGERS)
            )
            for _ in range(self.sample_n(0.35, 0.15))
        ]
        return emails, phones, messengers

    def mobile_number(self, region: str) -> ChannelValue:
        """A valid mobile number of `region`, written as people write it (international format)."""
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if example is None:
            raise ValueError(f"phonenumbers has no mobile numbers for {region}")
        national = str(example.national_number)
        keep = 3 if region == "BR" else 2  # area code and mobile prefix
        while True:
            digits = national[:keep] + "".join(str(self.rng.randrange(10)) for _ in national[keep:])
            number = phonenumbers.parse(digits, region)
            if phonenumbers.is_valid_number(number):
                typed = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
                return channel_rules.phone(typed, region)

    def channels(self, chunk: Chunk, contact_id: int, person: Person, created: datetime) -> None:
        for values in (person.emails, person.phones, person.messengers):
            for position, channel in enumerate(values):
                chunk.add(
                    "contact_channels",
                    (
                        self.ws,
                        contact_id,
                        channel.kind.value,
                        channel.platform,
                        channel.value,
                        channel.normalized,
                        position == 0,
                        position,
                        created,
                    ),
                )

    def sample_n(self, *chances: float) -> int:
        wanted = 0
        for chance in chances:
            if self.rng.random() >= chance:
                break
            wanted += 1
        return wanted

    def history(
        self, chunk: Chunk, ids: dict[str, Iterator[int]], contact_id: int, created: datetime, person: Person
    ) -> None:
        rng = self.rng
        changes = [f for f in v.CHANGE_FIELDS if f != "primaryEmail" or person.emails]
        rng.shuffle(changes)
        for _ in range(self.count(self.means.history)):
            at = self.moment(created)
            if rng.random() < 0.6 or not changes:
                mentions = [self.user()] if rng.random() < 0.15 else []
                files: list[int] = []
                if rng.random() < 0.05:
                    files.append(self.file(chunk, ids, contact_id, self.user(), at))
                edited = self.moment(at) if rng.random() < 0.1 else None
                chunk.add(
                    "history_entries",
                    (
                        self.ws,
                        contact_id,
                        HistoryKind.COMMENT.value,
                        self.user(),
                        rng.choice(v.COMMENTS),
                        mentions,
                        files,
                        None,
                        None,
                        None,
                        at,
                        edited,
                    ),
                )
            else:
                field_name = changes.pop()
                before, after = self.change_values(field_name, person)
                chunk.add(
                    "history_entries",
                    (
                        self.ws,
                        contact_id,
                        HistoryKind.CHANGE.value,
                        self.user(),
                        None,
                        [],
                        [],
                        field_name,
                        _json(before),
                        _json(after),
                        at,
                        None,
                    ),
                )

    def file(
        self,
        chunk: Chunk,
        ids: dict[str, Iterator[int]],
        contact_id: int,
        by: int,
        at: datetime,
        title: str | None = None,
    ) -> int:
        """A PDF on the contact (its row, and its bytes in `chunk.blobs`); returns its id."""
        file_id = next(ids["files"])
        name = f"document-{file_id}.pdf"
        data = document_bytes(title or name)
        key = f"{self.ws}/{hashlib.sha256(data).hexdigest()}"
        chunk.blobs[key] = data
        chunk.add("files", (self.ws, file_id, contact_id, name, "application/pdf", len(data), key, by, at))
        return file_id

    def documents(
        self, chunk: Chunk, ids: dict[str, Iterator[int]], contact_id: int, created: datetime
    ) -> None:
        """Documents (their own random stream, so that adding them left the rest of the data as it was)."""
        rng = self.documents_rng
        for _ in range(rng.choice((0, 0, 0, 0, 0, 0, 0, 1, 1, 2))):
            at = created + timedelta(seconds=rng.uniform(0, max((ANCHOR - created).total_seconds(), 1.0)))
            title = rng.choice(v.DOCUMENT_TITLES)
            by = rng.choice(self.org.users)[0]
            file_id = self.file(chunk, ids, contact_id, by, at, title) if rng.random() < 0.8 else None
            status = rng.choice(list(DocumentStatus)).value
            chunk.add("documents", (self.ws, contact_id, title, status, file_id, by, at, at))

    def change_values(self, field_name: str, person: Person) -> tuple[Any, Any]:
        """A change of `field_name` that ended where the contact is now: its `after` is the current value."""
        rng = self.rng
        if field_name == "status":
            return ("OPEN", "CLOSED") if person.closed else ("CLOSED", "OPEN")
        if field_name == "score":
            return rng.choice([n for n in range(0, 101, 5) if n != person.score]), person.score
        if field_name == "assignedTo":
            others = [user for user, _ in self.org.users if user != person.assigned]
            return (rng.choice(others) if others and rng.random() < 0.6 else None), person.assigned
        if field_name == "primaryEmail":
            return None, person.emails[0].value
        names = dict(zip(self.org.tag_ids, self.org.tag_names, strict=False))
        now = sorted(names.get(tag, str(tag)) for tag in person.tag_ids)
        return now[:-1], now  # tags: the last one was added

    def deals(
        self,
        chunk: Chunk,
        ids: dict[str, Iterator[int]],
        contact_id: int,
        lang: str,
        created: datetime,
        neighbours: list[int],
    ) -> None:
        rng = self.rng
        for _ in range(self.count(self.means.deals)):
            deal_id = next(ids["deals"])
            pipeline_id, stage_id, stage, _probability = rng.choice(self.org.stages)
            status = (
                DealStatus.WON if stage == "Won" else DealStatus.LOST if stage == "Lost" else DealStatus.OPEN
            )
            at = self.moment(created)
            closed = self.moment(at) if status is not DealStatus.OPEN else None
            currency = v.CURRENCY[lang] if rng.random() < 0.85 else "USD"
            chunk.add(
                "deals",
                (
                    self.ws,
                    deal_id,
                    f"{rng.choice(v.DEAL_TYPES)} #{deal_id}",
                    self.money(100, 50_000),
                    currency,
                    self.user(),
                    pipeline_id,
                    stage_id,
                    rng.choice(v.DEAL_TYPES),
                    status.value,
                    at,
                    closed,
                ),
            )
            others = [c for c in rng.sample(neighbours, min(2, len(neighbours))) if c != contact_id]
            for position, linked in enumerate([contact_id, *others[: self.sample_n(0.3, 0.3)]]):
                chunk.add("deal_contacts", (self.ws, deal_id, linked, at, position))

    def tasks(
        self,
        chunk: Chunk,
        ids: dict[str, Iterator[int]],
        contact_id: int,
        created: datetime,
        neighbours: list[int],
    ) -> None:
        rng = self.rng
        for _ in range(self.count(self.means.tasks)):
            task_id = next(ids["tasks"])
            at = self.moment(created)
            status = rng.choices(list(TaskStatus), weights=(40, 15, 40, 5))[0]
            completed = self.moment(at) if status is TaskStatus.DONE else None
            chunk.add(
                "tasks",
                (
                    self.ws,
                    task_id,
                    rng.choice(v.TASK_TITLES),
                    rng.choice(v.COMMENTS) if rng.random() < 0.5 else None,
                    status.value,
                    at + timedelta(days=rng.randint(1, 30)),
                    self.user(),
                    self.user(),
                    at,
                    completed,
                ),
            )
            linked = [contact_id]
            if rng.random() < 0.15:
                linked.extend(c for c in rng.sample(neighbours, 1) if c != contact_id)
            for contact in linked:
                chunk.add("task_contacts", (self.ws, task_id, contact, at))

    def payments(self, chunk: Chunk, contact_id: int, lang: str, created: datetime) -> None:
        rng = self.rng
        count = self.count(self.means.payments)
        for n in range(count):
            at = self.moment(created)
            status = rng.choices(list(PaymentStatus), weights=(10, 80, 7, 3))[0]
            provider = rng.choice(v.PAYMENT_PROVIDERS)
            chunk.add(
                "payments",
                (
                    self.ws,
                    contact_id,
                    provider,
                    self.money(5, 2_000),
                    v.CURRENCY[lang],
                    rng.choice(v.PRODUCTS)[1],
                    status.value,
                    f"{provider}_{self.ws}_{contact_id}_{n}",
                    self.moment(at) if status is not PaymentStatus.PENDING else None,
                    at,
                ),
            )
        if count and rng.random() < 0.3:
            at = self.moment(created)
            chunk.add(
                "payment_links",
                (
                    self.ws,
                    contact_id,
                    rng.choice(v.PAYMENT_PROVIDERS),
                    f"https://pay.example.com/l/{contact_id}",
                    self.money(5, 2_000),
                    v.CURRENCY[lang],
                    rng.choice(v.PRODUCTS)[1],
                    at + timedelta(days=14),
                    at,
                ),
            )

    def calls(self, chunk: Chunk, contact_id: int, person: Person, created: datetime) -> None:
        """Calls from or to one of the contact's phones (a contact without a phone has none)."""
        rng = self.rng
        for _ in range(self.count(self.means.calls) if person.phones else 0):
            missed = rng.random() < 0.2
            duration = 0 if missed else rng.randint(15, 1_800)
            recording = (
                None
                if missed or rng.random() < 0.5
                else f"https://recordings.example.com/{rng.getrandbits(48):x}.mp3"
            )
            chunk.add(
                "calls",
                (
                    self.ws,
                    contact_id,
                    self.user(),
                    rng.choice(list(CallDirection)).value,
                    (CallStatus.MISSED if missed else CallStatus.ANSWERED).value,
                    rng.choice(person.phones).normalized,
                    self.moment(created),
                    duration,
                    recording,
                ),
            )

    def enrollments(self, chunk: Chunk, contact_id: int, created: datetime) -> None:
        rng = self.rng
        wanted = min(self.count(self.means.enrollments), len(self.org.course_ids))
        for course_id in rng.sample(self.org.course_ids, wanted):
            at = self.moment(created)
            progress = rng.choice([0, 10, 25, 40, 60, 80, 100])
            done = progress == 100
            chunk.add(
                "enrollments",
                (
                    self.ws,
                    course_id,
                    contact_id,
                    progress,
                    (EnrollmentStatus.COMPLETED if done else EnrollmentStatus.ACTIVE).value,
                    rng.random() < 0.05,
                    at,
                    self.moment(at) if done else None,
                ),
            )

    def timeline(self, chunk: Chunk, contact_id: int, lang: str, created: datetime) -> None:
        rng = self.rng
        types, weights = list(_TIMELINE_WEIGHTS), list(_TIMELINE_WEIGHTS.values())
        for _ in range(self.count(self.means.timeline)):
            kind = rng.choices(types, weights)[0]
            amount, currency, properties = self.event_properties(kind, lang)
            chunk.add(
                "timeline_events",
                (self.ws, contact_id, kind.value, self.moment(created), amount, currency, _json(properties)),
            )

    def event_properties(
        self, kind: TimelineEventType, lang: str
    ) -> tuple[Decimal | None, str | None, dict[str, Any]]:
        rng = self.rng
        if kind is TimelineEventType.VISIT:
            device, os_name, browser = rng.choice(v.DEVICES)
            return (
                None,
                None,
                {"page": rng.choice(v.PAGES), "device": device, "os": os_name, "browser": browser},
            )
        if kind in (
            TimelineEventType.MESSAGE_SENT,
            TimelineEventType.MESSAGE_OPENED,
            TimelineEventType.MESSAGE_CLICKED,
        ):
            return (
                None,
                None,
                {"channel": rng.choice(["EMAIL", "SMS", "WEB_PUSH"]), "campaign": rng.choice(v.CAMPAIGNS)},
            )
        if kind is TimelineEventType.PURCHASE:
            lines = [(product, rng.randint(1, 3)) for product in rng.sample(v.PRODUCTS, rng.randint(1, 3))]
            items = [
                {"sku": sku, "name": name, "quantity": quantity, "price": price}
                for (sku, name, price), quantity in lines
            ]
            total = sum((Decimal(price) * quantity for (_, _, price), quantity in lines), Decimal(0))
            return total, v.CURRENCY[lang], {"orderId": f"ORD-{rng.getrandbits(32):08x}", "items": items}
        if kind is TimelineEventType.FORM_SUBMITTED:
            return None, None, {"form": rng.choice(v.FORMS)}
        if kind is TimelineEventType.COUPON:
            return (
                None,
                None,
                {"code": f"SAVE{rng.randint(5, 30)}", "discountPercent": rng.choice([5, 10, 15, 20])},
            )
        return (
            None,
            None,
            {"name": rng.choice(["app_login", "trial_started", "webinar_attended"]), "source": "api"},
        )

    def consents(self, chunk: Chunk, contact_id: int, created: datetime) -> None:
        rng = self.rng
        remaining = self.count(self.means.consents)
        channels = list(ConsentChannel)
        while remaining > 0:
            channel = rng.choice(channels)
            at = created
            state = ConsentState.GRANTED
            for _ in range(min(remaining, rng.randint(1, 3))):
                at = self.moment(at)
                chunk.add(
                    "consents",
                    (
                        self.ws,
                        contact_id,
                        channel.value,
                        state.value,
                        rng.choice(v.CONSENT_SOURCES),
                        None,
                        self.user() if rng.random() < 0.3 else None,
                        at,
                    ),
                )
                state = ConsentState.WITHDRAWN if state is ConsentState.GRANTED else ConsentState.GRANTED
                remaining -= 1
