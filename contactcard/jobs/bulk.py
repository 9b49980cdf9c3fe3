"""A bulk action on a filter too large for one request: the same mutation the API runs on ids, on the
filter's contacts 250 at a time. Each batch is all or nothing and committed; a refused batch stops the job
(the batches before it stay done, as its progress says)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from contactcard.db.enums import JobKind
from contactcard.jobs.pages import compiled_selection, count, pages
from contactcard.jobs.runner import Handler, JobFailed, JobRun
from contactcard.resolvers import bulk
from contactcard.resolvers.contact_filter import BadFilter
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import to_global_id
from contactcard.resolvers.kernel import MAX_BATCH, Outcome

Action = Callable[[RequestContext, dict[str, Any], dict[str, Any]], Awaitable[Outcome[bulk.BulkDone]]]

ACTIONS: dict[JobKind, Action] = {
    JobKind.CONTACTS_CLOSE: lambda ctx, selection, args: bulk.close(ctx, selection, args["reason"]),
    JobKind.CONTACTS_TRANSFER: lambda ctx, selection, args: bulk.transfer(ctx, selection, args["data"]),
    JobKind.CONTACTS_TAGS_ADD: lambda ctx, selection, args: bulk.tags_add(ctx, selection, args["tags"]),
    JobKind.CONTACTS_TAGS_REMOVE: lambda ctx, selection, args: bulk.tags_remove(ctx, selection, args["tags"]),
    JobKind.CONTACTS_DELETE: lambda ctx, selection, _args: bulk.delete(ctx, selection),
}


def _handler(kind: JobKind) -> Handler:
    action = ACTIONS[kind]

    async def run(job: JobRun) -> dict[str, Any]:
        params = job.params
        try:
            compiled = await compiled_selection(job.context(), {"filter": params["filter"]})
        except BadFilter as refused:
            raise JobFailed(f"the filter is no longer valid: {refused.message}") from None
        await job.beat(0, total=await count(job.env, compiled))
        processed = changed = 0
        async for rows in pages(job.env, compiled, MAX_BATCH):
            ids = [to_global_id("Contact", row.id) for row in rows]
            outcome = await action(job.context(), {"ids": ids}, params["args"])
            if outcome.errors or outcome.value is None or outcome.value.changed is None:
                problem = outcome.errors[0] if outcome.errors else None
                reason = "the action was refused" if problem is None else problem.message
                raise JobFailed(f"stopped after {processed} contacts: {reason}")
            processed += len(rows)
            changed += len(outcome.value.changed)
            await job.beat(processed, result={"changed": changed})
        return {"changed": changed}

    return run


HANDLERS: dict[JobKind, Handler] = {kind: _handler(kind) for kind in ACTIONS}
