"""A contact's files (uploaded through `fileUpload`, downloaded at `/files/<id>`) and documents."""

from __future__ import annotations

from datetime import datetime

import strawberry

from contactcard.loaders.base import Record
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.schema.enums import DocumentStatus
from contactcard.schema.node import Node
from contactcard.schema.users import User, load_user, user_of

Info = strawberry.Info[RequestContext, None]
UPLOADERS = "files"


@strawberry.type(
    description="A file on a contact's card (the files panel, a comment's attachment, a document)."
)
class File(Node):
    id: strawberry.ID
    name: str
    content_type: str = strawberry.field(description="What the bytes are (sniffed at upload, not as sent).")
    size_bytes: float = strawberry.field(description="Size in bytes (a Float: files can exceed 2^31 bytes).")
    sha256: str = strawberry.field(description="The SHA-256 of the bytes, hex.")
    created_at: datetime
    source_row: strawberry.Private[Record]

    @strawberry.field(description="Where to GET the bytes, with the same Bearer token (ranges accepted).")
    def download_url(self) -> str:
        return f"/files/{self.id}"

    @strawberry.field(description="Who uploaded it (null once their account is gone).")
    async def uploaded_by(self, info: Info) -> User | None:
        if hasattr(self.source_row, "uploaded_by"):  # joined into the files list's statement
            return user_of(self.source_row.uploaded_by)
        return await load_user(info.context, UPLOADERS, self.source_row.uploaded_by_id)

    @classmethod
    def from_row(cls, row: Record) -> File:
        return cls(
            id=strawberry.ID(to_global_id("File", row.id)),
            name=row.name,
            content_type=row.content_type,
            size_bytes=float(row.size_bytes),
            sha256=row.storage_key.rpartition("/")[2],
            created_at=row.created_at,
            source_row=row,
        )


@strawberry.type(
    description="A document about the contact (a contract, an offer): where it stands, its file."
)
class Document(Node):
    id: strawberry.ID
    title: str
    status: DocumentStatus
    created_at: datetime
    updated_at: datetime
    file: File | None = strawberry.field(description="Null until a file is set (or after it was deleted).")
    created_by: User | None

    @classmethod
    def from_row(cls, row: Record) -> Document:
        return cls(
            id=strawberry.ID(to_global_id("Document", row.id)),
            title=row.title,
            status=row.status,
            created_at=row.created_at,
            updated_at=row.updated_at,
            file=None if row.file is None else File.from_row(row.file),
            created_by=user_of(row.created_by),
        )
