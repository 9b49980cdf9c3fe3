"""Validation of layout input: every problem is a `LayoutError` naming the field, and nothing is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from contactcard.domain.errors import LayoutCode, UserError, shown
from contactcard.layouts.model import LayerPanel
from contactcard.layouts.registry import REGISTRY, PanelKind, SettingError, known_kind

MAX_PANELS = 50
MAX_SETTINGS_BYTES = 4096


LayoutError = UserError
"""A problem with layout input; its code is a `LayoutCode`."""


@dataclass(frozen=True)
class PanelInput:
    kind: str
    enabled: bool | None = None
    settings: Any = None
    locked: bool | None = None


def validate_settings(kind: PanelKind, settings: Any, field: str) -> tuple[dict[str, Any], list[LayoutError]]:
    """The settings to store for `kind`, or the errors (each naming `field.<setting>`)."""
    if settings is None:
        return {}, []
    if not isinstance(settings, dict):
        return {}, [LayoutError(field, LayoutCode.INVALID_SETTING, "settings must be an object")]
    try:
        size = len(orjson.dumps(settings))
    except (TypeError, orjson.JSONEncodeError):
        return {}, [
            LayoutError(field, LayoutCode.INVALID_SETTING, "settings must be a flat object of known settings")
        ]
    if size > MAX_SETTINGS_BYTES:
        return {}, [
            LayoutError(
                field, LayoutCode.SETTINGS_TOO_LARGE, f"settings take at most {MAX_SETTINGS_BYTES} bytes"
            )
        ]
    definition = REGISTRY[kind]
    values: dict[str, Any] = {}
    errors: list[LayoutError] = []
    for name, value in settings.items():
        setting = definition.setting(name)
        if setting is None:
            known = ", ".join(s.name for s in definition.settings)
            errors.append(
                LayoutError(
                    f"{field}.{name[:40]}",
                    LayoutCode.INVALID_SETTING,
                    f"{kind} has no setting {shown(name)} ({known})",
                )
            )
            continue
        try:
            values[name] = setting.check(value)
        except SettingError as exc:
            errors.append(LayoutError(f"{field}.{name}", exc.code, str(exc)))
    return values, errors


def validate_panels(
    inputs: Sequence[PanelInput], *, may_lock: bool
) -> tuple[tuple[LayerPanel, ...], list[LayoutError]]:
    """A layer's panels from input: known kinds, each once, valid settings; `locked` only where allowed."""
    if len(inputs) > MAX_PANELS:
        return (), [
            LayoutError("panels", LayoutCode.TOO_MANY_PANELS, f"a layout has at most {MAX_PANELS} panels")
        ]
    panels: list[LayerPanel] = []
    errors: list[LayoutError] = []
    seen: set[PanelKind] = set()
    for index, item in enumerate(inputs):
        field = f"panels.{index}"
        kind = known_kind(item.kind)
        if kind is None:
            known = ", ".join(REGISTRY)
            errors.append(
                LayoutError(
                    f"{field}.kind", LayoutCode.UNKNOWN_PANEL, f"unknown panel {shown(item.kind)} ({known})"
                )
            )
            continue
        if kind in seen:
            errors.append(
                LayoutError(f"{field}.kind", LayoutCode.DUPLICATE_PANEL, f"{kind} appears more than once")
            )
            continue
        seen.add(kind)
        if item.locked and not may_lock:
            errors.append(
                LayoutError(
                    f"{field}.locked", LayoutCode.FORBIDDEN, "only workspace and role defaults lock panels"
                )
            )
            continue
        settings, setting_errors = validate_settings(kind, item.settings, f"{field}.settings")
        errors += setting_errors
        panels.append(
            LayerPanel(kind=kind, enabled=item.enabled, settings=settings, locked=bool(item.locked))
        )
    return tuple(panels), errors
