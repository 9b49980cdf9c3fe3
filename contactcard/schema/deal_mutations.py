"""Deal mutations: create, move stage, close (resolvers/deal_writes.py)."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from contactcard.db.enums import DealStatus
from contactcard.domain.errors import DealCode
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.resolvers import deal_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.deals import Deal
from contactcard.schema.payloads import Problem, provided, read_back

Info = strawberry.Info[RequestContext, None]

strawberry.enum(DealCode, name="DealErrorCode", description="Why a deal mutation wrote nothing.")


@strawberry.enum(description="How a deal ends.")
class DealOutcome(StrEnum):
    WON = "WON"
    LOST = "LOST"


@strawberry.type(name="DealError")
class DealError(Problem[DealCode]):
    pass


@strawberry.type
class DealPayload:
    deal: Deal | None
    user_errors: list[DealError]


@strawberry.input(
    description="An amount of money: a decimal string with at most 2 decimals, and an ISO currency."
)
class MoneyInput:
    amount: str = strawberry.field(description="e.g. `1250.50`; not negative.")
    currency: str = strawberry.field(description="ISO 4217, e.g. `EUR`.")


@strawberry.input
class DealCreateInput:
    name: str
    contact_ids: list[strawberry.ID] = strawberry.field(description="1 to 50 contacts the deal is with.")
    amount: MoneyInput | None = strawberry.field(
        default=None, description="Default: 0 in the workspace currency."
    )
    responsible_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Default: you."
    )
    pipeline_id: strawberry.ID | None = strawberry.field(
        default=None, description="Default: the first pipeline."
    )
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="Default: its first stage.")
    type: str | None = None


@strawberry.input
class DealMoveStageInput:
    stage_id: strawberry.ID = strawberry.field(description="A stage of the deal's pipeline.")


@strawberry.input
class DealCloseInput:
    outcome: DealOutcome
    reason: str | None = strawberry.field(default=None, description="Why it was won or lost.")


async def _payload(info: Info, outcome: Outcome[int]) -> DealPayload:
    return DealPayload(
        deal=await read_back(info, outcome, DEALS_OF_CONTACT, Deal.from_row),
        user_errors=DealError.list_of(outcome.errors),
    )


@strawberry.type
class DealMutation:
    @strawberry.mutation(description="Open a deal with one or more contacts.")
    async def deal_create(self, info: Info, input: DealCreateInput) -> DealPayload:
        return await _payload(info, await write.create(info.context, provided(input)))

    @strawberry.mutation(description="Move an open deal to another stage of its pipeline.")
    async def deal_move_stage(self, info: Info, id: strawberry.ID, input: DealMoveStageInput) -> DealPayload:
        return await _payload(info, await write.move_stage(info.context, id, input.stage_id))

    @strawberry.mutation(description="Close an open deal as won or lost.")
    async def deal_close(self, info: Info, id: strawberry.ID, input: DealCloseInput) -> DealPayload:
        outcome = await write.close(info.context, id, DealStatus(input.outcome.value), input.reason)
        return await _payload(info, outcome)
