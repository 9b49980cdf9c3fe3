"""The contact card: the enabled panels of the viewer's layout, in its order, each with its settings.

A dashboard sends one static query with a fragment per panel type; the layout decides what comes back.
A disabled panel is not in `panels`, so its data is never asked for and runs no SQL. Each panel's data
field is nullable: an error in one panel is reported at its path and the others still arrive.
Adding a panel kind: an entry in `layouts/registry.py` and a type here, in PANEL_TYPES.
"""

from __future__ import annotations

from typing import Any

import strawberry

from contactcard.db.enums import TimelineEventType
from contactcard.layouts.model import EffectiveLayout, EffectivePanel
from contactcard.layouts.registry import REGISTRY, PanelKind
from contactcard.resolvers.context import RequestContext
from contactcard.schema import tabs
from contactcard.schema.activity import HistoryEntry
from contactcard.schema.behaviour import ConsentRecord, ConsentState, TimelineEvent
from contactcard.schema.commerce import Call, Enrollment, Payment
from contactcard.schema.deals import Deal
from contactcard.schema.enums import HistoryFilter
from contactcard.schema.layouts import CardLayout
from contactcard.schema.pagination import Connection
from contactcard.schema.tasks import Task

Info = strawberry.Info[RequestContext, None]
CONSENT_CHANNELS = 6


@strawberry.interface(description="A panel of the contact card; its data field fetches with its settings.")
class CardPanel:
    kind: PanelKind
    position: int = strawberry.field(description="Its place in the viewer's effective layout (0-based).")
    title: str
    page_size: int = strawberry.field(
        description="How many entries the panel shows (its `pageSize` setting)."
    )
    contact_pk: strawberry.Private[int]
    settings: strawberry.Private[dict[str, Any]]


def _only(settings: dict[str, Any]) -> HistoryFilter:
    return HistoryFilter(settings.get("only", "ALL"))


def _types(settings: dict[str, Any]) -> list[TimelineEventType]:
    return [TimelineEventType(t) for t in settings.get("types", [])]


@strawberry.type
class HistoryPanel(CardPanel):
    @strawberry.field
    def only(self) -> HistoryFilter:
        return _only(self.settings)

    @strawberry.field
    async def history(self, info: Info, after: str | None = None) -> Connection[HistoryEntry] | None:
        return await tabs.history(info.context, self.contact_pk, self.page_size, after, _only(self.settings))


@strawberry.type
class DealsPanel(CardPanel):
    @strawberry.field
    async def deals(self, info: Info, after: str | None = None) -> Connection[Deal] | None:
        return await tabs.deals(info.context, self.contact_pk, self.page_size, after)


@strawberry.type
class TasksPanel(CardPanel):
    @strawberry.field
    async def tasks(self, info: Info, after: str | None = None) -> Connection[Task] | None:
        return await tabs.tasks(info.context, self.contact_pk, self.page_size, after)


@strawberry.type
class PaymentsPanel(CardPanel):
    @strawberry.field
    async def payments(self, info: Info, after: str | None = None) -> Connection[Payment] | None:
        return await tabs.payments(info.context, self.contact_pk, self.page_size, after)


@strawberry.type
class CallsPanel(CardPanel):
    @strawberry.field
    async def calls(self, info: Info, after: str | None = None) -> Connection[Call] | None:
        return await tabs.calls(info.context, self.contact_pk, self.page_size, after)


@strawberry.type
class CoursesPanel(CardPanel):
    @strawberry.field
    async def courses(self, info: Info, after: str | None = None) -> Connection[Enrollment] | None:
        return await tabs.courses(info.context, self.contact_pk, self.page_size, after)


@strawberry.type
class TimelinePanel(CardPanel):
    @strawberry.field(description="The event types shown; empty: all.")
    def types(self) -> list[TimelineEventType]:
        return _types(self.settings)

    @strawberry.field
    async def timeline(self, info: Info, after: str | None = None) -> Connection[TimelineEvent] | None:
        return await tabs.timeline(
            info.context, self.contact_pk, self.page_size, after, _types(self.settings)
        )


@strawberry.type
class ConsentsPanel(CardPanel):
    @strawberry.field
    async def consents(self, info: Info) -> list[ConsentState] | None:
        return await tabs.consents(info.context, self.contact_pk)

    @strawberry.field
    async def consent_log(self, info: Info, after: str | None = None) -> Connection[ConsentRecord] | None:
        return await tabs.consent_log(info.context, self.contact_pk, self.page_size, after)


PANEL_TYPES: dict[PanelKind, type[CardPanel]] = {
    PanelKind.HISTORY: HistoryPanel,
    PanelKind.DEALS: DealsPanel,
    PanelKind.TASKS: TasksPanel,
    PanelKind.PAYMENTS: PaymentsPanel,
    PanelKind.CALLS: CallsPanel,
    PanelKind.COURSES: CoursesPanel,
    PanelKind.TIMELINE: TimelinePanel,
    PanelKind.CONSENTS: ConsentsPanel,
}
assert set(PANEL_TYPES) == set(REGISTRY), "every panel kind needs its GraphQL type"  # noqa: S101


@strawberry.type(description="What a card with this layout can cost, known before asking for its data.")
class CardCost:
    panels: int = strawberry.field(description="Enabled panels: at most one statement each for their lists.")
    nodes: int = strawberry.field(
        description="The most list entries the panels can return (their page sizes)."
    )

    @classmethod
    def of(cls, panels: list[EffectivePanel]) -> CardCost:
        extra = CONSENT_CHANNELS if any(p.kind is PanelKind.CONSENTS for p in panels) else 0
        return cls(panels=len(panels), nodes=sum(p.page_size for p in panels) + extra)


@strawberry.type
class ContactCard:
    layout: CardLayout
    panels: list[CardPanel]
    cost: CardCost


def card_of(contact_pk: int, effective: EffectiveLayout, context: RequestContext) -> ContactCard:
    shown = [p for p in effective.enabled if context.viewer.has_scope(REGISTRY[p.kind].scope)]
    return ContactCard(
        layout=CardLayout.of(effective),
        panels=[
            PANEL_TYPES[p.kind](
                kind=p.kind,
                position=p.position,
                title=p.title,
                page_size=p.page_size,
                contact_pk=contact_pk,
                settings=p.settings,
            )
            for p in shown
        ],
        cost=CardCost.of(shown),
    )
