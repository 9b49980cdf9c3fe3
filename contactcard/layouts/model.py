"""Layers as stored, and the effective layout the merge makes of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from contactcard.layouts.registry import REGISTRY, PanelKind, SettingError, known_kind


class Source(StrEnum):
    """Which layer decided a panel. Layers apply in this order, each over the one before."""

    BUILT_IN = "BUILT_IN"
    WORKSPACE = "WORKSPACE"
    ROLE = "ROLE"
    USER = "USER"


ADMIN_LAYERS = (Source.WORKSPACE, Source.ROLE)


@dataclass(frozen=True)
class LayerPanel:
    """One layer's say about a panel: `enabled` None and missing settings inherit. `locked` (admin layers
    only) pins the panel at this entry's index with its enabled state and settings, for every layer below."""

    kind: PanelKind
    enabled: bool | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    locked: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "settings": self.settings}
        if self.enabled is not None:
            data["enabled"] = self.enabled
        if self.locked:
            data["locked"] = True
        return data


@dataclass(frozen=True)
class Layer:
    source: Source
    panels: tuple[LayerPanel, ...] = ()
    locked: bool = False
    version: int = 0

    def panels_json(self) -> list[dict[str, Any]]:
        return [panel.to_json() for panel in self.panels]

    def entry(self, kind: PanelKind) -> LayerPanel | None:
        return next((panel for panel in self.panels if panel.kind is kind), None)


def layer_from_json(source: Source, data: Any, *, locked: bool = False, version: int = 0) -> Layer:
    """A stored layer, read leniently: unknown kinds, repeated kinds and settings that no longer validate
    are dropped (a kind removed from the registry must never make a viewer's card fail)."""
    panels: list[LayerPanel] = []
    seen: set[PanelKind] = set()
    for item in data if isinstance(data, list) else []:
        kind = known_kind(str(item.get("kind"))) if isinstance(item, dict) else None
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        enabled = item.get("enabled")
        settings: dict[str, Any] = {}
        raw = item.get("settings")
        for name, value in raw.items() if isinstance(raw, dict) else ():
            setting = REGISTRY[kind].setting(name)
            if setting is None:
                continue
            try:
                settings[name] = setting.check(value)
            except SettingError:
                continue
        panels.append(
            LayerPanel(
                kind=kind,
                enabled=enabled if isinstance(enabled, bool) else None,
                settings=settings,
                locked=bool(item.get("locked")) and source in ADMIN_LAYERS,
            )
        )
    return Layer(
        source=source,
        panels=tuple(panels),
        locked=locked and source in (*ADMIN_LAYERS, Source.USER),
        version=version,
    )


@dataclass(frozen=True)
class EffectivePanel:
    kind: PanelKind
    position: int
    enabled: bool
    settings: dict[str, Any]
    locked: bool
    source: Source

    @property
    def title(self) -> str:
        return REGISTRY[self.kind].title

    @property
    def page_size(self) -> int:
        return REGISTRY[self.kind].page_size(self.settings)


@dataclass(frozen=True)
class EffectiveLayout:
    panels: tuple[EffectivePanel, ...]
    version: int
    """The version of the user's own layer (0 when they have none)."""
    locked_by: Source | None = None
    """The admin layer that locks the whole layout, if any: then the user can change nothing."""
    self_locked: bool = False
    """The user locked their own layout against edits (seed 003's "lock editing"): every edit but unlocking
    is refused until they unlock it. It changes nothing of what the card shows."""

    @property
    def locked(self) -> bool:
        return self.locked_by is not None

    def panel(self, kind: PanelKind) -> EffectivePanel:
        return next(panel for panel in self.panels if panel.kind is kind)

    @property
    def enabled(self) -> tuple[EffectivePanel, ...]:
        return tuple(panel for panel in self.panels if panel.enabled)
