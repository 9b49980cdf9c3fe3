"""Card layouts in GraphQL: the effective layout, stored layers and their versions, and the mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from contactcard.domain.errors import LayoutCode
from contactcard.layouts.model import EffectiveLayout, Layer, LayerPanel, Source, layer_from_json
from contactcard.layouts.registry import PanelKind, PanelZone
from contactcard.layouts.validation import LayoutError, PanelInput
from contactcard.loaders.base import Record
from contactcard.resolvers import layouts as resolve
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.errors import ApiError
from contactcard.schema.enums import Role
from contactcard.schema.pagination import Connection, connection
from contactcard.schema.users import User, load_user

Info = strawberry.Info[RequestContext, None]

strawberry.enum(PanelKind, description="A kind of panel of the contact card.")
strawberry.enum(PanelZone, description="Where a panel sits on the card.")
strawberry.enum(Source, name="LayoutSource", description="Which layer of layouts decided a panel.")


class Forbidden(ApiError):
    code = "FORBIDDEN"


@strawberry.type(description="A panel of the viewer's effective layout.")
class LayoutPanel:
    kind: PanelKind
    position: int
    title: str
    enabled: bool
    settings: JSON
    locked: bool = strawberry.field(
        description="Pinned by an admin: its place, state and settings are fixed."
    )
    source: Source


@strawberry.type(description="The layout the viewer's cards follow: every panel kind once, in order.")
class CardLayout:
    panels: list[LayoutPanel]
    version: int = strawberry.field(description="The version of the viewer's own layout (0: none stored).")
    locked: bool = strawberry.field(
        description="An admin locked the whole layout: the viewer can change nothing."
    )
    locked_by: Source | None
    editing_locked: bool = strawberry.field(
        description="You locked your own layout against edits (`cardLayoutLock`): unlock it to change it."
    )

    @classmethod
    def of(cls, effective: EffectiveLayout) -> CardLayout:
        return cls(
            panels=[
                LayoutPanel(
                    kind=p.kind,
                    position=p.position,
                    title=p.title,
                    enabled=p.enabled,
                    settings=JSON(p.settings),
                    locked=p.locked,
                    source=p.source,
                )
                for p in effective.panels
            ],
            version=effective.version,
            locked=effective.locked,
            locked_by=effective.locked_by,
            editing_locked=effective.self_locked,
        )


@strawberry.type(description="A panel as one layer stores it: `enabled` null and absent settings inherit.")
class StoredPanel:
    kind: PanelKind
    enabled: bool | None
    settings: JSON
    locked: bool

    @classmethod
    def of(cls, panel: LayerPanel) -> StoredPanel:
        return cls(kind=panel.kind, enabled=panel.enabled, settings=JSON(panel.settings), locked=panel.locked)


@strawberry.type(description="One saved version of a layout layer.")
class CardLayoutVersion:
    version: int
    locked: bool
    panels: list[StoredPanel]
    created_at: datetime
    created_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await load_user(info.context, "layouts", self.created_by_id)

    @classmethod
    def from_row(cls, row: Record) -> CardLayoutVersion:
        layer = layer_from_json(Source.USER, row.panels)
        return cls(
            version=row.version,
            locked=row.locked,
            panels=[StoredPanel.of(p) for p in layer.panels],
            created_at=row.created_at,
            created_by_id=row.created_by_id,
        )


@strawberry.type(description="A stored layer of layouts (the workspace default or a role's).")
class CardLayoutLayer:
    scope: Source
    role: Role | None
    version: int
    locked: bool
    panels: list[StoredPanel]
    target: strawberry.Private[resolve.Target]

    @strawberry.field(description="Earlier and current versions, newest first.")
    async def versions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CardLayoutVersion] | None:
        page = await resolve.versions_page(info.context, self.target, first, after)
        return connection(page, CardLayoutVersion.from_row)

    @classmethod
    def of(cls, target: resolve.Target, layer: Layer) -> CardLayoutLayer:
        return cls(
            scope=target.source,
            role=target.role,
            version=layer.version,
            locked=layer.locked,
            panels=[StoredPanel.of(p) for p in layer.panels],
            target=target,
        )


CardLayoutErrorCode = strawberry.enum(LayoutCode, name="CardLayoutErrorCode")


@strawberry.type
class CardLayoutError:
    field: str | None = strawberry.field(
        description="Dotted path of the input field, e.g. `panels.2.settings.pageSize`."
    )
    code: LayoutCode
    message: str


def _errors(errors: list[LayoutError]) -> list[CardLayoutError]:
    return [
        CardLayoutError(field=e.field or None, code=LayoutCode(e.code), message=e.message) for e in errors
    ]


@strawberry.type
class CardLayoutPayload:
    card_layout: CardLayout | None
    user_errors: list[CardLayoutError]

    @classmethod
    def of(cls, outcome: resolve.Outcome) -> CardLayoutPayload:
        layout = None if outcome.layout is None else CardLayout.of(outcome.layout)
        return cls(card_layout=layout, user_errors=_errors(outcome.errors))


@strawberry.type
class CardLayoutLayerPayload:
    layer: CardLayoutLayer | None
    user_errors: list[CardLayoutError]


@strawberry.input(
    description="A panel of a layout: `enabled` null inherits; `settings` are only the ones changed."
)
class LayoutPanelInput:
    kind: str = strawberry.field(description="A PanelKind; anything else is an UNKNOWN_PANEL user error.")
    enabled: bool | None = None
    settings: JSON | None = None
    locked: bool | None = strawberry.field(
        default=None, description="Admin layers only: pin this panel here."
    )


def _inputs(panels: list[LayoutPanelInput]) -> list[PanelInput]:
    return [PanelInput(kind=p.kind, enabled=p.enabled, settings=p.settings, locked=p.locked) for p in panels]


@strawberry.input
class CardLayoutUpdateInput:
    expected_version: int
    panels: list[LayoutPanelInput]


@strawberry.input
class CardLayoutPanelMoveInput:
    kind: str
    position: int
    expected_version: int


@strawberry.input
class CardLayoutPanelToggleInput:
    kind: str
    enabled: bool
    expected_version: int


@strawberry.input
class CardLayoutPanelConfigureInput:
    kind: str
    settings: JSON
    expected_version: int


@strawberry.input
class CardLayoutLockInput:
    locked: bool
    expected_version: int


@strawberry.input
class CardLayoutResetInput:
    expected_version: int


@strawberry.input
class CardLayoutRollbackInput:
    version: int
    expected_version: int | None = None


@strawberry.input
class AdminCardLayoutInput:
    expected_version: int
    panels: list[LayoutPanelInput]
    locked: bool = strawberry.field(
        default=False, description="Lock the whole layer: layers below are ignored."
    )


async def _admin_layer(info: Info, target: resolve.Target) -> CardLayoutLayer:
    reason = resolve.may_administer(info.context)
    if reason is not None:
        raise Forbidden(reason)
    return CardLayoutLayer.of(target, await resolve.stored_layer(info.context, target))


@strawberry.type
class LayoutQuery:
    @strawberry.field(description="The workspace's default layout (admins).")
    async def workspace_card_layout(self, info: Info) -> CardLayoutLayer | None:
        return await _admin_layer(info, resolve.workspace_target())

    @strawberry.field(description="A role's default layout (admins).")
    async def role_card_layout(self, info: Info, role: Role) -> CardLayoutLayer | None:
        return await _admin_layer(info, resolve.role_target(role))


def _layer_payload(target: resolve.Target, outcome: resolve.Outcome) -> CardLayoutLayerPayload:
    layer = None if outcome.layer is None else CardLayoutLayer.of(target, outcome.layer)
    return CardLayoutLayerPayload(layer=layer, user_errors=_errors(outcome.errors))


@strawberry.type
class LayoutMutation:
    @strawberry.mutation(description="Replace your whole layout.")
    async def card_layout_update(self, info: Info, input: CardLayoutUpdateInput) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.update_own(info.context, input.expected_version, _inputs(input.panels))
        )

    @strawberry.mutation(description="Move one panel to `position` (0-based, in the effective layout).")
    async def card_layout_panel_move(self, info: Info, input: CardLayoutPanelMoveInput) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.move_own(info.context, input.expected_version, input.kind, input.position)
        )

    @strawberry.mutation(description="Show or hide one panel.")
    async def card_layout_panel_toggle(
        self, info: Info, input: CardLayoutPanelToggleInput
    ) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.toggle_own(info.context, input.expected_version, input.kind, input.enabled)
        )

    @strawberry.mutation(description="Change some settings of one panel (the others keep their values).")
    async def card_layout_panel_configure(
        self,
        info: Info,
        input: CardLayoutPanelConfigureInput,
    ) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.configure_own(info.context, input.expected_version, input.kind, input.settings)
        )

    @strawberry.mutation(
        description="Lock your own layout against edits (moves, toggles, resets), or unlock it."
    )
    async def card_layout_lock(self, info: Info, input: CardLayoutLockInput) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.lock_own(info.context, input.expected_version, input.locked)
        )

    @strawberry.mutation(
        description="Drop your own layout: the inherited one applies (a new version, reversible)."
    )
    async def card_layout_reset(self, info: Info, input: CardLayoutResetInput) -> CardLayoutPayload:
        return CardLayoutPayload.of(await resolve.reset_own(info.context, input.expected_version))

    @strawberry.mutation(
        description="Make an earlier version of your layout the current one (a new version)."
    )
    async def card_layout_rollback(self, info: Info, input: CardLayoutRollbackInput) -> CardLayoutPayload:
        return CardLayoutPayload.of(
            await resolve.rollback_own(info.context, input.version, input.expected_version)
        )

    @strawberry.mutation(description="Replace the workspace's default layout (admins).")
    async def workspace_card_layout_update(
        self,
        info: Info,
        input: AdminCardLayoutInput,
    ) -> CardLayoutLayerPayload:
        target = resolve.workspace_target()
        outcome = await resolve.update_admin_layer(
            info.context, target, input.expected_version, _inputs(input.panels), input.locked
        )
        return _layer_payload(target, outcome)

    @strawberry.mutation(description="Replace a role's default layout (admins).")
    async def role_card_layout_update(
        self,
        info: Info,
        role: Role,
        input: AdminCardLayoutInput,
    ) -> CardLayoutLayerPayload:
        target = resolve.role_target(role)
        outcome = await resolve.update_admin_layer(
            info.context, target, input.expected_version, _inputs(input.panels), input.locked
        )
        return _layer_payload(target, outcome)
