"""Webhooks (admins): where the workspace's contact events are POSTed, signed, with their delivery log
(contactcard/webhooks/)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import DeliveryStatus, WebhookEvent
from contactcard.domain.errors import WebhookCode
from contactcard.loaders.base import Record
from contactcard.resolvers import webhook_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Outcome
from contactcard.resolvers.permissions import ADMINISTER_WORKSPACE, denied
from contactcard.schema.layouts import Forbidden
from contactcard.schema.payloads import Problem

Info = strawberry.Info[RequestContext, None]

strawberry.enum(WebhookEvent, description="What a webhook can be sent.")
strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")
strawberry.enum(WebhookCode, name="WebhookErrorCode", description="Why a webhook mutation wrote nothing.")


@strawberry.type(name="WebhookError")
class WebhookError(Problem[WebhookCode]):
    pass


@strawberry.type(description="One event sent (or to be sent) to a webhook, with its last answer.")
class WebhookDelivery:
    id: strawberry.ID
    event: WebhookEvent
    status: DeliveryStatus
    attempts: int
    payload: JSON
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def from_row(cls, row: Record) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(to_global_id("WebhookDelivery", row.id)),
            event=WebhookEvent(row.event),
            status=row.status,
            attempts=row.attempts,
            payload=row.payload,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            created_at=row.created_at,
            next_attempt_at=row.next_attempt_at,
            delivered_at=row.delivered_at,
        )


@strawberry.type(description="Where the workspace's events are POSTed (the secret is never shown).")
class Webhook:
    id: strawberry.ID
    url: str
    events: list[WebhookEvent]
    created_at: datetime
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    failures: int = strawberry.field(description="Failed attempts in a row (10 disable the webhook).")
    pk: strawberry.Private[int]

    @strawberry.field(description="The latest deliveries, newest first (at most 100).")
    async def deliveries(self, info: Info, first: int = 20) -> list[WebhookDelivery]:
        return [WebhookDelivery.from_row(row) for row in await write.deliveries(info.context, self.pk, first)]

    @classmethod
    def from_row(cls, row: Record) -> Webhook:
        return cls(
            id=strawberry.ID(to_global_id("Webhook", row.id)),
            url=row.url,
            events=[WebhookEvent(e) for e in row.events],
            created_at=row.created_at,
            enabled=row.disabled_at is None,
            disabled_at=row.disabled_at,
            disabled_reason=row.disabled_reason,
            failures=row.failures,
            pk=row.id,
        )


@strawberry.type
class WebhookPayload:
    webhook: Webhook | None
    user_errors: list[WebhookError]


@strawberry.input
class WebhookCreateInput:
    url: str = strawberry.field(description="http(s), a public host (loopback and private ones are refused).")
    events: list[WebhookEvent]
    secret: str = strawberry.field(
        description="16 to 200 characters: the key of the deliveries' HMAC-SHA256."
    )


async def _payload(info: Info, outcome: Outcome[int]) -> WebhookPayload:
    found = None
    if outcome.value is not None:
        found = next((r for r in await write.webhooks(info.context) if r.id == outcome.value), None)
    return WebhookPayload(
        webhook=None if found is None else Webhook.from_row(found),
        user_errors=WebhookError.list_of(outcome.errors),
    )


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="The workspace's webhooks (admins).")
    async def webhooks(self, info: Info) -> list[Webhook]:
        reason = denied(info.context.viewer, ADMINISTER_WORKSPACE)
        if reason is not None:
            raise Forbidden(reason)
        return [Webhook.from_row(row) for row in await write.webhooks(info.context)]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Send the workspace's contact events to a URL, signed with `secret` (admins)."
    )
    async def webhook_create(self, info: Info, input: WebhookCreateInput) -> WebhookPayload:
        return await _payload(
            info, await write.create(info.context, input.url, list(input.events), input.secret)
        )

    @strawberry.mutation(
        description="Enable a webhook again (its failures start over), or disable it (admins)."
    )
    async def webhook_set_enabled(self, info: Info, id: strawberry.ID, enabled: bool) -> WebhookPayload:
        return await _payload(info, await write.set_enabled(info.context, id, enabled))

    @strawberry.mutation(description="Delete a webhook and its delivery log (admins).")
    async def webhook_delete(self, info: Info, id: strawberry.ID) -> WebhookPayload:
        outcome = await write.delete(info.context, id)
        return WebhookPayload(webhook=None, user_errors=WebhookError.list_of(outcome.errors))
