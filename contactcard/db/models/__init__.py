"""All tables, importable from one place (`from contactcard.db.models import Contact`)."""

from contactcard.db.models.activity import Document, File, HistoryEntry, Notification
from contactcard.db.models.behaviour import Consent, TimelineEvent
from contactcard.db.models.commerce import Call, Course, Enrollment, Payment, PaymentLink
from contactcard.db.models.contacts import (
    Company,
    Contact,
    ContactChannel,
    ContactCompany,
    ContactTag,
    ContactTombstone,
    CustomField,
    Tag,
)
from contactcard.db.models.core import ApiToken, Group, User, Workspace
from contactcard.db.models.deals import Deal, DealContact, Pipeline, PipelineStage
from contactcard.db.models.settings import (
    CardLayout,
    CardLayoutVersion,
    Job,
    JobChunk,
    ListView,
    ListViewDefault,
)
from contactcard.db.models.tasks import Task, TaskContact
from contactcard.db.models.webhooks import Webhook, WebhookDelivery

__all__ = [
    "ApiToken",
    "Call",
    "CardLayout",
    "CardLayoutVersion",
    "Company",
    "Consent",
    "Contact",
    "ContactChannel",
    "ContactCompany",
    "ContactTag",
    "ContactTombstone",
    "Course",
    "CustomField",
    "Deal",
    "DealContact",
    "Document",
    "Enrollment",
    "File",
    "Group",
    "HistoryEntry",
    "Job",
    "JobChunk",
    "ListView",
    "ListViewDefault",
    "Notification",
    "Payment",
    "PaymentLink",
    "Pipeline",
    "PipelineStage",
    "Tag",
    "Task",
    "TaskContact",
    "TimelineEvent",
    "User",
    "Webhook",
    "WebhookDelivery",
    "Workspace",
]
