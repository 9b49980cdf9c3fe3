"""Users and the workspace's custom field definitions: small per-workspace lookups."""

from __future__ import annotations

from sqlalchemy import Executable, select

from contactcard.db.base import any_of
from contactcard.db.models import CustomField, User
from contactcard.loaders.base import ManyByKeyLoader, OneByKeyLoader


class UserByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    def statement(self, keys: list[int]) -> Executable:
        return select(User.__table__).where(User.workspace_id == self.env.workspace_id, any_of(User.id, keys))


class CustomFieldsByWorkspaceLoader(ManyByKeyLoader[int]):
    """Every field definition of the viewer's workspace, in display order (the key is the workspace id)."""

    key_column = "workspace_id"

    def statement(self, keys: list[int]) -> Executable:
        return (
            select(CustomField.__table__)
            .where(CustomField.workspace_id == self.env.workspace_id)
            .order_by(CustomField.position, CustomField.id)
        )
