"""The panel registry: one entry per panel kind, with its title, default position and settings.

Adding a panel kind is one entry here and one tab in `schema/tabs.py` (README: "Adding a panel kind").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from contactcard.db.enums import Scope, TimelineEventType
from contactcard.domain.errors import LayoutCode

PAGE_SIZE_MAX = 50


class PanelKind(StrEnum):
    HISTORY = "HISTORY"
    DEALS = "DEALS"
    TASKS = "TASKS"
    PAYMENTS = "PAYMENTS"
    CALLS = "CALLS"
    COURSES = "COURSES"
    TIMELINE = "TIMELINE"
    CONSENTS = "CONSENTS"
    FILES = "FILES"
    DOCUMENTS = "DOCUMENTS"
    TAGS = "TAGS"
    DETAILS = "DETAILS"
    COMPANIES = "COMPANIES"
    ECOMMERCE = "ECOMMERCE"
    OWNERS = "OWNERS"


class PanelZone(StrEnum):
    """Where a panel sits on the card (seed 003): the tabs of what happened with the contact, or the
    summary beside them (who the contact is: tags, details, companies, purchases, owners)."""

    TABS = "TABS"
    SUMMARY = "SUMMARY"


class SettingError(ValueError):
    """A setting's value is of the wrong type (`code` INVALID_SETTING) or out of its bounds."""

    def __init__(self, message: str, code: LayoutCode = LayoutCode.SETTING_OUT_OF_RANGE) -> None:
        super().__init__(message)
        self.code = code


class SettingKind(StrEnum):
    WHOLE_NUMBER = "WHOLE_NUMBER"
    """An integer between `minimum` and `maximum`."""
    ONE_OF = "ONE_OF"
    """One of `options`."""
    SOME_OF = "SOME_OF"
    """A list of `options` (empty: all)."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Callable[[Any], Any]
    """Returns the value to store, or raises SettingError."""
    kind: SettingKind
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[str, ...] = ()


def page_size(default: int = 10) -> Setting:
    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise SettingError("pageSize must be a whole number", LayoutCode.INVALID_SETTING)
        if not 1 <= value <= PAGE_SIZE_MAX:
            raise SettingError(f"pageSize must be between 1 and {PAGE_SIZE_MAX}, got {value}")
        return value

    return Setting("pageSize", default, check, SettingKind.WHOLE_NUMBER, 1, PAGE_SIZE_MAX)


def one_of(name: str, options: tuple[str, ...], default: str) -> Setting:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise SettingError(f"{name} must be one of {', '.join(options)}", LayoutCode.INVALID_SETTING)
        if value not in options:
            raise SettingError(f"{name} must be one of {', '.join(options)}, got {value[:40]!r}")
        return value

    return Setting(name, default, check, SettingKind.ONE_OF, options=options)


def some_of(name: str, options: tuple[str, ...]) -> Setting:
    """A set of options, stored sorted; empty means all."""

    def check(value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SettingError(f"{name} must be a list of {', '.join(options)}", LayoutCode.INVALID_SETTING)
        unknown = [item[:40] for item in value if item not in options][:5]
        if unknown:
            raise SettingError(f"{name} has unknown values {', '.join(map(repr, unknown))}")
        return sorted(set(value), key=options.index)

    return Setting(name, [], check, SettingKind.SOME_OF, options=options)


@dataclass(frozen=True)
class PanelDef:
    kind: PanelKind
    title: str
    settings: tuple[Setting, ...]
    scope: Scope = Scope.READ
    """What a viewer's token needs for the panel to be shown."""
    zone: PanelZone = PanelZone.TABS

    def defaults(self) -> dict[str, Any]:
        return {setting.name: setting.default for setting in self.settings}

    def setting(self, name: str) -> Setting | None:
        return next((s for s in self.settings if s.name == name), None)

    def page_size(self, settings: Mapping[str, Any]) -> int:
        """Its entries per page; 0 for a panel that shows no list (a summary section)."""
        setting = self.setting("pageSize")
        return 0 if setting is None else int(settings.get("pageSize", setting.default))


_TIMELINE_TYPES = tuple(t.value for t in TimelineEventType)

REGISTRY: dict[PanelKind, PanelDef] = {
    definition.kind: definition
    for definition in (
        PanelDef(PanelKind.HISTORY, "History", (page_size(), one_of("only", ("ALL", "COMMENTS"), "ALL"))),
        PanelDef(PanelKind.DEALS, "Deals", (page_size(),)),
        PanelDef(PanelKind.TASKS, "Tasks", (page_size(),)),
        PanelDef(PanelKind.PAYMENTS, "Payments", (page_size(),)),
        PanelDef(PanelKind.CALLS, "Calls", (page_size(),)),
        PanelDef(PanelKind.COURSES, "Courses", (page_size(),)),
        PanelDef(PanelKind.TIMELINE, "Timeline", (page_size(), some_of("types", _TIMELINE_TYPES))),
        PanelDef(PanelKind.CONSENTS, "Consents", (page_size(5),)),
        PanelDef(PanelKind.FILES, "Files", (page_size(),)),
        PanelDef(PanelKind.DOCUMENTS, "Documents", (page_size(),)),
        PanelDef(PanelKind.TAGS, "Tags", (), zone=PanelZone.SUMMARY),
        PanelDef(PanelKind.DETAILS, "Details", (), zone=PanelZone.SUMMARY),
        PanelDef(PanelKind.COMPANIES, "Companies", (), zone=PanelZone.SUMMARY),
        PanelDef(PanelKind.ECOMMERCE, "eCommerce", (), zone=PanelZone.SUMMARY),
        PanelDef(PanelKind.OWNERS, "Owners", (), zone=PanelZone.SUMMARY),
    )
}
"""In default order: a kind's default position is its place here."""


def known_kind(kind: str) -> PanelKind | None:
    try:
        return PanelKind(kind)
    except ValueError:
        return None
