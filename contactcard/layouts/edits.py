"""Edits of a user's own layer, checked against the effective layout: what is locked cannot be changed.

Each returns the layer's new panels, or the errors. An edit that touches a kind the user's layer does not
mention yet inserts it where the effective order already has it, so nothing else moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from contactcard.domain.errors import LayoutCode, shown
from contactcard.layouts.model import EffectiveLayout, Layer, LayerPanel
from contactcard.layouts.registry import PanelKind, known_kind
from contactcard.layouts.validation import LayoutError, PanelInput, validate_panels, validate_settings

Edit = tuple[tuple[LayerPanel, ...], list[LayoutError]]


def _editable(
    effective: EffectiveLayout, kind: str | None = None, field: str = "kind"
) -> tuple[PanelKind | None, list[LayoutError]]:
    if effective.locked:
        return None, [
            LayoutError(
                "", LayoutCode.LAYOUT_LOCKED, f"the {effective.locked_by} layout is locked by an admin"
            )
        ]
    if effective.self_locked:
        return None, [
            LayoutError(
                "",
                LayoutCode.LAYOUT_LOCKED,
                "you locked your layout: unlock it (cardLayoutLock) to change it",
            )
        ]
    if kind is None:
        return None, []
    known = known_kind(kind)
    if known is None:
        return None, [LayoutError(field, LayoutCode.UNKNOWN_PANEL, f"unknown panel {shown(kind)}")]
    if effective.panel(known).locked:
        return None, [LayoutError(field, LayoutCode.PANEL_LOCKED, f"{known} is locked by an admin")]
    return known, []


def replace_all(effective: EffectiveLayout, inputs: Sequence[PanelInput]) -> Edit:
    """The whole layer. Entries for locked panels are accepted only if they change nothing, and not stored."""
    _, errors = _editable(effective)
    if errors:
        return (), errors
    panels, errors = validate_panels(inputs, may_lock=False)
    kept: list[LayerPanel] = []
    for index, panel in enumerate(panels):
        current = effective.panel(panel.kind)
        if not current.locked:
            kept.append(panel)
        elif (panel.enabled is not None and panel.enabled != current.enabled) or any(
            current.settings.get(name) != value for name, value in panel.settings.items()
        ):
            errors.append(
                LayoutError(f"panels.{index}", LayoutCode.PANEL_LOCKED, f"{panel.kind} is locked by an admin")
            )
    return tuple(kept), errors


def move(effective: EffectiveLayout, user: Layer, kind: str, position: int) -> Edit:
    known, errors = _editable(effective, kind)
    if known is None:
        return (), errors
    if not 0 <= position < len(effective.panels):
        last = len(effective.panels) - 1
        return (), [
            LayoutError("position", LayoutCode.INVALID_POSITION, f"position must be between 0 and {last}")
        ]
    holder = effective.panels[position]
    if holder.locked:
        return (), [
            LayoutError(
                "position",
                LayoutCode.PANEL_LOCKED,
                f"position {position} holds {holder.kind}, locked by an admin",
            )
        ]
    kinds = [panel.kind for panel in effective.panels if panel.kind is not known]
    kinds.insert(position, known)
    entries = {panel.kind: panel for panel in user.panels}
    unpinned = [k for k in kinds if not effective.panel(k).locked]
    return tuple(entries.get(k, LayerPanel(k)) for k in unpinned), []


def _with_entry(
    effective: EffectiveLayout, user: Layer, kind: PanelKind, **changes: Any
) -> tuple[LayerPanel, ...]:
    entries = list(user.panels)
    for index, entry in enumerate(entries):
        if entry.kind is kind:
            entries[index] = replace(entry, **changes)
            return tuple(entries)
    order = [panel.kind for panel in effective.panels]
    after = order.index(kind)
    later = next((i for i, entry in enumerate(entries) if order.index(entry.kind) > after), len(entries))
    entries.insert(later, replace(LayerPanel(kind), **changes))
    return tuple(entries)


def toggle(effective: EffectiveLayout, user: Layer, kind: str, enabled: bool) -> Edit:
    known, errors = _editable(effective, kind)
    if known is None:
        return (), errors
    return _with_entry(effective, user, known, enabled=enabled), []


def configure(effective: EffectiveLayout, user: Layer, kind: str, settings: Any) -> Edit:
    known, errors = _editable(effective, kind)
    if known is None:
        return (), errors
    values, errors = validate_settings(known, settings, "settings")
    if errors:
        return (), errors
    current = user.entry(known)
    merged = {**(current.settings if current else {}), **values}
    return _with_entry(effective, user, known, settings=merged), []


def reset(effective: EffectiveLayout) -> Edit:
    _, errors = _editable(effective)
    return (), errors
