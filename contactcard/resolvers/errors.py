"""Expected errors: GraphQL errors with a stable `extensions.code`, shown to the client as they are.

Anything else a resolver raises is unexpected and is masked (see `schema/extensions.py`).
"""

from __future__ import annotations

from graphql import GraphQLError


class ApiError(GraphQLError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message, extensions={"code": self.code, **extra})


class BadGlobalId(ApiError):
    code = "BAD_ID"


class BadCursor(ApiError):
    code = "BAD_CURSOR"


class BadPageSize(ApiError):
    code = "PAGE_SIZE"


class TooManyIds(ApiError):
    code = "TOO_MANY_IDS"
