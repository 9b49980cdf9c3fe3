"""Custom field values: what each field type takes, and the form it is stored in (`contacts.attributes`)."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from contactcard.db.enums import FieldType

MAX_TEXT = 2000
MAX_NUMBER = 10**15
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ValueRefused(ValueError):
    """Why a value does not fit its field (the message says what the field takes)."""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueRefused("takes a string")
    if len(value) > MAX_TEXT:
        raise ValueRefused(f"takes at most {MAX_TEXT} characters")
    return value


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueRefused("takes a number")
    if abs(value) >= MAX_NUMBER:
        raise ValueRefused(f"takes a number below {MAX_NUMBER:.0e} in size")
    return value


def _date(value: Any) -> str:
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueRefused("takes a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueRefused(f"{value} is not a date of the calendar") from None


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueRefused("takes true or false")
    return value


def _select(value: Any, options: list[str]) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueRefused(f"takes one of {', '.join(options)}")
    return value


def _multiselect(value: Any, options: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueRefused("takes a list of options")
    unknown = [item for item in value if item not in options]
    if unknown:
        raise ValueRefused(f"has no option {unknown[0][:40]!r} (options: {', '.join(options)})")
    return [option for option in options if option in value]  # each once, in the field's order


def is_web_address(text: str) -> bool:
    """An http(s) address with a host and no spaces (what links and URL fields take)."""
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in text


def _url(value: Any) -> str:
    text = _text(value).strip()
    if not is_web_address(text):
        raise ValueRefused("takes an http(s):// address")
    return text


def checked_value(type_: FieldType, options: list[str], value: Any) -> Any:
    """The value to store for a field of `type_` (None: unset), or ValueRefused."""
    if value is None:
        return None
    if type_ is FieldType.SELECT:
        return _select(value, options)
    if type_ is FieldType.MULTISELECT:
        return _multiselect(value, options) or None
    checks = {
        FieldType.TEXT: _text,
        FieldType.NUMBER: _number,
        FieldType.DATE: _date,
        FieldType.BOOLEAN: _boolean,
        FieldType.URL: _url,
    }
    return checks[type_](value)


def fits(type_: FieldType, options: list[str], value: Any) -> bool:
    """Whether a stored value would still be taken by a field of `type_` with `options`."""
    try:
        checked_value(type_, options, value)
    except ValueRefused:
        return False
    return True
