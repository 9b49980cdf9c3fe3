"""Enumerations stored in the database (as checked text). The GraphQL enums are built from these."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "ADMIN"
    MANAGER = "MANAGER"
    AGENT = "AGENT"


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


class ContactSource(StrEnum):
    MANUAL = "MANUAL"
    IMPORT = "IMPORT"
    API = "API"
    FORM = "FORM"
    CHAT = "CHAT"
    EMAIL = "EMAIL"
    PHONE_CALL = "PHONE_CALL"
    PAYMENT = "PAYMENT"
    DEAL = "DEAL"


class ContactStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class ChannelKind(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    MESSENGER = "MESSENGER"


class FieldType(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    BOOLEAN = "BOOLEAN"
    SELECT = "SELECT"
    MULTISELECT = "MULTISELECT"
    URL = "URL"


class HistoryKind(StrEnum):
    COMMENT = "COMMENT"
    CHANGE = "CHANGE"


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    """Queued, or waiting for its next try."""
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    """Given up after its last try (or its webhook was disabled)."""


class WebhookEvent(StrEnum):
    CONTACT_CREATED = "CONTACT_CREATED"
    CONTACT_CHANGED = "CONTACT_CHANGED"
    CONTACT_DELETED = "CONTACT_DELETED"


class DocumentStatus(StrEnum):
    DRAFT = "DRAFT"
    SENT = "SENT"
    SIGNED = "SIGNED"


class DealStatus(StrEnum):
    OPEN = "OPEN"
    WON = "WON"
    LOST = "LOST"


class TaskStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


class PaymentStatus(StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    FAILED = "FAILED"
    REFUNDED = "REFUNDED"


class CallDirection(StrEnum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


class CallStatus(StrEnum):
    ANSWERED = "ANSWERED"
    MISSED = "MISSED"


class EnrollmentStatus(StrEnum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"


class TimelineEventType(StrEnum):
    VISIT = "VISIT"
    MESSAGE_SENT = "MESSAGE_SENT"
    MESSAGE_OPENED = "MESSAGE_OPENED"
    MESSAGE_CLICKED = "MESSAGE_CLICKED"
    PURCHASE = "PURCHASE"
    FORM_SUBMITTED = "FORM_SUBMITTED"
    EXTERNAL_EVENT = "EXTERNAL_EVENT"
    COUPON = "COUPON"


class ConsentChannel(StrEnum):
    EMAIL = "EMAIL"
    SMS = "SMS"
    WEB_PUSH = "WEB_PUSH"
    PHONE = "PHONE"
    MESSENGER = "MESSENGER"
    DATA_PROCESSING = "DATA_PROCESSING"


class ConsentState(StrEnum):
    GRANTED = "GRANTED"
    WITHDRAWN = "WITHDRAWN"


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class JobKind(StrEnum):
    """What a background job does: an export, or a bulk action on a filter too large for one request."""

    EXPORT = "EXPORT"
    CONTACTS_CLOSE = "CONTACTS_CLOSE"
    CONTACTS_TRANSFER = "CONTACTS_TRANSFER"
    CONTACTS_TAGS_ADD = "CONTACTS_TAGS_ADD"
    CONTACTS_TAGS_REMOVE = "CONTACTS_TAGS_REMOVE"
    CONTACTS_DELETE = "CONTACTS_DELETE"


class LayoutScope(StrEnum):
    WORKSPACE = "WORKSPACE"
    ROLE = "ROLE"
    USER = "USER"
