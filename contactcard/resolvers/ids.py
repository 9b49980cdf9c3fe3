"""Opaque global IDs: base64url of `<Type>:<id>`, unpadded. Decoding checks the shape, never trusts the
content, and accepts only the canonical form: Python's base64 decoder skips characters outside its
alphabet, so `Q29udGFjdDox*` would otherwise name the same contact as `Q29udGFjdDox`."""

from __future__ import annotations

import base64
import binascii

from contactcard.resolvers.errors import BadGlobalId

_MAX_ID = 2**63 - 1


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, int]:
    """(`Contact`, 42) from an id; a string that is not one of our ids is a BadGlobalId."""
    if len(global_id) > 100:
        raise BadGlobalId("Malformed ID")
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
        type_name, _, pk_text = raw.partition(":")
        pk = int(pk_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadGlobalId(f"Malformed ID: {global_id!r}") from None
    if (
        not type_name.isidentifier()
        or not pk_text.isdigit()
        or not 0 < pk <= _MAX_ID
        or to_global_id(type_name, pk) != global_id
    ):
        raise BadGlobalId(f"Malformed ID: {global_id!r}")
    return type_name, pk


def pk_of(global_id: str, expected_type: str) -> int | None:
    """The primary key if the id is a well-formed id of `expected_type`; None for another type's id."""
    type_name, pk = from_global_id(global_id)
    return pk if type_name == expected_type else None
