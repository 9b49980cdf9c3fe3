"""Deals: create (on one or more contacts), move to another stage of their pipeline, close as won or lost.

A deal is seen, and changed, through its contacts: the viewer must see one of them. Each write is a change
event on every contact of the deal."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from contactcard.db.enums import DealStatus
from contactcard.db.models import Deal, DealContact
from contactcard.db.writes import records
from contactcard.domain.errors import DealCode, UserError
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.resolvers import checks
from contactcard.resolvers.ids import pk_of, to_global_id
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import EDIT_RECORDS

MAX_NAME = 300
MAX_TYPE = 64
MAX_REASON = 1000
_LOADERS = ("deals", "deal_totals_by_contact")


async def _stage(
    unit: Unit, errors: list[UserError], pipeline_id: str | None, stage_id: str | None
) -> tuple[int, int] | None:
    """(pipeline, stage): the given ones, or the first pipeline and its first stage."""
    pipeline_pk = None if pipeline_id is None else pk_of(pipeline_id, "Pipeline")
    pipeline = (
        None
        if pipeline_id is not None and pipeline_pk is None
        else await records.pipeline(unit.conn, unit.workspace_id, pipeline_pk)
    )
    if pipeline is None:
        errors.append(unit.error("input.pipelineId", "UNKNOWN_PIPELINE", "no such pipeline"))
        return None
    if stage_id is None:
        stage = await records.first_stage(unit.conn, unit.workspace_id, pipeline.id)
        if stage is None:
            errors.append(unit.error("input.pipelineId", "UNKNOWN_STAGE", "the pipeline has no stages"))
            return None
        return int(pipeline.id), int(stage.id)
    return await _stage_of(unit, errors, int(pipeline.id), stage_id)


async def _stage_of(
    unit: Unit, errors: list[UserError], pipeline_id: int, stage_id: str
) -> tuple[int, int] | None:
    pk = pk_of(stage_id, "PipelineStage")
    stage = None if pk is None else await records.stage(unit.conn, unit.workspace_id, pk)
    if stage is None:
        errors.append(unit.error("input.stageId", "UNKNOWN_STAGE", "no such stage"))
        return None
    if stage.pipeline_id != pipeline_id:
        errors.append(
            unit.error("input.stageId", "STAGE_OF_ANOTHER_PIPELINE", "the stage belongs to another pipeline")
        )
        return None
    return pipeline_id, int(stage.id)


def _record(unit: Unit, contact_ids: list[int], field: str, before: Any, after: Any) -> None:
    for contact_id in contact_ids:
        unit.changed(field, before, after, contact_id=contact_id)


@mutation(EDIT_RECORDS, DealCode, invalidates=_LOADERS)
async def create(unit: Unit, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    name = checks.text(unit, errors, "input.name", data.get("name"), MAX_NAME, required=True)
    kind = checks.text(unit, errors, "input.type", data.get("type"), MAX_TYPE)
    money = (Decimal("0.00"), unit.viewer.default_currency)
    if data.get("amount") is not None:
        money = checks.amount(unit, errors, "input.amount", data["amount"]) or money
    contacts = await checks.contacts(unit, errors, "input.contactIds", data.get("contact_ids") or [])
    responsible = unit.viewer.user_id
    if "responsible_id" in data:
        responsible = await checks.user(unit, errors, "input.responsibleId", data["responsible_id"])  # type: ignore[assignment]
    placed = await _stage(unit, errors, data.get("pipeline_id"), data.get("stage_id"))
    unit.check(errors)
    assert placed is not None  # noqa: S101  (checked above)
    pipeline_id, stage_id = placed
    deal = await records.insert_row(
        unit.conn,
        Deal,
        unit.workspace_id,
        {
            "name": name,
            "type": kind,
            "amount": money[0],
            "currency": money[1],
            "responsible_user_id": responsible,
            "pipeline_id": pipeline_id,
            "stage_id": stage_id,
        },
    )
    ids = [int(c.id) for c in contacts]
    await records.link(unit.conn, DealContact, unit.workspace_id, deal.id, deal.created_at, ids)
    _record(unit, ids, "deals", None, {"deal": to_global_id("Deal", deal.id), "name": name})
    return int(deal.id)


async def _open_deal(unit: Unit, deal_id: str) -> tuple[Any, list[int]]:
    deal = await unit.record(DEALS_OF_CONTACT, deal_id, "Deal", "id")
    if deal.status is not DealStatus.OPEN:
        unit.refuse("id", "DEAL_CLOSED", f"the deal is {deal.status.value}: reopen it first")
    return deal, await records.linked_contact_ids(unit.conn, DealContact, unit.workspace_id, deal.id)


@mutation(EDIT_RECORDS, DealCode, invalidates=_LOADERS)
async def move_stage(unit: Unit, deal_id: str, stage_id: str) -> int:
    deal, contact_ids = await _open_deal(unit, deal_id)
    errors: list[UserError] = []
    placed = await _stage_of(unit, errors, deal.pipeline_id, stage_id)
    unit.check(errors)
    assert placed is not None  # noqa: S101
    await records.update_row(unit.conn, Deal, unit.workspace_id, deal.id, {"stage_id": placed[1]})
    before = to_global_id("PipelineStage", deal.stage_id)
    _record(unit, contact_ids, "deal.stage", before, to_global_id("PipelineStage", placed[1]))
    return int(deal.id)


@mutation(EDIT_RECORDS, DealCode, invalidates=_LOADERS)
async def close(unit: Unit, deal_id: str, outcome: DealStatus, reason: str | None) -> int:
    deal, contact_ids = await _open_deal(unit, deal_id)
    errors: list[UserError] = []
    if outcome is DealStatus.OPEN:
        errors.append(unit.error("input.outcome", "INVALID_VALUE", "a deal closes as WON or LOST"))
    text = checks.text(unit, errors, "input.reason", reason, MAX_REASON)
    unit.check(errors)
    now = datetime.now(UTC)
    await records.update_row(
        unit.conn,
        Deal,
        unit.workspace_id,
        deal.id,
        {"status": outcome, "closed_at": now, "close_reason": text},
    )
    _record(
        unit, contact_ids, "deal.status", DealStatus.OPEN.value, {"status": outcome.value, "reason": text}
    )
    return int(deal.id)
