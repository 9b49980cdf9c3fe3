"""The mutation kernel: every write is one unit of work, run the same way.

A `Mutation` wraps the function that does one write. It declares, once, what the write requires (scope
and role), which code enum its user errors use, and which loaders its success makes stale. Calling it:

1. checks the requirement (a FORBIDDEN user error, nothing read or written, when the viewer falls short);
2. opens one transaction on one connection, and runs the work with a `Unit` on it;
3. the work validates, reads what it needs (locked, under the viewer's visibility), writes, and tells the
   unit each field it changed (before and after); it refuses with `unit.refuse(...)` / `Refused`, which
   rolls the whole transaction back: nothing is half-written;
4. the unit writes the history (one change event per changed field, by the viewer) in the same
   transaction, and bumps `updated_at` of the contacts the work touched;
5. a dry run (`unit.dry_run = True`) rolls it all back here, after doing all of it, and answers what it did;
6. before the commit, it announces which contacts changed (NOTIFY: delivered to every process's live
   subscribers only once the transaction commits, contactcard/events.py) and queues the deliveries of the
   webhooks that want them (contactcard/webhooks/outbox.py);
7. after the commit, the declared loaders are cleared, so the payload reads what was written, and what the
   work left in `unit.after_commit` runs (outside the database: the file store).

The work's result becomes the payload's object; its errors the payload's `userErrors`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, NoReturn, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from contactcard import events
from contactcard.auth.viewer import Viewer
from contactcard.db.prepared import rows_in
from contactcard.db.writes import contacts as contact_writes
from contactcard.db.writes import history as history_sql
from contactcard.domain.errors import Refused, UserError
from contactcard.domain.text import camel, nul_path
from contactcard.loaders import contacts as contact_sql
from contactcard.loaders.lists import ListSpec, by_id_query
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.permissions import Requirement, denied
from contactcard.webhooks import outbox

T = TypeVar("T")

MAX_BATCH = 250
"""The most items any list in a mutation's input may hold (DESIGN.md section 6: bulk inputs)."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a mutation did: its result, or (with nothing written) why not."""

    value: T | None
    errors: list[UserError]


@dataclass
class Change:
    field: str
    before: Any
    after: Any
    contact_id: int | None = None
    user_id: int | None = None


