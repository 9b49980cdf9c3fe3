"""What a frontend's pickers list: tags, pipelines with their stages, courses, close reasons in use, contact
sources, and the panel kinds of the card with their typed settings."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from contactcard.db.enums import ContactSource
from contactcard.layouts.registry import REGISTRY, PanelKind, PanelZone, SettingKind
from contactcard.loaders.pickers import close_reasons
from contactcard.resolvers.context import RequestContext
from contactcard.schema.courses import Course
from contactcard.schema.deals import Pipeline
from contactcard.schema.sections import Tag

Info = strawberry.Info[RequestContext, None]

strawberry.enum(SettingKind, name="PanelSettingKind", description="What a panel setting takes.")


@strawberry.type(description="A close reason used on the viewer's contacts, and how often.")
class CloseReason:
    reason: str
    uses: int


@strawberry.type(description="One setting of a panel kind, and what it takes.")
class PanelSettingInfo:
    name: str
    kind: SettingKind
    default: JSON
    minimum: int | None = strawberry.field(description="WHOLE_NUMBER: the smallest value.")
    maximum: int | None = strawberry.field(description="WHOLE_NUMBER: the largest value.")
    options: list[str] = strawberry.field(description="ONE_OF and SOME_OF: the values it takes.")


@strawberry.type(description="A kind of panel the card can show (the layout orders, hides and tunes them).")
class PanelKindInfo:
    kind: PanelKind
    title: str
    default_position: int
    zone: PanelZone
    settings: list[PanelSettingInfo]


def _panel_kinds() -> list[PanelKindInfo]:
    return [
        PanelKindInfo(
            kind=definition.kind,
            title=definition.title,
            default_position=position,
            zone=definition.zone,
            settings=[
                PanelSettingInfo(
                    name=s.name,
                    kind=s.kind,
                    default=JSON(s.default),
                    minimum=s.minimum,
                    maximum=s.maximum,
                    options=list(s.options),
                )
                for s in definition.settings
            ],
        )
        for position, definition in enumerate(REGISTRY.values())
    ]


async def _rows(info: Info, loader: Any) -> list[Any]:
    return await loader.load(info.context.viewer.workspace_id)  # type: ignore[no-any-return]


@strawberry.type
class PickerQuery:
    @strawberry.field(description="The workspace's tags, by name.")
    async def tags(self, info: Info) -> list[Tag]:
        return [Tag.from_row(row) for row in await _rows(info, info.context.loaders.tags_by_workspace)]

    @strawberry.field(description="The workspace's pipelines, in order, with their stages.")
    async def pipelines(self, info: Info) -> list[Pipeline]:
        return [
            Pipeline.from_row(row) for row in await _rows(info, info.context.loaders.pipelines_by_workspace)
        ]

    @strawberry.field(description="The workspace's courses, by title.")
    async def courses(self, info: Info) -> list[Course]:
        return [Course.from_row(row) for row in await _rows(info, info.context.loaders.courses_by_workspace)]

    @strawberry.field(description="Close reasons of the contacts you see, most used first (at most 100).")
    async def close_reasons(self, info: Info) -> list[CloseReason]:
        found = await close_reasons(info.context.loaders.env)
        return [CloseReason(reason=reason, uses=uses) for reason, uses in found]

    @strawberry.field(description="Where contacts come from; a new contact's is MANUAL or API.")
    def contact_sources(self) -> list[ContactSource]:
        return list(ContactSource)

    @strawberry.field(description="The panel kinds of the card, in default order, with their settings.")
    def panel_kinds(self) -> list[PanelKindInfo]:
        return _panel_kinds()
