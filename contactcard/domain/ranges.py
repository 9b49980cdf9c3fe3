"""The ranges of PostgreSQL's integer columns: a value from a caller (a cursor, an input) is checked against
its column's before it is bound, since asyncpg refuses an out-of-range value with an error that is not the
caller's (and PostgreSQL's arithmetic on it overflows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger


@dataclass(frozen=True)
class IntRange:
    name: str
    low: int
    high: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high


SMALLINT = IntRange("smallint", -(2**15), 2**15 - 1)
INTEGER = IntRange("integer", -(2**31), 2**31 - 1)
BIGINT = IntRange("bigint", -(2**63), 2**63 - 1)


def range_of(column_type: Any) -> IntRange:
    """The range of an integer column's SQLAlchemy type (BigInteger and SmallInteger subclass Integer)."""
    if isinstance(column_type, BigInteger):
        return BIGINT
    if isinstance(column_type, SmallInteger):
        return SMALLINT
    if isinstance(column_type, Integer):
        return INTEGER
    raise TypeError(f"{column_type!r} is not an integer type")
