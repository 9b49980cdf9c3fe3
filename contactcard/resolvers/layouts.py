"""Card layouts: the viewer's effective layout, a layer's versions, and the edits of a layer.

Every edit runs the same way (`_write`): check the permission, read the layers in the mutation's
transaction, compute the new layer, write it only if its version is still the one the caller saw, and
record the change as a history entry of the user; on any error nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from contactcard.db import layouts as layout_sql
from contactcard.db.base import AnyRow
from contactcard.db.enums import LayoutScope, Role
from contactcard.domain.errors import LayoutCode
from contactcard.domain.ranges import INTEGER
from contactcard.layouts import edits
from contactcard.layouts.merge import merge
from contactcard.layouts.model import EffectiveLayout, Layer, LayerPanel, Source, layer_from_json
from contactcard.layouts.validation import LayoutError, PanelInput, validate_panels
from contactcard.loaders.base import fetch_rows
from contactcard.lru import LeastRecentlyUsed
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Mutation, Unit
from contactcard.resolvers.pagination import Page, decode_cursor, encode_cursor, page_of, page_size
from contactcard.resolvers.permissions import ADMINISTER_WORKSPACE, EDIT_OWN_SETTINGS, denied


@dataclass(frozen=True)
class Target:
    """The layer an edit writes: its subject and how it is stored."""

    source: Source
    subject: str
    scope: LayoutScope
    role: Role | None = None
    user_id: int | None = None

    @property
    def history_field(self) -> str:
        """What the history entry says changed: cardLayout, workspaceCardLayout, roleCardLayout.AGENT."""
        if self.source is Source.USER:
            return "cardLayout"
        return "workspaceCardLayout" if self.role is None else f"roleCardLayout.{self.role.value}"


def own_target(ctx: RequestContext) -> Target:
    user_id = ctx.viewer.user_id
    return Target(Source.USER, layout_sql.user_subject(user_id), LayoutScope.USER, user_id=user_id)


def workspace_target() -> Target:
    return Target(Source.WORKSPACE, layout_sql.WORKSPACE_SUBJECT, LayoutScope.WORKSPACE)


def role_target(role: Role) -> Target:
    return Target(Source.ROLE, layout_sql.role_subject(role), LayoutScope.ROLE, role=role)


def layers_of(
    rows: Sequence[AnyRow], workspace: str | None, role: str | None, user: str | None
) -> list[Layer]:
    """Workspace, role and user layers (empty where nothing is stored), top to bottom."""
    by_subject = {row.subject: row for row in rows}
    wanted = [(Source.WORKSPACE, workspace), (Source.ROLE, role), (Source.USER, user)]
    layers = []
    for source, subject in wanted:
        row = by_subject.get(subject) if subject else None
        layers.append(
            Layer(source)
            if row is None
            else layer_from_json(source, row.panels, locked=row.locked, version=row.version)
        )
    return layers


_merged: LeastRecentlyUsed[tuple[Any, ...], EffectiveLayout] = LeastRecentlyUsed(1024)
"""Effective layouts kept per process: one per stack of stored versions."""


async def effective_layout(ctx: RequestContext) -> EffectiveLayout:
    """The viewer's effective layout; its layers are read once per request, however many cards ask, and
    merged once per process for the same stored versions (a stored layer never changes under its version:
    every edit, lock and rollback writes a new one)."""
    if ctx.effective_layout is None:
        rows = await ctx.loaders.layout_layers.load(ctx.viewer.user_id)
        subjects = layout_sql.stack_subjects(ctx.viewer.role, ctx.viewer.user_id)
        key = (ctx.viewer.workspace_id, subjects, tuple((r.subject, r.version, r.locked) for r in rows))
        ctx.effective_layout = (
            _merged.get(key) if key in _merged else _merged.put(key, merge(layers_of(rows, *subjects)))
        )
    return ctx.effective_layout


async def stored_layer(ctx: RequestContext, target: Target) -> Layer:
    statement = layout_sql.layers_statement(ctx.viewer.workspace_id, [target.subject])
    rows = await fetch_rows(ctx.loaders.env.engine, statement)
    if not rows:
        return Layer(target.source)
    return layer_from_json(target.source, rows[0].panels, locked=rows[0].locked, version=rows[0].version)


async def versions_page(
    ctx: RequestContext, target: Target, first: int | None, after: str | None
) -> Page[AnyRow]:
    limit = page_size(first)
    before = (
        decode_cursor(after, "layoutVersions", target.subject, (INTEGER,))[0] if after is not None else None
    )
    statement = layout_sql.versions_statement(ctx.viewer.workspace_id, target.subject, limit + 1, before)
    rows = await fetch_rows(ctx.loaders.env.engine, statement)

    async def count() -> int:
        # Every version is kept and they are numbered from 1: the count is the current version.
        return (await stored_layer(ctx, target)).version

    return page_of(
        rows,
        limit,
        cursor_of=lambda row: encode_cursor("layoutVersions", target.subject, row.version),
        after_given=after is not None,
        count=count,
    )


# -- edits -------------------------------------------------------------------------------------------------
Edit = Callable[[EffectiveLayout, Layer], tuple[tuple[LayerPanel, ...], list[LayoutError]]]


@dataclass(frozen=True)
class Outcome:
    layout: EffectiveLayout | None
    layer: Layer | None
    errors: list[LayoutError]


LAYER_ORDER = (Source.WORKSPACE, Source.ROLE, Source.USER)


def _stack_subjects(ctx: RequestContext, target: Target) -> tuple[str, str | None, str | None]:
    """The subjects of the layers from the workspace down to `target` (None below it)."""
    if target.source is Source.USER:
        return layout_sql.stack_subjects(ctx.viewer.role, target.user_id)
    return layout_sql.stack_subjects(target.role, None)


def _version_conflict(expected: int, stored: int) -> LayoutError:
    return LayoutError(
        "expectedVersion",
        LayoutCode.VERSION_CONFLICT,
        f"the layout is at version {stored}, not {expected}: reload and retry",
    )


async def _write_layer(
    unit: Unit, target: Target, expected_version: int | None, edit: Edit | RollbackTo, locked: bool
) -> Layer:
    """Read the layers in the transaction, compute the new layer, write it only if its version is still the
    one the caller saw, and record the change on the user."""
    if isinstance(edit, RollbackTo):
        edit = await _rollback_edit(unit, target, edit.version)
    viewer = unit.viewer
    subjects = _stack_subjects(unit.ctx, target)
    depth = LAYER_ORDER.index(target.source)
    rows = await layout_sql.read_layers(unit.conn, viewer.workspace_id, subjects)
    stack = layers_of(rows, *subjects)
    upper, current = stack[:depth], stack[depth]
    # A user's edit sees the whole effective layout (positions); an admin's, the layers above (locks).
    seen = merge([*upper, current]) if target.source is Source.USER else merge(upper)
    panels, errors = edit(seen, current)
    if expected_version is not None and not errors and expected_version != current.version:
        errors = [_version_conflict(expected_version, current.version)]
    unit.check(errors)
    new = Layer(target.source, panels, locked=locked, version=current.version)
    version = await layout_sql.write_layer(
        unit.conn,
        workspace_id=viewer.workspace_id,
        subject=target.subject,
        scope=target.scope,
        role=target.role,
        user_id=target.user_id,
        expected_version=current.version,
        panels=new.panels_json(),
        locked=new.locked,
        by_user=viewer.user_id,
    )
    if version is None:
        unit.check([_version_conflict(current.version, current.version + 1)])
        raise AssertionError  # unreachable: check() raised
    unit.changed(
        target.history_field,
        _snapshot(current),
        {**_snapshot(new), "version": version},
        user_id=viewer.user_id,
    )
    return Layer(target.source, panels, locked=locked, version=version)


_LAYOUT_LOADERS = ("layout_layers",)
_write_own = Mutation(_write_layer, EDIT_OWN_SETTINGS, LayoutCode, invalidates=_LAYOUT_LOADERS)
_write_admin = Mutation(_write_layer, ADMINISTER_WORKSPACE, LayoutCode, invalidates=_LAYOUT_LOADERS)


async def _write(
    ctx: RequestContext,
    write: Mutation[Layer],
    target: Target,
    expected_version: int | None,
    edit: Edit | RollbackTo,
    *,
    locked: bool = False,
) -> Outcome:
    done = await write(ctx, target, expected_version, edit, locked)
    if done.value is None:
        return Outcome(None, None, done.errors)
    ctx.effective_layout = None
    return Outcome(await effective_layout(ctx), done.value, [])


def _snapshot(layer: Layer) -> dict[str, Any]:
    return {"version": layer.version, "locked": layer.locked, "panels": layer.panels_json()}


def _admin_edit(panels: tuple[LayerPanel, ...], errors: list[LayoutError]) -> Edit:
    """An admin layer's replacement: refused if an upper admin layer locks the layout or these panels."""

    def edit(effective: EffectiveLayout, _current: Layer) -> tuple[tuple[LayerPanel, ...], list[LayoutError]]:
        if errors:
            return (), errors
        if effective.locked:
            return (), [
                LayoutError("", LayoutCode.LAYOUT_LOCKED, f"the {effective.locked_by} layout is locked")
            ]
        refused = [
            LayoutError(
                f"panels.{i}", LayoutCode.PANEL_LOCKED, f"{panel.kind} is locked by the workspace layout"
            )
            for i, panel in enumerate(panels)
            if effective.panel(panel.kind).locked
        ]
        return panels, refused

    return edit


