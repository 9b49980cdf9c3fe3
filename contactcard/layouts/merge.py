"""The layer merge: built-in -> workspace -> role -> user (DESIGN.md section 4).

Order. A layer reorders only the kinds it mentions, among the places those kinds held: the kinds it does not
mention keep their inherited position. So a kind new to the workspace default (or one a user never touched)
appears where the default puts it, even for a user with a stored layout.

Locks. An admin layer (workspace, role) may lock a panel: it is pinned at the index of its entry in that
layer, with that entry's enabled state and settings, and the layers below cannot change it. Workspace pins
are placed first; a role pin that lands on a taken place moves to the next free one. An admin layer may
also lock itself whole: the layers below it are then ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contactcard.layouts.model import ADMIN_LAYERS, EffectiveLayout, EffectivePanel, Layer, Source
from contactcard.layouts.registry import REGISTRY, PanelKind


@dataclass
class _Panel:
    enabled: bool
    settings: dict[str, Any]
    source: Source
    locked: bool = False


def built_in() -> Layer:
    return Layer(Source.BUILT_IN)


def merge(layers: list[Layer]) -> EffectiveLayout:
    """The effective layout of `layers`, given top (workspace) to bottom (user); missing layers are fine."""
    state = {
        kind: _Panel(True, definition.defaults(), Source.BUILT_IN) for kind, definition in REGISTRY.items()
    }
    order: list[PanelKind] = list(REGISTRY)  # the unpinned kinds, in their current order
    pins: list[tuple[int, int, PanelKind]] = []  # (layer rank, index, kind)
    locked_by: Source | None = None
    user_version = 0
    self_locked = False
    for rank, layer in enumerate(layers):
        if layer.source is Source.USER:
            user_version, self_locked = layer.version, layer.locked
        if locked_by is not None:
            continue
        movers: list[PanelKind] = []
        for index, entry in enumerate(layer.panels):
            panel = state[entry.kind]
            if panel.locked:
                continue
            if entry.enabled is not None:
                panel.enabled = entry.enabled
            panel.settings = {**panel.settings, **entry.settings}
            panel.source = layer.source
            if entry.locked and layer.source in ADMIN_LAYERS:
                panel.locked = True
                pins.append((rank, index, entry.kind))
                order.remove(entry.kind)
            else:
                movers.append(entry.kind)
        slots = sorted(order.index(kind) for kind in movers)
        for slot, kind in zip(slots, movers, strict=True):
            order[slot] = kind
        if layer.locked and layer.source in ADMIN_LAYERS:
            locked_by = layer.source
    return EffectiveLayout(
        panels=tuple(
            EffectivePanel(
                kind=kind,
                position=position,
                enabled=state[kind].enabled,
                settings=state[kind].settings,
                locked=state[kind].locked,
                source=state[kind].source,
            )
            for position, kind in enumerate(_place(order, pins))
        ),
        version=user_version,
        locked_by=locked_by,
        self_locked=self_locked,
    )


def _place(order: list[PanelKind], pins: list[tuple[int, int, PanelKind]]) -> list[PanelKind]:
    """Pinned kinds at their index (upper layers first), the others in `order` around them."""
    size = len(order) + len(pins)
    places: list[PanelKind | None] = [None] * size
    for _, index, kind in sorted(pins):
        free = [i for i in range(size) if places[i] is None]
        place = next((i for i in free if i >= min(index, size - 1)), free[-1])
        places[place] = kind
    rest = iter(order)
    return [kind if kind is not None else next(rest) for kind in places]
