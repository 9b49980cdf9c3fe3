"""The columns a contact list view shows: built-in ones and one per custom field (`field:<key>`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CellKind(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    DATETIME = "DATETIME"
    BOOLEAN = "BOOLEAN"
    LIST = "LIST"
    USER = "USER"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: CellKind


BUILT_IN = {
    column.key: column
    for column in (
        Column("NAME", "Name", CellKind.TEXT),
        Column("INTEREST", "Interest", CellKind.TEXT),
        Column("SOURCE", "Source", CellKind.TEXT),
        Column("AGENT", "Agent", CellKind.USER),
        Column("STATUS", "Status", CellKind.TEXT),
        Column("CLOSE_REASON", "Close reason", CellKind.TEXT),
        Column("PENDING_SINCE", "Pending since", CellKind.DATETIME),
        Column("CREATED_AT", "Created", CellKind.DATETIME),
        Column("UPDATED_AT", "Updated", CellKind.DATETIME),
        Column("LAST_ACTIVITY_AT", "Last activity", CellKind.DATETIME),
        Column("EMAIL", "Email", CellKind.TEXT),
        Column("PHONE", "Phone", CellKind.TEXT),
        Column("GROUP", "Group", CellKind.TEXT),
        Column("TAGS", "Tags", CellKind.LIST),
        Column("SCORE", "Score", CellKind.NUMBER),
        Column("LOCATION", "Location", CellKind.TEXT),
    )
}
DEFAULT_COLUMNS = (
    "NAME",
    "INTEREST",
    "SOURCE",
    "AGENT",
    "STATUS",
    "CLOSE_REASON",
    "PENDING_SINCE",
    "CREATED_AT",
)
"""A list's columns when no view says otherwise (the commercial contacts panel of the seeds)."""
FIELD_PREFIX = "field:"
FIELD_KINDS = {
    "TEXT": CellKind.TEXT,
    "URL": CellKind.TEXT,
    "NUMBER": CellKind.NUMBER,
    "DATE": CellKind.DATE,
    "BOOLEAN": CellKind.BOOLEAN,
    "SELECT": CellKind.TEXT,
    "MULTISELECT": CellKind.LIST,
}
PAGE_SIZES = (10, 20, 50)
MAX_COLUMNS = 30
