"""Files on the card: multipart uploads streamed to the content-addressed store, refused when hostile,
downloaded with ranges by who sees the contact, detached, deleted, and forgotten with the contact."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import orjson
import pytest

from contactcard.db.seed.generator import document_bytes
from contactcard.files.download import byte_range
from contactcard.files.inspection import clean_name, content_type
from tests.writing import ADMIN, AGENT, AGENT2, codes, fingerprint, make_org, pk_of, run

ERRORS = "userErrors { field code message }"
FILE = "file { id name contentType sizeBytes sha256 downloadUrl uploadedBy { id } }"
UPLOAD = f"mutation($input: FileUploadInput!) {{ fileUpload(input: $input) {{ {FILE} {ERRORS} }} }}"
CONTACT = f"mutation($input: ContactCreateInput!) {{ contactCreate(input: $input) {{ contact {{ id }} {ERRORS} }} }}"
COMMENT_ADD = (
    "mutation($input: CommentAddInput!) { commentAdd(input: $input) { comment { id attachments { id name } } "
    f"{ERRORS} }} }}"
)
DETACH = f"mutation($input: FileDetachInput!) {{ fileDetach(input: $input) {{ {FILE} {ERRORS} }} }}"
DELETE = f"mutation($id: ID!) {{ fileDelete(id: $id) {{ deletedFileId {ERRORS} }} }}"
DOCUMENT = "document { id title status file { id name } createdBy { id } }"
DOCUMENT_CREATE = (
    f"mutation($input: DocumentCreateInput!) {{ documentCreate(input: $input) {{ {DOCUMENT} {ERRORS} }} }}"
)
DOCUMENT_UPDATE = (
    f"mutation($id: ID!, $input: DocumentUpdateInput!) {{ documentUpdate(id: $id, input: $input) {{ {DOCUMENT} "
    f"{ERRORS} }} }}"
)
TABS = "query($id: ID!) { contact(id: $id) { files(first: 20) { nodes { id name uploadedBy { id } } } documents(first: 20) { nodes { id title status file { id } } } } }"
FORGET = "mutation($input: ContactForgetInput!) { contactForget(input: $input) { erased { files documents } userErrors { code } } }"
PDF = document_bytes("Contract 42")
PREFLIGHT = {"graphql-preflight": "1"}


@pytest.fixture(scope="module")
async def org(pg, owner_engine):
    made = await make_org(pg, owner_engine, "Files", contacts=5)
    yield made
    await pg.execute("DELETE FROM workspaces WHERE id = $1", made.workspace_id)


async def new_contact(gql, org, who=AGENT) -> str:
    payload = await run(
        gql, org.writers[who], CONTACT, {"input": {"firstName": "File", "lastName": "Holder"}}
    )
    return payload["contact"]["id"]


async def upload(
    client, token: str, contact_id: str, name: str, data: bytes, *, headers: dict[str, str] | None = None
) -> Any:
    operations = {"query": UPLOAD, "variables": {"input": {"contactId": contact_id, "file": None}}}
    parts = {
        "operations": (None, orjson.dumps(operations)),
        "map": (None, b'{"0": ["variables.input.file"]}'),
        "0": (name, data, "text/html"),  # the claimed type is never believed
    }
    return await client.post(
        "/graphql",
        files=parts,
        headers={"authorization": f"Bearer {token}", **(PREFLIGHT if headers is None else headers)},
    )


async def uploaded(client, token: str, contact_id: str, name: str, data: bytes) -> dict[str, Any]:
    response = await upload(client, token, contact_id, name, data)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["fileUpload"]
    assert payload["userErrors"] == [], payload
    return payload["file"]  # type: ignore[no-any-return]


def stored(settings) -> list[Path]:
    root = settings.file_root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def workspace_blobs(settings, org) -> list[Path]:
    return [
        p for p in stored(settings) if p.relative_to(settings.file_root).parts[0] == str(org.workspace_id)
    ]


async def download(client, token: str, file: dict[str, Any], **headers: str) -> Any:
    return await client.get(file["downloadUrl"], headers={"authorization": f"Bearer {token}", **headers})


# -- round trip ------------------------------------------------------------------------------------------
async def test_an_upload_downloads_byte_for_byte_as_an_attachment(client, gql, org, settings):
    contact_id = await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], contact_id, "Contract 42.pdf", PDF)
    assert file["name"] == "Contract 42.pdf"
    assert file["contentType"] == "application/pdf"  # sniffed: the client said text/html
    assert file["sizeBytes"] == len(PDF)
    assert file["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert file["uploadedBy"] == {"id": org.user(AGENT)}
    assert (
        settings.file_root / str(org.workspace_id) / file["sha256"][:2] / file["sha256"]
    ).read_bytes() == PDF

    got = await download(client, org.writers[AGENT], file)
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith('attachment; filename="Contract 42.pdf"')
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["accept-ranges"] == "bytes"

    tabs = (await gql(TABS, org.writers[AGENT], {"id": contact_id}))["data"]["contact"]
    assert tabs["files"]["nodes"] == [
        {"id": file["id"], "name": file["name"], "uploadedBy": {"id": org.user(AGENT)}}
    ]
    history = await gql(
        "query($id: ID!) { contact(id: $id) { history(first: 5) { nodes { ... on ChangeEvent { field after } } } } }",
        org.writers[AGENT],
        {"id": contact_id},
    )
    assert {"field": "files", "after": {"file": file["id"], "name": file["name"]}} in (
        history["data"]["contact"]["history"]["nodes"]
    )


async def test_ranges_are_served_206_and_an_impossible_one_416(client, gql, org):
    contact_id = await new_contact(gql, org)
    data = bytes(range(256)) * 40
    file = await uploaded(client, org.writers[AGENT], contact_id, "numbers.bin.dat", data)
    token = org.writers[AGENT]
    part = await download(client, token, file, range="bytes=10-19")
    assert (part.status_code, part.content, part.headers["content-range"]) == (
        206,
        data[10:20],
        "bytes 10-19/10240",
    )
    tail = await download(client, token, file, range="bytes=-16")
    assert (tail.status_code, tail.content) == (206, data[-16:])
    rest = await download(client, token, file, range="bytes=10000-")
    assert (rest.status_code, rest.content) == (206, data[10000:])
    beyond = await download(client, token, file, range="bytes=20000-")
    assert (beyond.status_code, beyond.headers["content-range"]) == (416, "bytes */10240")
    stale = await download(client, token, file, range="bytes=0-1", **{"if-range": '"another"'})
    assert (stale.status_code, stale.content) == (200, data)


def test_byte_range_reads_single_ranges_and_answers_others_whole():
    assert byte_range(None, 100) is None
    assert byte_range("bytes=0-0", 100) == (0, 1)
    assert byte_range("bytes=90-200", 100) == (90, 100)
    assert byte_range("bytes=-200", 100) == (0, 100)
    assert byte_range("bytes=5-4", 100) is False
    assert byte_range("bytes=100-", 100) is False
    assert byte_range("bytes=-0", 100) is False
    assert byte_range("bytes=0-1,5-6", 100) is None  # several ranges: the whole file
    assert byte_range("items=0-1", 100) is None


# -- refused: nothing stored -------------------------------------------------------------------------------
def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


HOSTILE = {
    "elf": ("report.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "PROGRAM_REFUSED"),
    "pe": ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "PROGRAM_REFUSED"),
    "mach-o": ("report.pdf", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 64, "PROGRAM_REFUSED"),
    "java class": ("report.pdf", b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\x00" * 64, "PROGRAM_REFUSED"),
    "shebang": ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "PROGRAM_REFUSED"),
    "jar": ("photos.zip", _zip("META-INF/MANIFEST.MF", "a/Main.class"), "PROGRAM_REFUSED"),
    "apk": ("photos.zip", _zip("AndroidManifest.xml", "classes.dex"), "PROGRAM_REFUSED"),
    "exe by name": ("setup.EXE", b"just text", "PROGRAM_REFUSED"),
    "script by name": ("run.ps1", b"Write-Host hi", "PROGRAM_REFUSED"),
    "traversal": ("../../etc/passwd", b"root:x:0:0", "INVALID_NAME"),
    "backslash": ("..\\..\\a.pdf\\", PDF, "INVALID_NAME"),
    "dot dot": ("..", PDF, "INVALID_NAME"),
    "control only": ("\x1b\u202e\u2066", PDF, "INVALID_NAME"),
    "empty": ("empty.txt", b"", "EMPTY_FILE"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
async def test_hostile_uploads_are_refused_and_nothing_is_stored(client, gql, pg, org, settings, case):
    name, data, code = HOSTILE[case]
    contact_id = await new_contact(gql, org)
    before_rows, before_blobs = await fingerprint(pg, org.workspace_id), stored(settings)
    response = await upload(client, org.writers[AGENT], contact_id, name, data)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["fileUpload"]
    assert payload["file"] is None
    assert codes(payload) == [("input.file", code)]
    assert payload["userErrors"][0]["message"]
    assert await fingerprint(pg, org.workspace_id) == before_rows
    assert stored(settings) == before_blobs


async def test_a_file_over_the_workspace_limit_is_refused_and_nothing_is_stored(
    client, gql, pg, org, settings
):
    contact_id = await new_contact(gql, org)
    await pg.execute("UPDATE workspaces SET max_upload_bytes = 4096 WHERE id = $1", org.workspace_id)
    try:
        before_rows, before_blobs = await fingerprint(pg, org.workspace_id), stored(settings)
        over = await upload(client, org.writers[AGENT], contact_id, "big.txt", b"a" * 5000)
        payload = over.json()["data"]["fileUpload"]
        assert codes(payload) == [("input.file", "TOO_LARGE")]
        assert "4096 bytes" in payload["userErrors"][0]["message"]
        limit = await gql("{ viewer { workspace { maxUploadBytes } } }", org.writers[AGENT])
        assert limit["data"]["viewer"]["workspace"]["maxUploadBytes"] == 4096
        far_over = await upload(client, org.writers[AGENT], contact_id, "huge.txt", b"a" * 5_000_000)
        assert (far_over.status_code, far_over.json()["errors"][0]["extensions"]["code"]) == (
            413,
            "BODY_TOO_LARGE",
        )
        assert await fingerprint(pg, org.workspace_id) == before_rows
        assert stored(settings) == before_blobs
        assert (await uploaded(client, org.writers[AGENT], contact_id, "small.txt", b"a" * 4096))[
            "sizeBytes"
        ] == 4096
    finally:
        await pg.execute("UPDATE workspaces SET max_upload_bytes = DEFAULT WHERE id = $1", org.workspace_id)


async def test_a_multipart_request_without_a_preflight_header_is_refused(client, gql, pg, org, settings):
    contact_id = await new_contact(gql, org)
    before_rows, before_blobs = await fingerprint(pg, org.workspace_id), stored(settings)
    response = await upload(client, org.writers[AGENT], contact_id, "a.pdf", PDF, headers={})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
    assert (await fingerprint(pg, org.workspace_id), stored(settings)) == (before_rows, before_blobs)


@pytest.mark.parametrize(
    "parts",
    [
        {"operations": (None, b"{}")},
        {"operations": (None, b"[1]"), "map": (None, b"{}")},
        {"operations": (None, b'{"query": "{ viewer { id } }"}'), "map": (None, b'{"0": ["variables.x.y"]}'),
         "0": ("a.txt", b"a")},
        {"operations": (None, b'{"query": "{ viewer { id } }"}'), "map": (None, b'{"1": ["variables.x"]}'),
         "0": ("a.txt", b"a")},
        {"operations": (None, b'{"query": "{ viewer { id } }"}'), "map": (None, b'{"0": "variables.x"}'),
         "0": ("a.txt", b"a")},
        {"operations": (None, b'{"query": "{ viewer { id } }", "variables": []}'),
         "map": (None, b'{"0": ["variables.0.x"]}'), "0": ("a.txt", b"a")},
    ],
    ids=["no map", "operations a list", "path to nothing", "map names no part", "paths not a list", "list index"],
)  # fmt: skip
async def test_a_malformed_multipart_request_is_a_coded_400(client, org, parts):
    response = await client.post(
        "/graphql", files=parts, headers={"authorization": f"Bearer {org.writers[AGENT]}", **PREFLIGHT}
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_an_upload_value_that_is_not_a_file_is_a_user_error(gql, org):
    contact_id = await new_contact(gql, org)
    body = await gql(UPLOAD, org.writers[AGENT], {"input": {"contactId": contact_id, "file": "not a file"}})
    assert codes(body["data"]["fileUpload"]) == [("input.file", "INVALID_VALUE")]


async def test_a_reader_or_a_stranger_cannot_upload(client, gql, pg, org, settings):
    contact_id = await new_contact(gql, org)
    before = stored(settings)
    reader = (await upload(client, org.readers[AGENT], contact_id, "a.pdf", PDF)).json()
    assert codes(reader["data"]["fileUpload"]) == [(None, "FORBIDDEN")]
    stranger = (await upload(client, org.writers[AGENT2], contact_id, "a.pdf", PDF)).json()
    assert codes(stranger["data"]["fileUpload"]) == [("input.contactId", "NOT_FOUND")]
    assert stored(settings) == before
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM files WHERE workspace_id = $1 AND name = 'a.pdf'", org.workspace_id
        )
        == 0
    )
    unauthenticated = await client.post("/graphql", files={"operations": (None, b"{}")}, headers=PREFLIGHT)
    assert unauthenticated.status_code == 401


async def test_only_who_sees_the_contact_downloads(client, gql, org):
    contact_id = await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], contact_id, "private.pdf", PDF)
    other_group = await download(client, org.writers[AGENT2], file)
    assert (other_group.status_code, other_group.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )
    assert (await download(client, org.writers[ADMIN], file)).content == PDF
    assert (await client.get(file["downloadUrl"])).status_code == 401
    assert (
        await client.get("/files/not-an-id", headers={"authorization": f"Bearer {org.writers[ADMIN]}"})
    ).status_code == 404
    node = await gql("query($id: ID!) { node(id: $id) { id } }", org.writers[AGENT2], {"id": file["id"]})
    assert node["data"]["node"] is None


async def test_a_windows_path_keeps_only_its_last_part(client, gql, org):
    """python-multipart takes what follows the last backslash of a filename (old browsers sent paths)."""
    contact_id = await new_contact(gql, org)
    assert (await uploaded(client, org.writers[AGENT], contact_id, "C:\\Users\\x\\a.pdf", PDF))[
        "name"
    ] == "a.pdf"


def test_names_lose_control_characters_and_keep_their_extension():
    assert clean_name("re\x00po\u202ert\n.pdf") == "report.pdf"
    long = "a" * 300 + ".pdf"
    assert clean_name(long).endswith(".pdf")
    assert len(clean_name(long)) == 200
    assert content_type(b"plain words\n") == "text/plain"
    assert content_type(b"\x00\x01\x02binary") == "application/octet-stream"
    assert content_type(b"<html><script>alert(1)</script>") == "text/plain"  # never served as HTML


# -- attach, detach, delete, forget ------------------------------------------------------------------------
async def test_comments_attach_files_of_their_contact_only_and_detach_them(client, gql, org):
    contact_id, other_id = await new_contact(gql, org), await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], contact_id, "offer.pdf", PDF)
    foreign = await uploaded(client, org.writers[AGENT], other_id, "other.pdf", PDF)
    refused = await run(
        gql, org.writers[AGENT], COMMENT_ADD,
        {"input": {"contactId": contact_id, "body": "see", "attachmentIds": [file["id"], foreign["id"], "RmlsZToxMjM0NTY3"]}},
    )  # fmt: skip
    assert codes(refused) == [
        ("input.attachmentIds.1", "OTHER_CONTACT"),
        ("input.attachmentIds.2", "NOT_FOUND"),
    ]
    added = await run(
        gql, org.writers[AGENT], COMMENT_ADD,
        {"input": {"contactId": contact_id, "body": "see the offer", "attachmentIds": [file["id"]]}},
    )  # fmt: skip
    comment = added["comment"]
    assert comment["attachments"] == [{"id": file["id"], "name": "offer.pdf"}]
    not_author = await run(
        gql, org.writers[AGENT2], DETACH, {"input": {"fileId": file["id"], "fromId": comment["id"]}}
    )
    assert codes(not_author) == [("input.fileId", "NOT_FOUND")]  # agent2 does not even see the file
    detached = await run(
        gql, org.writers[AGENT], DETACH, {"input": {"fileId": file["id"], "fromId": comment["id"]}}
    )
    assert detached["userErrors"] == []
    assert detached["file"]["id"] == file["id"]
    again = await run(
        gql, org.writers[AGENT], DETACH, {"input": {"fileId": file["id"], "fromId": comment["id"]}}
    )
    assert codes(again) == [("input.fileId", "NOT_ATTACHED")]
    tabs = (await gql(TABS, org.writers[AGENT], {"id": contact_id}))["data"]["contact"]
    assert [f["id"] for f in tabs["files"]["nodes"]] == [file["id"]]  # detached, still on the contact


async def test_documents_hold_a_file_that_a_delete_empties_and_shared_bytes_stay(
    client, gql, pg, org, settings
):
    contact_id = await new_contact(gql, org)
    data = b"identical bytes, uploaded twice"
    first = await uploaded(client, org.writers[AGENT], contact_id, "v1.txt", data)
    second = await uploaded(client, org.writers[AGENT], contact_id, "v2.txt", data)
    blob = settings.file_root / str(org.workspace_id) / first["sha256"][:2] / first["sha256"]
    assert first["sha256"] == second["sha256"]
    assert blob.is_file()
    created = await run(
        gql, org.writers[AGENT], DOCUMENT_CREATE,
        {"input": {"contactId": contact_id, "title": "Service agreement", "fileId": first["id"]}},
    )  # fmt: skip
    document = created["document"]
    assert (document["title"], document["status"], document["file"]) == (
        "Service agreement", "DRAFT", {"id": first["id"], "name": "v1.txt"},
    )  # fmt: skip
    signed = await run(
        gql, org.writers[AGENT], DOCUMENT_UPDATE, {"id": document["id"], "input": {"status": "SIGNED"}}
    )
    assert signed["document"]["status"] == "SIGNED"
    assert signed["document"]["file"]["id"] == first["id"]
    blank = await run(
        gql, org.writers[AGENT], DOCUMENT_UPDATE, {"id": document["id"], "input": {"title": " "}}
    )
    assert codes(blank) == [("input.title", "INVALID_VALUE")]

    deleted = await run(gql, org.writers[AGENT], DELETE, {"id": first["id"]})
    assert deleted == {"deletedFileId": first["id"], "userErrors": []}
    assert blob.is_file()  # the second file still names the bytes
    tabs = (await gql(TABS, org.writers[AGENT], {"id": contact_id}))["data"]["contact"]
    assert tabs["documents"]["nodes"] == [
        {"id": document["id"], "title": "Service agreement", "status": "SIGNED", "file": None}
    ]
    assert (await download(client, org.writers[AGENT], first)).status_code == 404
    await run(gql, org.writers[AGENT], DELETE, {"id": second["id"]})
    assert not blob.exists()  # nothing names them now
    assert codes(await run(gql, org.writers[AGENT], DELETE, {"id": second["id"]})) == [("id", "NOT_FOUND")]


async def test_forgetting_a_contact_removes_its_files_from_storage(client, gql, pg, org, settings):
    contact_id = await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], contact_id, "passport.pdf", document_bytes("Passport"))
    await run(
        gql,
        org.writers[AGENT],
        DOCUMENT_CREATE,
        {"input": {"contactId": contact_id, "title": "ID", "fileId": file["id"]}},
    )
    blob = settings.file_root / str(org.workspace_id) / file["sha256"][:2] / file["sha256"]
    dry = await run(gql, org.writers[ADMIN], FORGET, {"input": {"contactId": contact_id, "dryRun": True}})
    assert dry["erased"] == {"files": 1, "documents": 1}
    assert blob.is_file()
    done = await run(gql, org.writers[ADMIN], FORGET, {"input": {"contactId": contact_id}})
    assert done["erased"] == {"files": 1, "documents": 1}
    assert not blob.exists()
    assert (
        await pg.fetchval(
            "SELECT count(*) FROM files WHERE workspace_id = $1 AND id = $2",
            org.workspace_id,
            pk_of(file["id"]),
        )
        == 0
    )


async def test_the_files_and_documents_panels_cost_one_statement_with_what_they_refer_to(client, gql, org):
    contact_id = await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], contact_id, "scan.pdf", PDF)
    await run(
        gql,
        org.writers[AGENT],
        DOCUMENT_CREATE,
        {"input": {"contactId": contact_id, "title": "NDA", "fileId": file["id"]}},
    )
    card = """query($id: ID!) { contact(id: $id) { card { panels { kind %s } } } }"""
    bare = await gql(card % "", org.writers[AGENT], {"id": contact_id})
    full = await gql(
        card % (
            "... on FilesPanel { files { nodes { id name uploadedBy { name } } } } "
            "... on DocumentsPanel { documents { nodes { title file { name sizeBytes } createdBy { name } } } }"
        ),
        org.writers[AGENT], {"id": contact_id},
    )  # fmt: skip
    assert "errors" not in full, full
    panels = {p["kind"]: p for p in full["data"]["contact"]["card"]["panels"]}
    assert panels["FILES"]["files"]["nodes"][0]["uploadedBy"]["name"]
    assert panels["DOCUMENTS"]["documents"]["nodes"] == [
        {
            "title": "NDA",
            "file": {"name": "scan.pdf", "sizeBytes": len(PDF)},
            "createdBy": panels["FILES"]["files"]["nodes"][0]["uploadedBy"],
        }
    ]
    # both pages in one statement, with the uploaders and the documents' files joined in
    assert full["extensions"]["cost"]["sqlStatements"] == bare["extensions"]["cost"]["sqlStatements"] + 1


async def test_a_merge_moves_the_files_and_documents_to_the_target(client, gql, org):
    target, source = await new_contact(gql, org), await new_contact(gql, org)
    file = await uploaded(client, org.writers[AGENT], source, "brochure.pdf", PDF)
    await run(
        gql,
        org.writers[AGENT],
        DOCUMENT_CREATE,
        {"input": {"contactId": source, "title": "Offer", "fileId": file["id"]}},
    )
    merged = await run(
        gql, org.writers[AGENT],
        "mutation($input: ContactMergeInput!) { contactMerge(input: $input) { moved { files documents } userErrors { code } } }",
        {"input": {"targetId": target, "sourceIds": [source]}},
    )  # fmt: skip
    assert merged == {"moved": {"files": 1, "documents": 1}, "userErrors": []}
    tabs = (await gql(TABS, org.writers[AGENT], {"id": target}))["data"]["contact"]
    assert [f["id"] for f in tabs["files"]["nodes"]] == [file["id"]]
    assert tabs["documents"]["nodes"][0]["file"] == {"id": file["id"]}
    assert (await download(client, org.writers[AGENT], file)).content == PDF
