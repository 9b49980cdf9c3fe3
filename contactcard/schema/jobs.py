"""Background jobs, exports and notifications in GraphQL (resolvers/jobs.py, exports.py, notifications.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import JobKind, JobStatus
from contactcard.domain.errors import ExportCode, NotificationCode
from contactcard.loaders.base import Record
from contactcard.resolvers import exports as resolve_exports
from contactcard.resolvers import jobs as resolve
from contactcard.resolvers import notifications as resolve_notifications
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.contact_filters import ContactOrder, ContactSelection
from contactcard.schema.node import Node
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.payloads import Problem, plain, provided

Info = strawberry.Info[RequestContext, None]

strawberry.enum(JobKind, description="What a background job does.")
strawberry.enum(JobStatus, description="QUEUED, then RUNNING, then DONE or FAILED.")
strawberry.enum(ExportCode, name="ContactsExportErrorCode", description="Why no export was queued.")
strawberry.enum(NotificationCode, name="NotificationErrorCode", description="Why nothing was marked.")

DOWNLOAD_PATH = "/exports/"


@strawberry.type(description="A background job you asked for: an export, or a bulk action on a filter.")
class Job(Node):
    kind: JobKind
    status: JobStatus
    progress: int = strawberry.field(description="Contacts done so far.")
    total: int | None = strawberry.field(description="Contacts the job will go through.")
    changed_count: int | None = strawberry.field(description="A bulk action: contacts it changed so far.")
    error: str | None = strawberry.field(description="FAILED: why.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None = strawberry.field(description="When the job and its file are deleted.")
    download_path: strawberry.Private[str | None]

    @strawberry.field(
        description="A finished export's CSV (UTF-8 with BOM): GET it with your token in the Authorization "
        "header, until `expiresAt`. Null otherwise."
    )
    def download_url(self, info: Info) -> str | None:
        if self.download_path is None:
            return None
        request = info.context.request
        base = "" if request is None else str(request.base_url).rstrip("/")
        return base + self.download_path

    @classmethod
    def from_row(cls, row: Record) -> Job:
        gid = to_global_id("Job", row.id)
        ready = (
            row.kind is JobKind.EXPORT
            and row.status is JobStatus.DONE
            and (row.expires_at is None or row.expires_at > datetime.now(UTC))
        )
        return cls(
            id=strawberry.ID(gid),
            kind=row.kind,
            status=row.status,
            progress=row.processed,
            total=row.total,
            changed_count=row.result.get("changed"),
            error=row.error,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            expires_at=row.expires_at,
            download_path=DOWNLOAD_PATH + gid if ready else None,
        )


async def load_job(ctx: RequestContext, job_id: int | None) -> Job | None:
    row = None if job_id is None else await resolve.own_job(ctx, job_id)
    return None if row is None else Job.from_row(row)


@strawberry.type(description="Something that happened for you: a mention, a finished job.")
class Notification(Node):
    kind: str = strawberry.field(description="MENTION, JOB_DONE or JOB_FAILED.")
    payload: JSON = strawberry.field(description="What it is about (ids of the contact, comment, job…).")
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_row(cls, row: Record) -> Notification:
        return cls(
            id=strawberry.ID(to_global_id("Notification", row.id)),
            kind=row.kind,
            payload=row.payload,
            created_at=row.created_at,
            read_at=row.read_at,
        )


@strawberry.input
class ContactsExportInput:
    selection: ContactSelection | None = strawberry.field(
        default=None, description="The contacts: ids (up to 250) or a filter of any size."
    )
    view_id: strawberry.ID | None = strawberry.field(
        default=None, description="Or a saved view: its filter, order and columns."
    )
    order_by: list[ContactOrder] | None = strawberry.field(default=None, description="Default: the view's.")
    columns: list[str] | None = strawberry.field(
        default=None,
        description="Column keys (`ListColumn.key`); default: the view's, else the seeds' eight.",
    )


@strawberry.type(name="ContactsExportError")
class ContactsExportError(Problem[ExportCode]):
    pass


@strawberry.type
class ContactsExportPayload:
    job: Job | None
    user_errors: list[ContactsExportError]


@strawberry.input
class NotificationsMarkReadInput:
    ids: list[strawberry.ID] | None = None
    all: bool = strawberry.field(default=False, description="Every unread notification of yours.")


@strawberry.type(name="NotificationError")
class NotificationError(Problem[NotificationCode]):
    pass


@strawberry.type
class NotificationsMarkReadPayload:
    marked_count: int | None = strawberry.field(description="Notifications that were unread.")
    user_errors: list[NotificationError]


def _export_data(input: ContactsExportInput) -> dict[str, Any]:
    data: dict[str, Any] = provided(input)
    for key in ("selection", "order_by"):
        if data.get(key) is not None:
            data[key] = plain(data[key])
    return data


@strawberry.type
class JobQuery:
    @strawberry.field(description="One of your jobs; null for anyone else's.")
    async def job(self, info: Info, id: strawberry.ID) -> Job | None:
        row = await resolve.own_job(info.context, id)
        return None if row is None else Job.from_row(row)

    @strawberry.field(description="One of your exports (a job of kind EXPORT); null otherwise.")
    async def export_job(self, info: Info, id: strawberry.ID) -> Job | None:
        row = await resolve.own_job(info.context, id)
        return None if row is None or row.kind is not JobKind.EXPORT else Job.from_row(row)

    @strawberry.field(description="Your notifications, newest first.")
    async def notifications(
        self, info: Info, first: int | None = None, after: str | None = None, unread: bool = False
    ) -> Connection[Notification]:
        page = await resolve_notifications.page(info.context, first, after, unread)
        return connection(page, Notification.from_row)


@strawberry.type
class JobMutation:
    @strawberry.mutation(
        description="Queue a CSV export of contacts (a selection, a saved view, or all you see); follow it "
        "with `exportJob`, download it from `downloadUrl`. You are notified when it is done."
    )
    async def contacts_export(self, info: Info, input: ContactsExportInput) -> ContactsExportPayload:
        outcome: Outcome[int] = await resolve_exports.export(info.context, _export_data(input))
        return ContactsExportPayload(
            job=await load_job(info.context, outcome.value),
            user_errors=ContactsExportError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Mark notifications read.")
    async def notifications_mark_read(
        self, info: Info, input: NotificationsMarkReadInput
    ) -> NotificationsMarkReadPayload:
        ids = None if input.ids is None else [str(i) for i in input.ids]
        outcome = await resolve_notifications.mark_read(info.context, ids, input.all)
        return NotificationsMarkReadPayload(
            marked_count=outcome.value, user_errors=NotificationError.list_of(outcome.errors)
        )