@dataclass
class Unit:
    """One mutation's transaction, and what it records and touches on the way."""

    ctx: RequestContext
    conn: AsyncConnection
    codes: type[StrEnum]
    changes: list[Change] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    """Contacts whose card the work changed: their `updated_at` moves and their loaders are cleared."""
    dry_run: bool = False
    """Set by the work: do everything, then roll back; a dry run answers what the real run does."""
    announced: list[dict[str, Any]] = field(default_factory=list)
    """Live events besides "this contact changed" (contactcard/events.py): a notification for a user."""
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    """What to do once the transaction committed (never after a refusal or a dry run): e.g. remove the
    bytes of deleted files from the file store."""

    @property
    def viewer(self) -> Viewer:
        return self.ctx.viewer

    @property
    def workspace_id(self) -> int:
        return self.ctx.viewer.workspace_id

    def error(self, field: str, code: str, message: str) -> UserError:
        """A user error with `code` checked against this mutation's enum (a KeyError if it has no such)."""
        return UserError(field, self.codes[code], message)

    def refuse(self, field: str, code: str, message: str) -> NoReturn:
        raise Refused(self.error(field, code, message))

    def check(self, errors: Iterable[UserError]) -> None:
        """Refuse with all of `errors`, if there are any."""
        found = list(errors)
        if found:
            raise Refused(*found)

    def changed(
        self,
        field: str,
        before: Any,
        after: Any,
        *,
        contact_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        """Record that `field` went from `before` to `after` (nothing when they are equal)."""
        if before == after:
            return
        self.changes.append(Change(field, before, after, contact_id, user_id))
        if contact_id is not None:
            self.touched.add(contact_id)

    async def contact(self, contact: str | int, field: str, *, deleted: bool = False) -> Any:
        """The contact a global id (or primary key) names, if the viewer may see it, locked for the
        transaction; else a NOT_FOUND error on `field`: a contact outside the viewer's scope looks exactly
        like none. `deleted`: one of the viewer's soft-deleted contacts instead."""
        row = await self.find_contact(contact, deleted=deleted)
        if row is None:
            self.refuse(field, "NOT_FOUND", "no such contact")
        return row

    async def find_contact(self, contact: str | int, *, deleted: bool = False) -> Any:
        pk = pk_of(contact, "Contact") if isinstance(contact, str) else contact
        if pk is None:
            return None
        env = self.ctx.loaders.env
        return await contact_sql.visible_contact(self.conn, env, pk, lock=True, deleted=deleted)

    async def find_contacts(self, global_ids: list[str]) -> dict[str, Any]:
        """The contacts the viewer may see among `global_ids`, locked, by global id (one statement)."""
        pks = {gid: pk_of(gid, "Contact") for gid in global_ids}
        wanted = sorted({pk for pk in pks.values() if pk is not None})
        env = self.ctx.loaders.env
        rows = await contact_sql.visible_contacts_of(self.conn, env, wanted, lock=True) if wanted else {}
        return {gid: rows[pk] for gid, pk in pks.items() if pk in rows}

    async def record(self, spec: ListSpec, global_id: str, type_name: str, field: str) -> Any:
        """A record of a contact's list (a deal, a comment, …) that the viewer sees through one of its
        contacts, locked for the transaction; else NOT_FOUND on `field`."""
        pk = pk_of(global_id, type_name)
        rows = []
        if pk is not None:
            # Lock first, then read: the row returned is the one the transaction holds.
            table = spec.target if spec.target is not None else spec.table
            locked = select(table.c.id).where(table.c.workspace_id == self.workspace_id, table.c.id == pk)
            await self.conn.execute(locked.with_for_update())
            env = self.ctx.loaders.env
            values = {**env.values, "keys": [pk]}
            rows = spec.entries(await rows_in(by_id_query(spec, env.visibility), self.conn, values))
        if not rows:
            self.refuse(field, "NOT_FOUND", f"no such {type_name[0].lower()}{type_name[1:]}")
        return rows[0]

    def by_contact(self, lists: tuple[str, ...]) -> outbox.ContactChanges:
        """Each contact the work touched: the lists of it that changed (the mutation's stale lists, and the
        history when a field changed) and its changes (field, before, after)."""
        touched_lists = sorted({*lists, *(["history"] if self.changes else [])})
        return {
            contact_id: (
                touched_lists,
                [(c.field, c.before, c.after) for c in self.changes if c.contact_id == contact_id],
            )
            for contact_id in sorted(self.touched)
        }

    def contact_events(self, touched: outbox.ContactChanges) -> list[dict[str, Any]]:
        """A "changed" event per contact the work touched (`by_contact`), for contactcard/events.py."""
        return [
            {
                "ws": self.workspace_id,
                "type": "contact",
                "id": contact_id,
                "lists": touched_lists,
                "fields": sorted({field for field, _, _ in changes}),
            }
            for contact_id, (touched_lists, changes) in touched.items()
        ]

    async def _finish(self) -> None:
        await history_sql.record_changes(
            self.conn,
            workspace_id=self.workspace_id,
            author_id=self.viewer.user_id,
            changes=[(c.contact_id, c.user_id, c.field, c.before, c.after) for c in self.changes],
        )
        await contact_writes.touch(self.conn, self.workspace_id, sorted(self.touched))


class _DryRun(Exception):
    """Rolls a dry run's transaction back, carrying what the work answered."""

    def __init__(self, value: Any) -> None:
        super().__init__("dry run")
        self.value = value


class Mutation(Generic[T]):
    """A write, with what it requires; `await m(ctx, ...)` runs it as one unit of work (module docstring)."""

    def __init__(
        self,
        work: Callable[..., Awaitable[T]],
        requirement: Requirement,
        codes: type[StrEnum],
        invalidates: tuple[str, ...] = (),
    ) -> None:
        missing = {"FORBIDDEN", "INVALID_VALUE"} - set(codes.__members__)
        if missing:
            raise TypeError(f"{codes.__name__} needs the codes {sorted(missing)}")
        self.work = work
        self.arguments = list(inspect.signature(work).parameters)[1:]
        """The work's argument names after the unit: a plain text argument is the input field of its name."""
        self.requirement = requirement
        self.codes = codes
        self.invalidates = invalidates

    async def __call__(self, ctx: RequestContext, *args: Any, **kwargs: Any) -> Outcome[T]:
        reason = denied(ctx.viewer, self.requirement)
        if reason is not None:
            return Outcome(None, [UserError("", self.codes["FORBIDDEN"], reason)])
        nul = self._nul(args, kwargs)
        if nul is not None:  # PostgreSQL's text and jsonb refuse U+0000: a user error, not a crash
            return Outcome(
                None, [UserError(nul, self.codes["INVALID_VALUE"], "text cannot hold a NUL character")]
            )
        ctx.loaders.env.route.wrote = True  # from here on the request reads the primary (read-your-writes)
        try:
            async with ctx.loaders.env.engine.begin() as conn:
                unit = Unit(ctx, conn, self.codes)
                value = await self.work(unit, *args, **kwargs)
                await unit._finish()
                if unit.dry_run:
                    raise _DryRun(value)
                # Both go out when (and only if) this transaction commits: the live events, delivered by
                # PostgreSQL, and the webhooks' deliveries, queued in the same transaction.
                touched = unit.by_contact(self.invalidates)
                await events.announce(conn, [*unit.contact_events(touched), *unit.announced])
                await outbox.enqueue(conn, unit.workspace_id, touched)
        except Refused as refused:
            return Outcome(None, refused.errors)
        except _DryRun as dry:
            return Outcome(dry.value, [])
        ctx.loaders.forget(self.invalidates, unit.touched, history=bool(unit.changes))
        for then in unit.after_commit:
            await then()
        return Outcome(value, [])

    def _nul(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
        """The input path of a text holding a NUL, if any argument has one."""
        for name, value in [*zip(self.arguments, args, strict=False), *kwargs.items()]:
            named = isinstance(value, str | list)  # a text or a list argument is the input field of its name
            found = nul_path(value, f"input.{camel(name)}" if named else "input")
            if found is not None:
                return found
        return None


def mutation(
    requirement: Requirement, codes: type[StrEnum], invalidates: tuple[str, ...] = ()
) -> Callable[[Callable[..., Awaitable[T]]], Mutation[T]]:
    """Declare a write: `@mutation(WRITE, ContactCode, invalidates=(...))` over `async def work(unit, …)`."""

    def declare(work: Callable[..., Awaitable[T]]) -> Mutation[T]:
        return Mutation(work, requirement, codes, invalidates)

    return declare
