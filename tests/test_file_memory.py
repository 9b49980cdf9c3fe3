"""A 300 MB upload through a real server (uvicorn in a subprocess) keeps its memory flat: the body is
streamed to disk and into the store, never held; it then downloads with the same SHA-256."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import AsyncIterator

import httpx
import orjson

from tests.live_server import live_server
from tests.test_files import UPLOAD
from tests.writing import AGENT, make_org, run

SIZE = 300 * 1024 * 1024
BLOCK = hashlib.sha256(b"block").digest() * (1024 * 1024 // 32)  # 1 MiB that is not all one byte
BOUNDARY = "contactcard-memory-test"
GROWTH_LIMIT_MB = 64


def body(contact_id: str) -> tuple[AsyncIterator[bytes], int]:
    operations = orjson.dumps(
        {"query": UPLOAD, "variables": {"input": {"contactId": contact_id, "file": None}}}
    )
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n".encode() + operations
        + f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n".encode()
        + b'{"0": ["variables.input.file"]}'
        + f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"big.bin.dat\"\r\n"
          "Content-Type: application/octet-stream\r\n\r\n".encode()
    )  # fmt: skip
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    async def chunks() -> AsyncIterator[bytes]:
        yield head
        for _ in range(SIZE // len(BLOCK)):
            yield BLOCK
        yield tail

    return chunks(), len(head) + SIZE + len(tail)


async def test_a_300_mb_upload_keeps_the_servers_memory_flat(pg, owner_engine, db_url, gql, tmp_path):
    org = await make_org(pg, owner_engine, "Big upload", contacts=1)
    try:
        await pg.execute(
            "UPDATE workspaces SET max_upload_bytes = $2 WHERE id = $1", org.workspace_id, 2 * SIZE
        )
        token = org.writers[AGENT]
        created = await run(
            gql,
            token,
            'mutation { contactCreate(input: {firstName: "Big"}) { contact { id } userErrors { code } } }',
        )
        contact_id = created["contact"]["id"]
        with live_server(db_url, tmp_path, CONTACTCARD_FILES_DIR=str(tmp_path / "files")) as server:
            headers = {"authorization": f"Bearer {token}", "graphql-preflight": "1"}
            async with httpx.AsyncClient(base_url=server.url, timeout=300) as client:
                for _ in range(3):  # warm: the first requests import and cache what every request needs
                    await client.post("/graphql", json={"query": "{ viewer { id } }"}, headers=headers)
                baseline = server.rss_mb()
                peak = [baseline]
                done = threading.Event()

                def sample() -> None:
                    while not done.is_set():
                        peak[0] = max(peak[0], server.rss_mb())
                        time.sleep(0.05)

                sampler = threading.Thread(target=sample)
                sampler.start()
                try:
                    chunks, length = body(contact_id)
                    response = await client.post(
                        "/graphql",
                        content=chunks,
                        headers={
                            **headers,
                            "content-type": f"multipart/form-data; boundary={BOUNDARY}",
                            "content-length": str(length),
                        },
                    )
                finally:
                    done.set()
                    sampler.join()
                assert response.status_code == 200, response.text
                payload = response.json()["data"]["fileUpload"]
                assert payload["userErrors"] == [], payload
                file = payload["file"]
                assert file["sizeBytes"] == SIZE
                growth = peak[0] - baseline
                print(f"300 MB upload: server RSS {baseline:.0f} MB before, peak {peak[0]:.0f} MB")  # noqa: T201
                assert growth < GROWTH_LIMIT_MB, (baseline, peak[0])

                digest = hashlib.sha256()
                async with client.stream("GET", file["downloadUrl"], headers=headers) as download:
                    assert download.status_code == 200
                    async for chunk in download.aiter_bytes():
                        digest.update(chunk)
                assert digest.hexdigest() == file["sha256"]
                expected = hashlib.sha256()
                for _ in range(SIZE // len(BLOCK)):
                    expected.update(BLOCK)
                assert file["sha256"] == expected.hexdigest()
    finally:
        await pg.execute("DELETE FROM workspaces WHERE id = $1", org.workspace_id)
