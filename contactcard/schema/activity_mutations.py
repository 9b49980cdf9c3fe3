"""What integrations write: calls, payments and links, enrollments and blocked students, timeline events,
consents (resolvers/activity_writes.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import (
    CallDirection,
    CallStatus,
    ConsentChannel,
    ConsentState,
    PaymentStatus,
    TimelineEventType,
)
from contactcard.domain.errors import ActivityCode
from contactcard.loaders.behaviour import CONSENT_LOG
from contactcard.loaders.calls import CALLS
from contactcard.loaders.courses import COURSES_OF_CONTACT
from contactcard.loaders.payments import PAYMENT_LINKS, PAYMENTS
from contactcard.resolvers import activity_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.behaviour import ConsentRecord
from contactcard.schema.calls import Call
from contactcard.schema.contact_mutations import ContactPayload, contact_payload
from contactcard.schema.courses import Enrollment
from contactcard.schema.deal_mutations import MoneyInput
from contactcard.schema.payloads import Problem, provided, read_back
from contactcard.schema.payments import Payment, PaymentLink

Info = strawberry.Info[RequestContext, None]

strawberry.enum(ConsentState, name="ConsentDecision", description="What a contact said about a channel.")
strawberry.enum(
    ActivityCode,
    name="ActivityErrorCode",
    description="Why a call, payment, course, timeline or consent mutation wrote nothing.",
)


@strawberry.type(name="ActivityError")
class ActivityError(Problem[ActivityCode]):
    pass


@strawberry.type
class CallPayload:
    call: Call | None
    user_errors: list[ActivityError]


@strawberry.type
class PaymentPayload:
    payment: Payment | None
    user_errors: list[ActivityError]


@strawberry.type
class PaymentLinkPayload:
    payment_link: PaymentLink | None
    user_errors: list[ActivityError]


@strawberry.type
class EnrollmentPayload:
    enrollment: Enrollment | None
    user_errors: list[ActivityError]


@strawberry.type
class TimelineEventsIngestPayload:
    ingested: int | None = strawberry.field(description="Events written now.")
    duplicates: int | None = strawberry.field(description="Events whose id was ingested before: skipped.")
    user_errors: list[ActivityError]


@strawberry.type
class ConsentPayload:
    consent: ConsentRecord | None
    user_errors: list[ActivityError]


@strawberry.input(description="A call from a telephony integration; idempotent on `externalId`.")
class CallLogInput:
    contact_id: strawberry.ID
    direction: CallDirection
    status: CallStatus
    started_at: datetime
    duration_seconds: int = 0
    phone_number: str | None = None
    recording_url: str | None = None
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="The user who took or made it."
    )
    external_id: str | None = strawberry.field(default=None, description="The telephony system's call id.")


@strawberry.input(description="A payment from a provider; idempotent on `provider` + `externalId`.")
class PaymentRecordInput:
    contact_id: strawberry.ID
    amount: MoneyInput
    provider: str
    status: PaymentStatus
    external_id: str | None = None
    description: str | None = None
    paid_at: datetime | None = strawberry.field(default=None, description="Default for PAID: now.")
    deal_id: strawberry.ID | None = None


@strawberry.input
class PaymentLinkCreateInput:
    contact_id: strawberry.ID
    amount: MoneyInput
    provider: str
    url: str
    description: str | None = None
    expires_at: datetime | None = None
    deal_id: strawberry.ID | None = None


@strawberry.input
class EnrollmentCreateInput:
    contact_id: strawberry.ID
    course_id: strawberry.ID


@strawberry.input
class EnrollmentProgressInput:
    progress: int = strawberry.field(description="Percent, 0 to 100; 100 completes the course.")


@strawberry.input
class StudentInput:
    contact_id: strawberry.ID


@strawberry.input
class TimelineEventInput:
    event_id: str = strawberry.field(description="The sender's id of the event: sending it again is a no-op.")
    contact_id: strawberry.ID
    type: TimelineEventType
    occurred_at: datetime
    amount: MoneyInput | None = strawberry.field(default=None, description="Purchases.")
    properties: JSON | None = strawberry.field(default=None, description="A JSON object, at most 16 KiB.")


@strawberry.input
class TimelineEventsIngestInput:
    events: list[TimelineEventInput] = strawberry.field(description="1 to 250 events, written all or none.")


@strawberry.input
class ConsentSetInput:
    contact_id: strawberry.ID
    channel: ConsentChannel
    state: ConsentState
    source: str = strawberry.field(description="Where the consent was given or withdrawn (form, call, …).")
    note: str | None = None


async def _enrollment(info: Info, outcome: Outcome[int]) -> EnrollmentPayload:
    return EnrollmentPayload(
        enrollment=await read_back(info, outcome, COURSES_OF_CONTACT, Enrollment.from_row),
        user_errors=ActivityError.list_of(outcome.errors),
    )


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(description="Log a call (telephony integrations); the same externalId logs once.")
    async def call_log(self, info: Info, input: CallLogInput) -> CallPayload:
        outcome = await write.call_log(info.context, write.CallData(**provided(input)))
        return CallPayload(
            call=await read_back(info, outcome, CALLS, Call.from_row),
            user_errors=ActivityError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Record a payment; the same provider + externalId records once.")
    async def payment_record(self, info: Info, input: PaymentRecordInput) -> PaymentPayload:
        outcome = await write.payment_record(info.context, write.PaymentData(**provided(input)))
        return PaymentPayload(
            payment=await read_back(info, outcome, PAYMENTS, Payment.from_row),
            user_errors=ActivityError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Record a payment link sent to a contact.")
    async def payment_link_create(self, info: Info, input: PaymentLinkCreateInput) -> PaymentLinkPayload:
        outcome = await write.payment_link_create(info.context, provided(input))
        return PaymentLinkPayload(
            payment_link=await read_back(info, outcome, PAYMENT_LINKS, PaymentLink.from_row),
            user_errors=ActivityError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Enroll a contact in a course.")
    async def enrollment_create(self, info: Info, input: EnrollmentCreateInput) -> EnrollmentPayload:
        return await _enrollment(
            info, await write.enrollment_create(info.context, input.contact_id, input.course_id)
        )

    @strawberry.mutation(description="Set a student's progress in a course.")
    async def enrollment_update_progress(
        self, info: Info, id: strawberry.ID, input: EnrollmentProgressInput
    ) -> EnrollmentPayload:
        return await _enrollment(
            info, await write.enrollment_update_progress(info.context, id, input.progress)
        )

    @strawberry.mutation(
        description="Block a student from every course: their course completion data is dropped."
    )
    async def student_block(self, info: Info, input: StudentInput) -> ContactPayload:
        return await contact_payload(info, await write.student_block(info.context, input.contact_id, True))

    @strawberry.mutation(description="Unblock a student (dropped completion data does not come back).")
    async def student_unblock(self, info: Info, input: StudentInput) -> ContactPayload:
        return await contact_payload(info, await write.student_block(info.context, input.contact_id, False))

    @strawberry.mutation(description="Write up to 250 timeline events at once; event ids make it idempotent.")
    async def timeline_events_ingest(
        self, info: Info, input: TimelineEventsIngestInput
    ) -> TimelineEventsIngestPayload:
        events = [write.EventData(**provided(event)) for event in input.events]
        outcome = await write.timeline_ingest(info.context, events)
        done = outcome.value
        return TimelineEventsIngestPayload(
            ingested=None if done is None else done.ingested,
            duplicates=None if done is None else done.duplicates,
            user_errors=ActivityError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Record that a contact granted or withdrew consent on a channel.")
    async def consent_set(self, info: Info, input: ConsentSetInput) -> ConsentPayload:
        outcome = await write.consent_set(
            info.context, input.contact_id, input.channel, input.state, input.source, input.note
        )
        return ConsentPayload(
            consent=await read_back(info, outcome, CONSENT_LOG, ConsentRecord.from_row),
            user_errors=ActivityError.list_of(outcome.errors),
        )
