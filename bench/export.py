"""EXPORT: one CSV export of a whole workspace (an admin's token, the seeds' eight default columns) by the
server's in-process worker: seconds from `contactsExport` to DONE, the server's RSS sampled all along (flat
means the export's memory does not grow with its rows), and the file downloaded and counted."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.servers import Server

EXPORT = "mutation { contactsExport(input: {}) { job { id total } userErrors { field code message } } }"
STATUS = "query($id: ID!) { exportJob(id: $id) { status progress total error downloadUrl } }"
MB = 2**20


async def measure(system: Server, token: str, within_seconds: float = 900) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        started_rss = system.rss()
        body = (await client.post(system.url, json={"query": EXPORT})).json()
        payload = body["data"]["contactsExport"]
        if payload["userErrors"]:
            raise SystemExit(f"EXPORT refused: {payload['userErrors']}")
        job_id, started = payload["job"]["id"], time.perf_counter()
        samples: list[tuple[float, int, int]] = []
        job: dict[str, Any] = {}
        while time.perf_counter() - started < within_seconds:
            job = (await client.post(system.url, json={"query": STATUS, "variables": {"id": job_id}})).json()[
                "data"
            ]["exportJob"]
            samples.append((time.perf_counter() - started, job["progress"], system.rss()))
            if job["status"] in {"DONE", "FAILED"}:
                break
            await asyncio.sleep(0.25)
        seconds = time.perf_counter() - started
        if job.get("status") != "DONE":
            raise SystemExit(f"EXPORT did not finish: {job}")
        size, lines = 0, 0
        async with client.stream("GET", job["downloadUrl"]) as response:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                lines += chunk.count(b"\n")
    rss = [sample[2] for sample in samples]
    half = len(rss) // 2
    return {
        "rows": job["progress"],
        "seconds": round(seconds, 1),
        "bytes": size,
        "lines": lines,
        "rss_start_mb": round(started_rss / MB, 1),
        "rss_peak_mb": round(max(rss) / MB, 1),
        "rss_first_half_peak_mb": round(max(rss[: half or 1]) / MB, 1),
        "rss_second_half_peak_mb": round(max(rss[half:]) / MB, 1),
    }
