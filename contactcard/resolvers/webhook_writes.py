"""Webhooks (admins): create, enable or disable, delete; and reading them with their recent deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from contactcard.db.enums import WebhookEvent
from contactcard.db.models import Webhook, WebhookDelivery
from contactcard.db.writes import records
from contactcard.domain.errors import UserError, WebhookCode
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import ADMINISTER_WORKSPACE
from contactcard.webhooks.addresses import refusal

MAX_WEBHOOKS = 20
MIN_SECRET, MAX_SECRET = 16, 200
MAX_DELIVERIES = 100


async def _url(unit: Unit, errors: list[UserError], url: str) -> str:
    reason = await refusal(url.strip(), allow_private=unit.ctx.webhooks_allow_private)
    if reason is not None:
        errors.append(unit.error("input.url", "REFUSED_URL", reason))
    return url.strip()


@mutation(ADMINISTER_WORKSPACE, WebhookCode)
async def create(unit: Unit, url: str, events: Sequence[WebhookEvent], secret: str) -> int:
    errors: list[UserError] = []
    address = await _url(unit, errors, url)
    if not events:
        errors.append(unit.error("input.events", "INVALID_VALUE", "name at least one event"))
    if not MIN_SECRET <= len(secret) <= MAX_SECRET:
        code = "TOO_LONG" if len(secret) > MAX_SECRET else "INVALID_VALUE"
        errors.append(unit.error("input.secret", code, f"{MIN_SECRET} to {MAX_SECRET} characters"))
    count = select(func.count()).select_from(Webhook).where(Webhook.workspace_id == unit.workspace_id)
    if (await unit.conn.execute(count)).scalar_one() >= MAX_WEBHOOKS:
        errors.append(unit.error("", "TOO_MANY", f"a workspace has at most {MAX_WEBHOOKS} webhooks"))
    unit.check(errors)
    values = {
        "url": address,
        "events": sorted({event.value for event in events}),
        "secret": secret,
        "created_by_id": unit.viewer.user_id,
    }
    row = await records.insert_row(unit.conn, Webhook, unit.workspace_id, values)
    unit.changed("webhooks", None, {"url": address, "events": values["events"]}, user_id=unit.viewer.user_id)
    return int(row.id)


async def _webhook(unit: Unit, webhook_id: str) -> Any:
    pk = pk_of(webhook_id, "Webhook")
    query = (
        select(Webhook).where(Webhook.workspace_id == unit.workspace_id, Webhook.id == pk).with_for_update()
    )
    row = None if pk is None else (await unit.conn.execute(query)).first()
    if row is None:
        unit.refuse("id", "NOT_FOUND", "no such webhook")
    return row


@mutation(ADMINISTER_WORKSPACE, WebhookCode)
async def set_enabled(unit: Unit, webhook_id: str, enabled: bool) -> int:
    """Disable a webhook, or enable it again (its failure count starts over)."""
    row = await _webhook(unit, webhook_id)
    values: dict[str, Any] = (
        {"disabled_at": None, "disabled_reason": None, "failures": 0}
        if enabled
        else {"disabled_at": func.now(), "disabled_reason": "disabled by an admin"}
    )
    await records.update_row(unit.conn, Webhook, unit.workspace_id, row.id, values)
    unit.changed("webhooks", {"url": row.url, "enabled": row.disabled_at is None},
                 {"url": row.url, "enabled": enabled}, user_id=unit.viewer.user_id)  # fmt: skip
    return int(row.id)


@mutation(ADMINISTER_WORKSPACE, WebhookCode)
async def delete(unit: Unit, webhook_id: str) -> int:
    row = await _webhook(unit, webhook_id)
    await records.delete_row(unit.conn, Webhook, unit.workspace_id, row.id)
    unit.changed("webhooks", {"url": row.url}, None, user_id=unit.viewer.user_id)
    return int(row.id)


async def webhooks(ctx: RequestContext) -> list[Any]:
    async with ctx.loaders.env.engine.connect() as conn:
        query = select(Webhook).where(Webhook.workspace_id == ctx.viewer.workspace_id).order_by(Webhook.id)
        return list((await conn.execute(query)).all())


async def deliveries(ctx: RequestContext, webhook_pk: int, first: int) -> list[Any]:
    """The webhook's latest deliveries, newest first (the delivery log)."""
    async with ctx.loaders.env.engine.connect() as conn:
        query = (
            select(WebhookDelivery)
            .where(
                WebhookDelivery.workspace_id == ctx.viewer.workspace_id,
                WebhookDelivery.webhook_id == webhook_pk,
            )
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .limit(max(1, min(first, MAX_DELIVERIES)))
        )
        return list((await conn.execute(query)).all())
