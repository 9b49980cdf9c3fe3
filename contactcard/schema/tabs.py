"""The tab registry: each list tab of a contact declared once, here.

An entry names the tab's list (its `ListSpec`), the GraphQL type of its entries and how a row becomes one,
the panel kind that shows it on the card, and the arguments that filter it (with the panel setting that
gives each on the card). From the entries come both the `Contact` field of each tab (`first`, `after`, the
filters) and the card's panel type of each kind (`HistoryPanel.history(after)`, its page size and filters
from the layout), so a tab is never written twice. `layouts/registry.py` holds what a layout may say of a
panel (its title, settings and their bounds); `schema/card.py` builds the card from both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from contactcard.db.enums import TimelineEventType
from contactcard.layouts.registry import PanelKind
from contactcard.loaders.activity import HISTORY
from contactcard.loaders.behaviour import CONSENT_LOG, TIMELINE
from contactcard.loaders.calls import CALLS
from contactcard.loaders.courses import COURSES_OF_CONTACT
from contactcard.loaders.deals import DEALS_OF_CONTACT
from contactcard.loaders.files import DOCUMENTS, FILES
from contactcard.loaders.lists import ListSpec
from contactcard.loaders.payments import PAYMENT_LINKS, PAYMENTS
from contactcard.loaders.tasks import TASKS_OF_CONTACT
from contactcard.resolvers import summaries as resolve_summaries
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.lists import list_page
from contactcard.schema.activity import HistoryEntry, history_entry
from contactcard.schema.behaviour import (
    ConsentRecord,
    ConsentState,
    TimelineEvent,
    consent_states,
    timeline_event,
)
from contactcard.schema.calls import Call
from contactcard.schema.courses import Enrollment
from contactcard.schema.deals import Deal
from contactcard.schema.enums import HistoryFilter
from contactcard.schema.files import Document, File
from contactcard.schema.generated import Info, argument, resolver, signed
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.payments import Payment, PaymentLink
from contactcard.schema.tasks import Task

ListFilters = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class TabFilter:
    """An argument that narrows a tab's rows, and the panel setting that gives it on the card."""

    argument: str
    annotation: Any
    default: Any
    rows: Callable[[Any], ListFilters]
    """The list filters (column, values) for the argument's value."""
    from_setting: Callable[[Any], Any]
    """The argument's value from the panel's stored setting of the same name."""
    setting_annotation: Any
    """The type of the panel's field that says which value the layout chose."""
    description: str
    """Of that field."""


