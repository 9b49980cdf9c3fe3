"""What every mutation's payload shares: user errors typed by their domain's code enum, and the input
fields a caller actually gave (an omitted field is left alone, an explicit null clears)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.unset import UNSET

from contactcard.domain.errors import UserError
from contactcard.loaders.base import Record
from contactcard.loaders.lists import ListSpec
from contactcard.resolvers.context import RequestContext
from contactcard.resolvers.kernel import Outcome

Code = TypeVar("Code", bound=StrEnum)


@strawberry.type
class Problem(Generic[Code]):
    field: str | None = strawberry.field(
        description="Dotted path of the input field, e.g. `input.emails.1`; null for the whole input."
    )
    code: Code
    message: str

    @classmethod
    def list_of(cls, errors: list[UserError]) -> list[Any]:
        return [cls(field=e.field or None, code=e.code, message=e.message) for e in errors]  # type: ignore[arg-type]


def plain(data: Any) -> Any:
    """A strawberry input as plain values: input objects as dicts of the fields given (null and UNSET left
    out), lists item by item; what a resolver that reads a nested input takes."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {
            f.name: plain(getattr(data, f.name))
            for f in dataclasses.fields(data)
            if getattr(data, f.name) is not None and getattr(data, f.name) is not UNSET
        }
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def provided(data: object) -> dict[str, Any]:
    """The fields of a strawberry input that the caller gave (UNSET ones left out), by Python name."""
    return {
        f.name: getattr(data, f.name)
        for f in dataclasses.fields(data)  # type: ignore[arg-type]
        if getattr(data, f.name) is not UNSET
    }


T = TypeVar("T")


async def read_back(
    info: strawberry.Info[RequestContext, None],
    outcome: Outcome[int],
    spec: ListSpec,
    convert: Callable[[Record], T],
) -> T | None:
    """The record a mutation wrote, read through the request's loaders as the viewer sees it."""
    if outcome.value is None:
        return None
    row = await info.context.loaders.record_of(spec).load(outcome.value)
    return None if row is None else convert(row)
