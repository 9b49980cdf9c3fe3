"""Named periods ("today", "last month", …) as UTC bounds, in the workspace's time zone.

A period is a half-open range [start, end) of instants. Days begin at local midnight, so a day across a
daylight saving change is 23 or 25 hours long; the bounds come from local dates, never from adding hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Period(StrEnum):
    TODAY = "TODAY"
    YESTERDAY = "YESTERDAY"
    LAST_7_DAYS = "LAST_7_DAYS"
    """Today and the 6 days before it."""
    LAST_30_DAYS = "LAST_30_DAYS"
    """Today and the 29 days before it."""
    THIS_MONTH = "THIS_MONTH"
    LAST_MONTH = "LAST_MONTH"
    CUSTOM = "CUSTOM"
    """Between two given instants (`from` inclusive, `to` exclusive)."""


class PeriodRefused(ValueError):
    """A CUSTOM period without both bounds, or with `from` after `to`."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _first_of_month(day: date, months_back: int = 0) -> date:
    """The first day of `day`'s month, `months_back` months earlier (negative: later)."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def bounds(
    period: Period,
    *,
    now: datetime,
    time_zone: str,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of `period` as seen at `now` in `time_zone`."""
    if period is Period.CUSTOM:
        if start is None or end is None:
            raise PeriodRefused("a CUSTOM period needs both `from` and `to`")
        if start.tzinfo is None or end.tzinfo is None:
            raise PeriodRefused("give `from` and `to` with their time zone")
        if start > end:
            raise PeriodRefused("`from` lies after `to`")
        return start.astimezone(UTC), end.astimezone(UTC)
    tz = zone(time_zone)
    today = now.astimezone(tz).date()
    tomorrow = today + timedelta(days=1)
    days = {
        Period.TODAY: (today, tomorrow),
        Period.YESTERDAY: (today - timedelta(days=1), today),
        Period.LAST_7_DAYS: (today - timedelta(days=6), tomorrow),
        Period.LAST_30_DAYS: (today - timedelta(days=29), tomorrow),
        Period.THIS_MONTH: (_first_of_month(today), _first_of_month(today, -1)),
        Period.LAST_MONTH: (_first_of_month(today, 1), _first_of_month(today)),
    }
    first, after = days[period]
    return _midnight(first, tz), _midnight(after, tz)
