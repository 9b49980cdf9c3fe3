"""Expected failures of a write (`userErrors`): which input field, a code from the domain's enum, a message.

Each domain has its own code enum (the schema shows it as `<Domain>ErrorCode`), so a code is a member
checked by mypy, never a string that can be mistyped. Every enum has FORBIDDEN (the viewer's token or role
may not do this) and INVALID_VALUE (a value no field of its kind takes, such as text with a NUL character):
the kernel refuses with them before any work.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class UserError:
    field: str
    """Dotted path of the input field (`input.emails.1`); empty when the error is about the whole input."""
    code: StrEnum
    message: str


class Refused(Exception):
    """Raised inside a unit of work: its transaction rolls back and the payload carries the errors."""

    def __init__(self, *errors: UserError) -> None:
        super().__init__(errors[0].message if errors else "refused")
        self.errors = list(errors)


def shown(value: object, limit: int = 40) -> str:
    """A caller's value as an error message quotes it: never more than `limit` characters of it."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


class LayoutCode(StrEnum):
    UNKNOWN_PANEL = "UNKNOWN_PANEL"
    DUPLICATE_PANEL = "DUPLICATE_PANEL"
    TOO_MANY_PANELS = "TOO_MANY_PANELS"
    INVALID_SETTING = "INVALID_SETTING"
    SETTING_OUT_OF_RANGE = "SETTING_OUT_OF_RANGE"
    SETTINGS_TOO_LARGE = "SETTINGS_TOO_LARGE"
    INVALID_POSITION = "INVALID_POSITION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    UNKNOWN_VERSION = "UNKNOWN_VERSION"
    PANEL_LOCKED = "PANEL_LOCKED"
    LAYOUT_LOCKED = "LAYOUT_LOCKED"
    FORBIDDEN = "FORBIDDEN"
    INVALID_VALUE = "INVALID_VALUE"


class ContactCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    NAME_OR_CHANNEL_REQUIRED = "NAME_OR_CHANNEL_REQUIRED"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_MESSENGER = "INVALID_MESSENGER"
    DUPLICATE_CHANNEL = "DUPLICATE_CHANNEL"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    INVALID_VALUE = "INVALID_VALUE"
    UNKNOWN_USER = "UNKNOWN_USER"
    UNKNOWN_GROUP = "UNKNOWN_GROUP"
    ASSIGNMENT_NOT_ALLOWED = "ASSIGNMENT_NOT_ALLOWED"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    INVALID_FIELD_VALUE = "INVALID_FIELD_VALUE"
    REQUIRED_FIELD = "REQUIRED_FIELD"
    NOT_DELETED = "NOT_DELETED"
    RESTORE_EXPIRED = "RESTORE_EXPIRED"


class CustomFieldCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    INVALID_KEY = "INVALID_KEY"
    DUPLICATE_KEY = "DUPLICATE_KEY"
    TOO_LONG = "TOO_LONG"
    INVALID_OPTIONS = "INVALID_OPTIONS"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    TYPE_CONFLICT = "TYPE_CONFLICT"
    """Stored values the new type or options cannot take: the message gives how many contacts hold them."""


class CommentCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    UNKNOWN_USER = "UNKNOWN_USER"
    NOT_AUTHOR = "NOT_AUTHOR"
    """Only its author edits a comment; its author or an admin deletes it."""
    OTHER_CONTACT = "OTHER_CONTACT"
    """An attachment that is a file of another contact."""


class FileCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    TOO_LARGE = "TOO_LARGE"
    """Over the workspace's upload limit."""
    EMPTY_FILE = "EMPTY_FILE"
    PROGRAM_REFUSED = "PROGRAM_REFUSED"
    """An executable, a script or a Java/Android package (by its bytes or its name)."""
    INVALID_NAME = "INVALID_NAME"
    """Nothing is left of the file's name once paths and control characters are taken out."""
    NOT_ATTACHED = "NOT_ATTACHED"
    """The file is not attached to what it is to be detached from."""
    OTHER_CONTACT = "OTHER_CONTACT"
    """A file of another contact: a comment or a document attaches only its own contact's files."""
    NOT_AUTHOR = "NOT_AUTHOR"
    """Only a comment's author (or an admin) detaches its files."""


class DocumentCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    OTHER_CONTACT = "OTHER_CONTACT"
    """The file belongs to another contact."""


class DealCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    UNKNOWN_USER = "UNKNOWN_USER"
    UNKNOWN_PIPELINE = "UNKNOWN_PIPELINE"
    UNKNOWN_STAGE = "UNKNOWN_STAGE"
    STAGE_OF_ANOTHER_PIPELINE = "STAGE_OF_ANOTHER_PIPELINE"
    DEAL_CLOSED = "DEAL_CLOSED"


class TaskCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    UNKNOWN_USER = "UNKNOWN_USER"
    LAST_CONTACT = "LAST_CONTACT"
    """A task stays linked to at least one contact (through them it is seen)."""


class ActivityCode(StrEnum):
    """Calls, payments and payment links, course enrollments, timeline events, consents: what integrations
    (telephony, payment providers, course platforms, trackers) write."""

    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    UNKNOWN_USER = "UNKNOWN_USER"
    ALREADY_ENROLLED = "ALREADY_ENROLLED"
    STUDENT_BLOCKED = "STUDENT_BLOCKED"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    """The external id was used before for a different record (another contact or amount)."""


class ListViewCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    UNKNOWN_COLUMN = "UNKNOWN_COLUMN"
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"
    INVALID_FILTER = "INVALID_FILTER"
    """The view's filter or order is one the list does not take (the message says which part)."""
    NOT_OWNER = "NOT_OWNER"
    """Only its owner (or an admin, for a shared view) changes or deletes a view."""


class ExportCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    """A contact or view the viewer may not see, named by its path."""
    INVALID_VALUE = "INVALID_VALUE"
    TOO_MANY = "TOO_MANY"
    UNKNOWN_COLUMN = "UNKNOWN_COLUMN"
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"
    INVALID_FILTER = "INVALID_FILTER"


class NotificationCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_MANY = "TOO_MANY"


class WebhookCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    REFUSED_URL = "REFUSED_URL"
    """Not an http(s) URL of a public host (loopback and private addresses are refused unless allowed)."""