@dataclass(frozen=True)
class Tab:
    name: str
    """The Python name of the `Contact` field and of the panel's data field (`payment_links`)."""
    description: str
    spec: ListSpec
    node: type
    of_row: Callable[[Any], Any]
    panel: PanelKind | None = None
    filters: tuple[TabFilter, ...] = field(default=())

    async def page(
        self, ctx: RequestContext, pk: int, first: int | None, after: str | None, **arguments: Any
    ) -> Connection[Any]:
        chosen = self.list_filters(arguments)
        return connection(await list_page(ctx, self.spec, pk, first, after, chosen), self.of_row)

    def list_filters(self, arguments: dict[str, Any]) -> ListFilters:
        """The list's filters for the tab's filter arguments (their defaults where not given)."""
        return tuple(row for f in self.filters for row in f.rows(arguments.get(f.argument, f.default)))

    def from_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The filter arguments a panel of this tab passes, from its layout settings."""
        return {f.argument: f.from_setting(settings.get(f.argument)) for f in self.filters}


def _history_rows(only: HistoryFilter) -> ListFilters:
    return (("kind", ("COMMENT",)),) if only is HistoryFilter.COMMENTS else ()


def _timeline_rows(types: list[TimelineEventType] | None) -> ListFilters:
    """`types` None (or empty, as a panel setting) means every type."""
    return (("type", tuple(sorted({t.value for t in types}))),) if types else ()


ONLY = TabFilter(
    "only",
    HistoryFilter,
    HistoryFilter.ALL,
    _history_rows,
    lambda stored: HistoryFilter(stored or "ALL"),
    HistoryFilter,
    "Which entries the panel shows (its `only` setting).",
)
TYPES = TabFilter(
    "types",
    list[TimelineEventType] | None,
    None,
    _timeline_rows,
    lambda stored: [TimelineEventType(t) for t in stored or []],
    list[TimelineEventType],
    "The event types shown; empty: all.",
)

TABS: tuple[Tab, ...] = (
    Tab("history", "Comments and change events, newest first.", HISTORY, HistoryEntry, history_entry,
        PanelKind.HISTORY, (ONLY,)),
    Tab("deals", "The contact's deals, newest first.", DEALS_OF_CONTACT, Deal, Deal.from_row,
        PanelKind.DEALS),
    Tab("tasks", "Tasks about the contact, newest first.", TASKS_OF_CONTACT, Task, Task.from_row,
        PanelKind.TASKS),
    Tab("payments", "Payments, newest first.", PAYMENTS, Payment, Payment.from_row, PanelKind.PAYMENTS),
    Tab("payment_links", "Payment links sent to the contact, newest first.", PAYMENT_LINKS, PaymentLink,
        PaymentLink.from_row),
    Tab("calls", "Calls, newest first.", CALLS, Call, Call.from_row, PanelKind.CALLS),
    Tab("courses", "Course enrollments, newest first.", COURSES_OF_CONTACT, Enrollment, Enrollment.from_row,
        PanelKind.COURSES),
    Tab("timeline", "What the contact did, newest first; `types` (omitted or empty: all) filters.", TIMELINE,
        TimelineEvent, timeline_event, PanelKind.TIMELINE, (TYPES,)),
    Tab("consent_log", "Every consent change, newest first (the log is append-only).", CONSENT_LOG,
        ConsentRecord, ConsentRecord.from_row, PanelKind.CONSENTS),
    Tab("files", "Files uploaded to the contact, newest first.", FILES, File, File.from_row, PanelKind.FILES),
    Tab("documents", "Documents about the contact, newest first.", DOCUMENTS, Document, Document.from_row,
        PanelKind.DOCUMENTS),
)  # fmt: skip
TAB_OF_PANEL: dict[PanelKind, Tab] = {tab.panel: tab for tab in TABS if tab.panel is not None}


def contact_field(tab: Tab) -> StrawberryField:
    """`Contact.<tab>(first, after, filters…)`: a page of the tab (null, with an error at its path, on a
    refused argument)."""

    async def body(contact: Any, info: Info, first: int | None = None, after: str | None = None,
                   **filters: Any) -> Connection[Any]:  # fmt: skip
        return await tab.page(info.context, contact.pk, first, after, **filters)

    parameters = [argument("first", int | None, None), argument("after", str | None, None)]
    parameters += [argument(f.argument, f.annotation, f.default) for f in tab.filters]
    returns = Connection[tab.node] | None  # type: ignore[name-defined]
    field_: StrawberryField = strawberry.field(
        resolver=resolver(tab.name, parameters, returns, body), description=tab.description
    )
    return field_


def panel_fields(tab: Tab) -> dict[str, StrawberryField]:
    """The panel's data field (`after` only: the layout sets the page size and the filters), and a field per
    filter saying what the layout chose."""

    async def body(panel: Any, info: Info, after: str | None = None) -> Connection[Any]:
        chosen = tab.from_settings(panel.settings)
        return await tab.page(info.context, panel.contact_pk, panel.page_size, after, **chosen)

    returns = Connection[tab.node] | None  # type: ignore[name-defined]
    fields = {tab.name: strawberry.field(resolver=resolver(tab.name, [argument("after", str | None, None)],
                                                            returns, body))}  # fmt: skip
    for f in tab.filters:
        fields[f.argument] = strawberry.field(resolver=_settingresolver(f), description=f.description)
    return fields


def _settingresolver(tab_filter: TabFilter) -> Any:
    def resolve(self: Any) -> Any:
        return tab_filter.from_setting(self.settings.get(tab_filter.argument))

    return signed(resolve, tab_filter.argument, [], tab_filter.setting_annotation)


def with_tabs(cls: type) -> type:
    """A class decorator (under `@strawberry.type`): a field on `cls` for every tab of the registry."""
    for tab in TABS:
        setattr(cls, tab.name, contact_field(tab))
    return cls


async def consents_of(ctx: RequestContext, pk: int) -> list[ConsentState]:
    """The contact's current consent per channel: a summary, not a list tab (the `Contact` field and the
    consents panel both show it)."""
    return consent_states(await resolve_summaries.consent_states(ctx, pk))
