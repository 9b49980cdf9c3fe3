"""The contact card: the enabled panels of the viewer's layout, in its order, each with its settings.

A dashboard sends one static query with a fragment per panel type; the layout decides what comes back.
A disabled panel is not in `panels`, so its data is never asked for and runs no SQL. Each panel's data
field is nullable: an error in one panel is reported at its path and the others still arrive.
Adding a panel kind: an entry in `layouts/registry.py` (what a layout may say of it) and a tab in
`schema/tabs.py` or a summary section in `schema/sections.py` (what it shows); its type here, in
PANEL_TYPES, is made from the two.
"""

from __future__ import annotations

from typing import Any

import strawberry

from contactcard.layouts.model import EffectiveLayout, EffectivePanel
from contactcard.layouts.registry import REGISTRY, PanelKind, PanelZone
from contactcard.resolvers.context import RequestContext
from contactcard.schema.behaviour import ConsentState
from contactcard.schema.layouts import CardLayout
from contactcard.schema.sections import SECTION_OF_PANEL
from contactcard.schema.sections import panel_fields as section_fields
from contactcard.schema.tabs import TAB_OF_PANEL, consents_of, panel_fields

Info = strawberry.Info[RequestContext, None]
CONSENT_CHANNELS = 6


@strawberry.interface(description="A panel of the contact card; its data field fetches with its settings.")
class CardPanel:
    kind: PanelKind
    position: int = strawberry.field(description="Its place in the viewer's effective layout (0-based).")
    title: str
    zone: PanelZone = strawberry.field(
        description="Where the panel sits: the tabs, or the summary beside them."
    )
    page_size: int = strawberry.field(
        description="How many entries the panel shows (its `pageSize` setting); 0 for a summary section."
    )
    contact: strawberry.Private[Any]
    """The card's `Contact`: a summary section shows its fields."""
    settings: strawberry.Private[dict[str, Any]]

    @property
    def contact_pk(self) -> int:
        return int(self.contact.pk)


async def _consents(self: CardPanel, info: Info) -> list[ConsentState] | None:
    """What the consents panel shows beside its tab (the log): the current state per channel."""
    return await consents_of(info.context, self.contact_pk)


def _panel_type(kind: PanelKind) -> type[CardPanel]:
    """`<Kind>Panel`: the card panel of a kind, with the fields of its tab (schema/tabs.py) or its summary
    section (schema/sections.py)."""
    tab, section = TAB_OF_PANEL.get(kind), SECTION_OF_PANEL.get(kind)
    if tab is not None:
        namespace: dict[str, Any] = dict(panel_fields(tab))
    elif section is not None:
        namespace = dict(section_fields(section))
    else:
        raise TypeError(
            f"the panel kind {kind} has neither a tab (schema/tabs.py) nor a section (sections.py)"
        )
    if kind is PanelKind.CONSENTS:
        namespace = {"consents": strawberry.field(resolver=_consents), **namespace}
    panel: type[CardPanel] = strawberry.type(type(f"{kind.value.title()}Panel", (CardPanel,), namespace))
    return panel


PANEL_TYPES: dict[PanelKind, type[CardPanel]] = {kind: _panel_type(kind) for kind in REGISTRY}
"""The GraphQL type of each panel kind (`HistoryPanel`, …), made from the tab registry."""


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


def card_of(contact: Any, effective: EffectiveLayout, context: RequestContext) -> ContactCard:
    """The card of `contact` (a `Contact`) as the viewer's effective layout shows it."""
    shown = [p for p in effective.enabled if context.viewer.has_scope(REGISTRY[p.kind].scope)]
    return ContactCard(
        layout=CardLayout.of(effective),
        panels=[
            PANEL_TYPES[p.kind](
                kind=p.kind,
                position=p.position,
                title=p.title,
                zone=REGISTRY[p.kind].zone,
                page_size=p.page_size,
                contact=contact,
                settings=p.settings,
            )
            for p in shown
        ],
        cost=CardCost.of(shown),
    )
