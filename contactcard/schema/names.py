"""GraphQL names of the schema's Python names, each worked out once."""

from __future__ import annotations

from strawberry.schema.name_converter import NameConverter


class RememberedNames(NameConverter):
    """strawberry's camelCase names, remembered. strawberry converts a field's arguments on every call of its
    resolver and asks again, for each argument the field declares, what the argument is called in GraphQL
    (`to_camel_case`): GRAPH (~1 200 connections a request, each with `first`) spent about 6 % of a worker
    there (bench/RESULTS.md, the profile). The names are the schema's own, so the memory is bounded."""

    def __init__(self) -> None:
        super().__init__()
        self._applied: dict[tuple[bool, str], str] = {}

    def apply_naming_config(self, name: str) -> str:
        key = (self.auto_camel_case, name)
        applied = self._applied.get(key)
        if applied is None:
            applied = self._applied[key] = super().apply_naming_config(name)
        return applied
