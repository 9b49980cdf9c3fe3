"""Text as PostgreSQL stores it: no NUL character anywhere (text and jsonb refuse U+0000), and names
spelled as the API spells them."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

NUL = "\x00"


def camel(name: str) -> str:
    """A Python name as the API spells it: `close_reason` -> `closeReason` (input paths, change events)."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def nul_path(value: Any, path: str) -> str | None:
    """The dotted path of the first string (or mapping key) inside `value` that holds a NUL, else None.
    Walks mappings, lists and input objects (dataclasses), as a mutation's arguments arrive."""
    if isinstance(value, str):
        return path if NUL in value else None
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime | Enum):
        return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    else:
        return None
    for key, item in items:
        at = f"{path}.{camel(key) if isinstance(key, str) else key}"
        if isinstance(key, str) and NUL in key:
            return at
        found = nul_path(item, at)
        if found is not None:
            return found
    return None
