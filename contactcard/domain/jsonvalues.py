"""Python values as JSON holds them (change events, stored views, exports)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


def json_ready(value: Any) -> Any:
    """`value` with enums by name, dates and times in ISO 8601, decimals as strings (money is never a
    float); dicts and lists item by item."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