async def update_own(ctx: RequestContext, expected_version: int, inputs: list[PanelInput]) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda effective, _user: edits.replace_all(effective, inputs))  # fmt: skip


async def move_own(ctx: RequestContext, expected_version: int, kind: str, position: int) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda effective, user: edits.move(effective, user, kind, position))  # fmt: skip


async def toggle_own(ctx: RequestContext, expected_version: int, kind: str, enabled: bool) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda effective, user: edits.toggle(effective, user, kind, enabled))  # fmt: skip


async def configure_own(ctx: RequestContext, expected_version: int, kind: str, settings: Any) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda effective, user: edits.configure(effective, user, kind, settings))  # fmt: skip


async def lock_own(ctx: RequestContext, expected_version: int, locked: bool) -> Outcome:
    """Lock the viewer's own layout against edits (or unlock it): its panels stay as they are."""
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda _effective, user: (user.panels, []), locked=locked)  # fmt: skip


async def reset_own(ctx: RequestContext, expected_version: int) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version,
                        lambda effective, _user: edits.reset(effective))  # fmt: skip


@dataclass(frozen=True)
class RollbackTo:
    """An edit that makes an earlier version of the layer current; its version is read in the unit of work
    (after the requirement is checked, like every read of a write)."""

    version: int


async def _rollback_edit(unit: Unit, target: Target, version: int) -> Edit:
    row = await layout_sql.version_of(unit.conn, unit.workspace_id, target.subject, version)
    if row is None:
        unit.refuse("version", "UNKNOWN_VERSION", f"your layout has no version {version}")
    panels = layer_from_json(Source.USER, row.panels).panels

    def edit(effective: EffectiveLayout, _user: Layer) -> tuple[tuple[LayerPanel, ...], list[LayoutError]]:
        return panels, edits.reset(effective)[1]

    return edit


async def rollback_own(ctx: RequestContext, version: int, expected_version: int | None) -> Outcome:
    return await _write(ctx, _write_own, own_target(ctx), expected_version, RollbackTo(version))


async def update_admin_layer(
    ctx: RequestContext, target: Target, expected_version: int, inputs: list[PanelInput], locked: bool
) -> Outcome:
    panels, errors = validate_panels(inputs, may_lock=True)
    return await _write(
        ctx, _write_admin, target, expected_version, _admin_edit(panels, errors), locked=locked
    )


def may_administer(ctx: RequestContext) -> str | None:
    return denied(ctx.viewer, ADMINISTER_WORKSPACE)
