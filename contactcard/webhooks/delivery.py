"""Delivering the outbox: a worker claims one due delivery (across workspaces, `FOR UPDATE SKIP LOCKED`),
POSTs its JSON, signed, and records the answer.

Signature: `X-Contactcard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (verify
it, and reject a `t` far from now). A 2xx is delivered; anything else, a timeout or a refused address is a
failed attempt, tried again after 10 s, 1 min, 5 min, 30 min (5 attempts in all), then failed for good. A
webhook whose attempts fail 10 times in a row is disabled (its pending deliveries fail with it).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from contactcard.db.engine import current_workspace
from contactcard.db.enums import DeliveryStatus
from contactcard.db.models import Webhook, WebhookDelivery
from contactcard.resolvers.ids import to_global_id
from contactcard.webhooks.addresses import refusal

log = logging.getLogger("contactcard.webhooks")

LEASE_SECONDS = 60
TIMEOUT_SECONDS = 10
RETRY_AFTER = (10, 60, 300, 1800)
"""Seconds before the 2nd, 3rd, 4th and 5th attempt."""
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
DISABLE_AFTER = 10
"""Failed attempts in a row that disable a webhook."""
MAX_ERROR = 500


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


async def deliver_one(engine: AsyncEngine, *, allow_private: bool) -> bool:
    """Claim and try one due delivery; False when none is due."""
    async with engine.begin() as conn:
        claimed = (
            await conn.execute(
                text("SELECT * FROM contactcard_claim_delivery(:lease)"), {"lease": LEASE_SECONDS}
            )
        ).first()
    if claimed is None:
        return False
    reset = current_workspace.set(int(claimed.workspace_id))
    try:
        await _attempt(
            engine, int(claimed.workspace_id), int(claimed.id), int(claimed.attempts), allow_private
        )
    finally:
        current_workspace.reset(reset)
    return True


async def _attempt(
    engine: AsyncEngine,
    ws: int,
    delivery_id: int,
    attempt: int,
    allow_private: bool,
) -> None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(WebhookDelivery, Webhook.url, Webhook.secret, Webhook.disabled_at)
                .join(
                    Webhook,
                    (Webhook.workspace_id == WebhookDelivery.workspace_id)
                    & (Webhook.id == WebhookDelivery.webhook_id),
                )
                .where(WebhookDelivery.workspace_id == ws, WebhookDelivery.id == delivery_id)
            )
        ).first()
    if row is None:
        return
    if row.disabled_at is not None:
        await _record(engine, row, attempt, None, "the webhook is disabled", final=True)
        return
    body = orjson.dumps(
        {**row.payload, "deliveryId": to_global_id("WebhookDelivery", delivery_id), "attempt": attempt}
    )
    status: int | None = None
    error = await refusal(row.url, allow_private=allow_private)
    if error is None:
        now = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "contactcard-webhooks/1",
            "x-contactcard-event": row.event,
            "x-contactcard-delivery": to_global_id("WebhookDelivery", delivery_id),
            "x-contactcard-signature": signature(row.secret, now, body),
        }
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
                response = await client.post(row.url, content=body, headers=headers)
            status = response.status_code
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    await _record(engine, row, attempt, status, error, final=error is not None and attempt >= MAX_ATTEMPTS)


async def _record(
    engine: AsyncEngine, row: Any, attempt: int, status: int | None, error: str | None, *, final: bool
) -> None:
    ws, now = row.workspace_id, datetime.now(UTC)
    this = (WebhookDelivery.workspace_id == ws) & (WebhookDelivery.id == row.id)
    hook = (Webhook.workspace_id == ws) & (Webhook.id == row.webhook_id)
    async with engine.begin() as conn:
        if error is None:
            await conn.execute(
                update(WebhookDelivery)
                .where(this)
                .values(
                    status=DeliveryStatus.DELIVERED,
                    delivered_at=now,
                    last_status_code=status,
                    last_error=None,
                    next_attempt_at=None,
                )
            )
            await conn.execute(update(Webhook).where(hook).values(failures=0))
            return
        values: dict[str, Any] = {"last_status_code": status, "last_error": error}
        if final:
            values.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
        else:
            values["next_attempt_at"] = now + timedelta(
                seconds=RETRY_AFTER[min(attempt, MAX_ATTEMPTS - 1) - 1]
            )
        await conn.execute(update(WebhookDelivery).where(this).values(**values))
        failures = (
            await conn.execute(
                update(Webhook)
                .where(hook)
                .values(failures=Webhook.failures + 1)
                .returning(Webhook.failures, Webhook.disabled_at)
            )
        ).one()
        if failures.failures >= DISABLE_AFTER and failures.disabled_at is None:
            reason = f"{DISABLE_AFTER} failed attempts in a row; the last: {error}"[:MAX_ERROR]
            await conn.execute(update(Webhook).where(hook).values(disabled_at=now, disabled_reason=reason))
            pending = (
                (WebhookDelivery.workspace_id == ws)
                & (WebhookDelivery.webhook_id == row.webhook_id)
                & (WebhookDelivery.status == DeliveryStatus.PENDING)
            )
            await conn.execute(
                update(WebhookDelivery)
                .where(pending)
                .values(
                    status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="the webhook was disabled"
                )
            )
            log.warning("webhook %s of workspace %s disabled: %s", row.webhook_id, ws, reason)
