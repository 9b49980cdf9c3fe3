"""File and document mutations (resolvers/file_writes.py, resolvers/document_writes.py).

`fileUpload` takes the file as an `Upload`: the request is a GraphQL multipart request
(https://github.com/jaydenseric/graphql-multipart-request-spec), the README shows one with curl.
"""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from contactcard.domain.errors import DocumentCode, FileCode
from contactcard.loaders.files import DOCUMENTS, FILES
from contactcard.resolvers import document_writes
from contactcard.resolvers import file_writes as write
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome
from contactcard.schema.enums import DocumentStatus
from contactcard.schema.files import Document, File
from contactcard.schema.payloads import Problem, provided, read_back

Info = strawberry.Info[RequestContext, None]

strawberry.enum(FileCode, name="FileErrorCode", description="Why a file mutation wrote nothing.")
strawberry.enum(DocumentCode, name="DocumentErrorCode", description="Why a document mutation wrote nothing.")


@strawberry.type(name="FileError")
class FileError(Problem[FileCode]):
    pass


@strawberry.type(name="DocumentError")
class DocumentError(Problem[DocumentCode]):
    pass


@strawberry.type
class FilePayload:
    file: File | None
    user_errors: list[FileError]


@strawberry.type
class FileDeletePayload:
    deleted_file_id: strawberry.ID | None
    user_errors: list[FileError]


@strawberry.type
class DocumentPayload:
    document: Document | None
    user_errors: list[DocumentError]


@strawberry.type
class DocumentDeletePayload:
    deleted_document_id: strawberry.ID | None
    user_errors: list[DocumentError]


@strawberry.input
class FileUploadInput:
    contact_id: strawberry.ID
    file: Upload = strawberry.field(
        description="The file's part of the multipart request. At most the workspace's upload limit (200 MB "
        "unless set otherwise); programs are refused; the type is read from the bytes."
    )


@strawberry.input
class FileDetachInput:
    file_id: strawberry.ID
    from_id: strawberry.ID = strawberry.field(description="The comment or the document that holds the file.")


@strawberry.input
class DocumentCreateInput:
    contact_id: strawberry.ID
    title: str = strawberry.field(description="1 to 300 characters.")
    status: DocumentStatus = DocumentStatus.DRAFT
    file_id: strawberry.ID | None = strawberry.field(default=None, description="One of the contact's files.")


@strawberry.input(description="The fields to change; omitted ones are kept, a null `fileId` empties it.")
class DocumentUpdateInput:
    title: str | None = strawberry.UNSET
    status: DocumentStatus | None = strawberry.UNSET
    file_id: strawberry.ID | None = strawberry.UNSET


async def _file(info: Info, outcome: Outcome[int]) -> FilePayload:
    return FilePayload(
        file=await read_back(info, outcome, FILES, File.from_row),
        user_errors=FileError.list_of(outcome.errors),
    )


async def _document(info: Info, outcome: Outcome[int]) -> DocumentPayload:
    return DocumentPayload(
        document=await read_back(info, outcome, DOCUMENTS, Document.from_row),
        user_errors=DocumentError.list_of(outcome.errors),
    )


@strawberry.type
class FileMutation:
    @strawberry.mutation(description="Upload a file to a contact (a multipart request: see the README).")
    async def file_upload(self, info: Info, input: FileUploadInput) -> FilePayload:
        return await _file(info, await write.upload(info.context, input.contact_id, input.file))

    @strawberry.mutation(
        description="Take a file off a comment or out of a document; it stays on the contact."
    )
    async def file_detach(self, info: Info, input: FileDetachInput) -> FilePayload:
        return await _file(info, await write.detach(info.context, input.file_id, input.from_id))

    @strawberry.mutation(description="Delete a file (from its comments and documents too).")
    async def file_delete(self, info: Info, id: strawberry.ID) -> FileDeletePayload:
        outcome = await write.delete(info.context, id)
        return FileDeletePayload(
            deleted_file_id=None if outcome.value is None else id,
            user_errors=FileError.list_of(outcome.errors),
        )

    @strawberry.mutation(description="Add a document to a contact.")
    async def document_create(self, info: Info, input: DocumentCreateInput) -> DocumentPayload:
        data = provided(input)
        contact_id = data.pop("contact_id")
        return await _document(info, await document_writes.create(info.context, contact_id, data))

    @strawberry.mutation(description="Change a document's title, status or file.")
    async def document_update(
        self, info: Info, id: strawberry.ID, input: DocumentUpdateInput
    ) -> DocumentPayload:
        return await _document(info, await document_writes.update(info.context, id, provided(input)))

    @strawberry.mutation(description="Delete a document (its file stays on the contact).")
    async def document_delete(self, info: Info, id: strawberry.ID) -> DocumentDeletePayload:
        outcome = await document_writes.delete(info.context, id)
        return DocumentDeletePayload(
            deleted_document_id=None if outcome.value is None else id,
            user_errors=DocumentError.list_of(outcome.errors),
        )
