"""A card's first pages, read before its panels resolve: one statement for every list panel of every card of
the request (db/combined.py, loaders/lists.py `FirstPagesLoader`), instead of one per panel.

Only the panels whose data field the operation selects are read (a card asked for its layout alone reads
no page, a dashboard's static query reads what the layout enables). Which those are depends on the document
and on where in it the card stands, not on the values: it is worked out once per (document, operation, path
without list indexes) from strawberry's `selected_fields` and kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from contactcard.domain.text import camel
from contactcard.loaders.lists import Filters, ListSpec
from contactcard.lru import LeastRecentlyUsed
from contactcard.resolvers import lists as resolve_lists
from contactcard.resolvers.context import RequestContext
from contactcard.schema.tabs import TAB_OF_PANEL

Info = strawberry.Info[RequestContext, None]
_selected: LeastRecentlyUsed[tuple[Any, ...], frozenset[tuple[str, str]]] = LeastRecentlyUsed(256)


def _fields_by_type(selections: Sequence[Any], on: str | None) -> Iterator[tuple[str, str]]:
    """(type condition, field name) of every field selected, fragments expanded."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if on is not None:
                yield on, selection.name
        elif isinstance(selection, InlineFragment | FragmentSpread):
            yield from _fields_by_type(selection.selections, selection.type_condition or on)


def _panel_fields(info: Info) -> frozenset[tuple[str, str]]:
    """(panel type, field) selected under this card's `panels`."""
    found: set[tuple[str, str]] = set()
    stack: list[Any] = list(info.selected_fields)
    while stack:
        selection = stack.pop()
        if isinstance(selection, SelectedField) and selection.name in {"card", "panels"}:
            if selection.name == "panels":
                found.update(_fields_by_type(selection.selections, None))
            else:
                stack.extend(selection.selections)
        elif isinstance(selection, InlineFragment | FragmentSpread):
            stack.extend(selection.selections)
    return frozenset(found)


def selected_panel_fields(info: Info) -> frozenset[tuple[str, str]]:
    """`_panel_fields`, kept by document, operation and path (list indexes left out)."""
    query = info.query
    if query is None:
        return _panel_fields(info)
    operation = info.operation.name
    key = (
        query,
        operation.value if operation else None,
        *(k for k in info.path.as_list() if isinstance(k, str)),
    )
    return _selected.get(key) if key in _selected else _selected.put(key, _panel_fields(info))


async def read_first_pages(info: Info, contact_pk: int, panels: Sequence[Any]) -> None:
    """Read the first page of every list panel of `panels` whose data the operation selects."""
    selected = selected_panel_fields(info)
    pages: list[tuple[ListSpec, int, Filters]] = []
    for panel in panels:
        tab = TAB_OF_PANEL.get(panel.kind)
        if tab is not None and (type(panel).__name__, camel(tab.name)) in selected:
            pages.append((tab.spec, panel.page_size, tab.list_filters(tab.from_settings(panel.settings))))
    await resolve_lists.read_first_pages(info.context, contact_pk, pages)
