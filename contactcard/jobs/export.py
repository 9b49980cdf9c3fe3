"""An export: the selected contacts, in the list's order, as CSV (UTF-8 with a BOM, so that spreadsheet
programs read the accents), with the columns asked for; written in chunks of `CHUNK_BYTES`, one page of
contacts in memory at a time.

A cell a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, a tab or a carriage
return) is written with a leading `'`, as OWASP recommends against CSV injection; numbers are not text and
are written as they are.
"""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

from contactcard.domain.columns import Column
from contactcard.jobs.pages import compiled_selection, count, pages
from contactcard.jobs.runner import JobFailed, JobRun
from contactcard.resolvers.cells import Cell, cell
from contactcard.resolvers.contact_filter import BadFilter
from contactcard.resolvers.list_views import columns_of
from contactcard.schema.contacts import Contact

PAGE = 500
CHUNK_BYTES = 256 * 1024
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(found: Cell) -> str:
    """The cell's text as CSV should hold it (formulas defused)."""
    if found.text is None:
        return ""
    is_number = isinstance(found.value, int | float) and not isinstance(found.value, bool)
    return "'" + found.text if found.text.startswith(FORMULA_STARTS) and not is_number else found.text


class _Sheet:
    """CSV text that is handed on in chunks of about CHUNK_BYTES."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def row(self, cells: list[str]) -> None:
        self.writer.writerow(cells)

    def take(self, *, at_least: int) -> bytes | None:
        if self.buffer.tell() < at_least:
            return None
        data = self.buffer.getvalue().encode()
        self.buffer.seek(0)
        self.buffer.truncate()
        return data


async def _cells(run: JobRun, rows: list[Any], columns: list[Column]) -> list[list[str]]:
    """One page's rows of cells: all cells at once, so that the loaders batch each column's reads."""
    ctx = run.context()
    contacts = [Contact.from_row(row) for row in rows]
    found = await asyncio.gather(*(cell(ctx, c, column) for c in contacts for column in columns))
    width = len(columns)
    return [[safe(f) for f in found[i : i + width]] for i in range(0, len(found), width)]


async def run(job: JobRun) -> dict[str, Any]:
    params = job.params
    ctx = job.context()
    try:
        compiled = await compiled_selection(ctx, params["selection"], params.get("orderBy"))
    except BadFilter as refused:
        raise JobFailed(f"the filter is no longer valid: {refused.message}") from None
    columns = await columns_of(ctx, params["columns"])
    if not columns:
        raise JobFailed("none of the export's columns exists any more")
    total = await count(job.env, compiled)
    await job.beat(0, total=total)
    sheet, seq, written, size = _Sheet(), 0, 0, 0
    sheet.buffer.write(BOM)
    sheet.row([column.title for column in columns])
    async for rows in pages(job.env, compiled, PAGE):
        for cells in await _cells(job, rows, columns):
            sheet.row(cells)
        written += len(rows)
        data = sheet.take(at_least=CHUNK_BYTES)
        if data is not None:
            await job.write(seq, data, written)
            seq, size = seq + 1, size + len(data)
        else:
            await job.beat(written)
    data = sheet.take(at_least=0) or b""
    await job.write(seq, data, written)
    return {"rows": written, "bytes": size + len(data), "columns": [c.key for c in columns]}
