"""Relay connections: `edges { cursor node }`, `nodes`, `pageInfo`, and `totalCount` only when asked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from contactcard.resolvers.pagination import Page

NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    nodes: list[NodeT]
    page: strawberry.Private[Page[Any]]

    @strawberry.field
    def edges(self) -> list[Edge[NodeT]]:
        return [Edge(cursor=c, node=n) for c, n in zip(self.page.cursors, self.nodes, strict=True)]

    @strawberry.field
    def page_info(self) -> PageInfo:
        page = self.page
        return PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        )

    @strawberry.field(description="All items of the list, across pages. Costs one statement when asked.")
    async def total_count(self) -> int:
        return await self.page.count()


def connection(page: Page[Any], to_node: Callable[[Any], NodeT]) -> Connection[NodeT]:
    """The connection of a page: its nodes made now, its edges and cursors only when asked."""
    return Connection(nodes=[to_node(row) for row in page.rows], page=page)
