"""Fields made at import time from a registry (the tabs, the card's summary sections): one function serves
every entry, and strawberry reads its GraphQL arguments and type from an explicit signature."""

from __future__ import annotations

from collections.abc import Callable
from inspect import Parameter, Signature
from typing import Any

import strawberry

from contactcard.resolvers.context import RequestContext

Info = strawberry.Info[RequestContext, None]


def signed(function: Any, name: str, parameters: list[Parameter], returns: Any) -> Any:
    """`function` with the signature strawberry reads (`__signature__`, `__annotations__`) for a field of
    that name: one function serves every entry of a registry, the arguments differ."""
    signature = [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD), *parameters]
    function.__signature__ = Signature(signature, return_annotation=returns)
    function.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": returns}
    function.__name__ = function.__qualname__ = name
    return function


def resolver(name: str, parameters: list[Parameter], returns: Any, body: Callable[..., Any]) -> Any:
    """An async resolver taking `info` and `parameters`, answered by `body`."""

    async def resolve(self: Any, info: Info, **arguments: Any) -> Any:
        return await body(self, info, **arguments)

    info = Parameter("info", Parameter.KEYWORD_ONLY, annotation=Info)
    return signed(resolve, name, [info, *parameters], returns)


def argument(name: str, annotation: Any, default: Any) -> Parameter:
    return Parameter(name, Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
