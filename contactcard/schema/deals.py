"""Deals, their pipeline and stage, and their contacts (the graph partners walk)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.loaders.deals import CONTACTS_OF_DEAL
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import DealStatus
from contactcard.schema.linked import LazyContact, linked_contacts
from contactcard.schema.money import Money
from contactcard.schema.node import Node
from contactcard.schema.pagination import Connection
from contactcard.schema.users import User, user_of

Info = strawberry.Info[RequestContext, None]


@strawberry.type
class PipelineStage:
    id: strawberry.ID
    name: str
    position: int
    probability: int = strawberry.field(description="Chance of winning at this stage, in percent.")

    @classmethod
    def from_row(cls, row: Record) -> PipelineStage:
        return cls(
            id=strawberry.ID(to_global_id("PipelineStage", row.id)),
            name=row.name,
            position=row.position,
            probability=row.probability,
        )


@strawberry.type
class Pipeline:
    id: strawberry.ID
    pk: strawberry.Private[int]
    name: str

    @strawberry.field(description="Its stages, in order: what `stageId` of a deal of this pipeline takes.")
    async def stages(self, info: Info) -> list[PipelineStage]:
        rows = await info.context.loaders.stages_by_pipeline.load(self.pk)
        return [PipelineStage.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: Record) -> Pipeline:
        return cls(id=strawberry.ID(to_global_id("Pipeline", row.id)), pk=row.id, name=row.name)


@strawberry.type
class Deal(Node):
    id: strawberry.ID
    pk: strawberry.Private[int]
    source_row: strawberry.Private[Record]
    """The list row it was made from: joined references are read from it only when asked."""
    name: str
    amount: Money
    type: str | None
    status: DealStatus
    created_at: datetime
    closed_at: datetime | None
    close_reason: str | None = strawberry.field(description="Why it was won or lost.")

    @strawberry.field
    def responsible(self) -> User | None:
        return user_of(self.source_row.responsible)

    @strawberry.field
    def stage(self) -> PipelineStage | None:
        row = self.source_row.stage
        return None if row is None else PipelineStage.from_row(row)

    @strawberry.field
    def pipeline(self) -> Pipeline | None:
        row = self.source_row.pipeline
        return None if row is None else Pipeline.from_row(row)

    @strawberry.field(description="The deal's contacts the viewer may see, in the deal's order.")
    async def contacts(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LazyContact] | None:
        return await linked_contacts(info.context, CONTACTS_OF_DEAL, self.pk, first, after)

    @classmethod
    def from_row(cls, row: Record) -> Deal:
        return cls(
            id=strawberry.ID(to_global_id("Deal", row.id)),
            pk=row.id,
            source_row=row,
            name=row.name,
            amount=Money.of(row.amount, row.currency),
            type=row.type,
            status=DealStatus(row.status),
            created_at=row.created_at,
            closed_at=row.closed_at,
            close_reason=row.close_reason,
        )
