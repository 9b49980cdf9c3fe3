"""Custom field definitions (admins): create, update, delete.

A field's `key` names its values in every contact's attributes, so it cannot change. A change of type or
options that values already stored cannot take is refused with how many contacts hold such values (change
or clear those first); `required` applies to writes from then on.
"""

from __future__ import annotations

import re
from typing import Any

from contactcard.db.enums import FieldType
from contactcard.db.models import CustomField
from contactcard.db.writes import fields as field_sql
from contactcard.db.writes import records
from contactcard.domain.errors import CustomFieldCode, UserError
from contactcard.domain.fields import fits
from contactcard.resolvers.ids import pk_of
from contactcard.resolvers.kernel import Unit, mutation
from contactcard.resolvers.permissions import ADMINISTER_WORKSPACE

KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_LABEL = 200
MAX_OPTIONS = 100
MAX_OPTION = 100
MAX_POSITION = 10_000
_WITH_OPTIONS = (FieldType.SELECT, FieldType.MULTISELECT)
_LOADERS = ("custom_fields_by_workspace",)


def _checked(data: dict[str, Any], type_: FieldType, errors: list[UserError]) -> dict[str, Any]:
    """Label, options (for the type) and position of `data`, checked."""
    values: dict[str, Any] = {}
    if "label" in data:
        label = (data["label"] or "").strip()
        if not 1 <= len(label) <= MAX_LABEL:
            errors.append(
                UserError("input.label", CustomFieldCode.TOO_LONG, f"a label has 1 to {MAX_LABEL} characters")
            )
        values["label"] = label
    if "options" in data or "type" in data:
        options = [option.strip() for option in data.get("options") or []]
        if type_ in _WITH_OPTIONS:
            if not 1 <= len(options) <= MAX_OPTIONS or len(set(options)) != len(options):
                errors.append(
                    UserError(
                        "input.options",
                        CustomFieldCode.INVALID_OPTIONS,
                        f"1 to {MAX_OPTIONS} distinct options",
                    )
                )
            elif not all(1 <= len(option) <= MAX_OPTION for option in options):
                errors.append(
                    UserError(
                        "input.options",
                        CustomFieldCode.INVALID_OPTIONS,
                        f"an option has 1 to {MAX_OPTION} characters",
                    )
                )
        elif options:
            errors.append(
                UserError("input.options", CustomFieldCode.INVALID_OPTIONS, f"{type_} fields take no options")
            )
        values["options"] = options
    if data.get("position") is not None:
        if not 0 <= data["position"] <= MAX_POSITION:
            errors.append(
                UserError(
                    "input.position", CustomFieldCode.OUT_OF_RANGE, f"a position is 0 to {MAX_POSITION}"
                )
            )
        values["position"] = data["position"]
    if data.get("required") is not None:
        values["required"] = data["required"]
    return values


def _definition(row: Any) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "type": row.type.value,
        "required": row.required,
        "options": list(row.options),
    }


@mutation(ADMINISTER_WORKSPACE, CustomFieldCode, invalidates=_LOADERS)
async def create(unit: Unit, data: dict[str, Any]) -> int:
    errors: list[UserError] = []
    key = data["key"].strip()
    if not KEY.match(key):
        errors.append(
            UserError(
                "input.key",
                CustomFieldCode.INVALID_KEY,
                "a key is a-z, 0-9 and _, starting with a letter, at most 64",
            )
        )
    elif await field_sql.key_taken(unit.conn, unit.workspace_id, key):
        errors.append(
            UserError("input.key", CustomFieldCode.DUPLICATE_KEY, f"the workspace has a field {key!r}")
        )
    type_: FieldType = data["type"]
    values = _checked({"options": [], **data}, type_, errors)
    unit.check(errors)
    position = values.pop("position", None)
    if position is None:
        position = await field_sql.next_position(unit.conn, unit.workspace_id)
    row = await records.insert_row(
        unit.conn, CustomField, unit.workspace_id, {**values, "key": key, "type": type_, "position": position}
    )
    pk = int(row.id)
    unit.changed(
        f"customFields.{key}", None, {**values, "key": key, "type": type_.value}, user_id=unit.viewer.user_id
    )
    return pk


async def _field(unit: Unit, field_id: str) -> Any:
    pk = pk_of(field_id, "CustomField")
    row = None if pk is None else await field_sql.field_by_id(unit.conn, unit.workspace_id, pk)
    if row is None:
        unit.refuse("id", "NOT_FOUND", "no such custom field")
    return row


@mutation(ADMINISTER_WORKSPACE, CustomFieldCode, invalidates=_LOADERS)
async def update(unit: Unit, field_id: str, data: dict[str, Any]) -> int:
    row = await _field(unit, field_id)
    type_: FieldType = data.get("type") or row.type
    if "type" in data and "options" not in data:
        data = {**data, "options": list(row.options) if type_ in _WITH_OPTIONS else []}
    errors: list[UserError] = []
    values = _checked(data, type_, errors)
    unit.check(errors)
    options = values.get("options", list(row.options))
    if type_ is not row.type or options != list(row.options):
        stored = await field_sql.stored_values(unit.conn, unit.workspace_id, row.key)
        blocking = sum(1 for value in stored if not fits(type_, options, value))
        if blocking:
            unit.refuse(
                "input.type" if type_ is not row.type else "input.options",
                "TYPE_CONFLICT",
                f"{blocking} contact(s) hold {row.key} values a {type_} field with these options cannot take",
            )
    values["type"] = type_
    await records.update_row(unit.conn, CustomField, unit.workspace_id, row.id, values)
    after = {
        **_definition(row),
        **{k: (v.value if k == "type" else v) for k, v in values.items() if k != "position"},
    }
    unit.changed(f"customFields.{row.key}", _definition(row), after, user_id=unit.viewer.user_id)
    return int(row.id)


@mutation(ADMINISTER_WORKSPACE, CustomFieldCode, invalidates=(*_LOADERS, "contact_by_id"))
async def delete(unit: Unit, field_id: str) -> int:
    """Drop the field and every contact's value of it; how many contacts had a value."""
    row = await _field(unit, field_id)
    cleared = await field_sql.delete_field(unit.conn, unit.workspace_id, row.id, row.key)
    unit.changed(
        f"customFields.{row.key}",
        _definition(row),
        {"deleted": True, "valuesCleared": cleared},
        user_id=unit.viewer.user_id,
    )
    return cleared
