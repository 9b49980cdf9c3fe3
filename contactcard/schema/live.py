"""Subscriptions (graphql-transport-ws at /graphql): a contact's changes, the viewer's notifications.

`contactChanged(id)` says which panels of the card changed (and which fields, as the history names them),
so a dashboard refetches just those; it ends when the viewer may no longer see the contact.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from contactcard.domain.text import camel
from contactcard.layouts.registry import PanelKind
from contactcard.resolvers import live
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of, to_global_id
from contactcard.schema.jobs import Notification
from contactcard.schema.sections import SECTIONS
from contactcard.schema.tabs import TABS

Info = strawberry.Info[RequestContext, None]

PANEL_OF_NAME: dict[str, PanelKind] = {
    **{tab.spec.name: tab.panel for tab in TABS if tab.panel is not None},
    **{camel(tab.name): tab.panel for tab in TABS if tab.panel is not None},
    **{camel(f.name): section.kind for section in SECTIONS for f in section.fields},
}
"""A changed list (its name) or field (its first part, as the history names it) -> the panel showing it."""


def panels_of(lists: list[str], fields: list[str]) -> list[PanelKind]:
    names = {*lists, *(field.split(".", 1)[0] for field in fields)}
    found = {PANEL_OF_NAME[name] for name in names if name in PANEL_OF_NAME}
    if fields:
        found.add(PanelKind.HISTORY)  # every changed field is a change event on the history
    return [kind for kind in PanelKind if kind in found]


@strawberry.type(description="Something about a contact changed (a write committed).")
class ContactChange:
    contact_id: strawberry.ID
    panels: list[PanelKind] = strawberry.field(description="The card's panels whose data changed.")
    fields: list[str] = strawberry.field(description="The changed fields, as the history names them.")


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Each committed change of the contact, from any worker; ends when you may no longer see "
        "it (at once for a contact you may not see)."
    )
    async def contact_changed(self, info: Info, id: strawberry.ID) -> AsyncGenerator[ContactChange, None]:
        pk = pk_of(id, "Contact")
        if pk is None:
            return
        async for event in live.contact_changes(info.context, pk):
            fields = [str(f) for f in event.get("fields", [])]
            yield ContactChange(
                contact_id=strawberry.ID(to_global_id("Contact", pk)),
                panels=panels_of([str(n) for n in event.get("lists", [])], fields),
                fields=fields,
            )

    @strawberry.subscription(description="Your notifications (mentions, finished jobs) as they arrive.")
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        async for row in live.notifications_received(info.context):
            yield Notification.from_row(row)
