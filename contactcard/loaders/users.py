"""Users, groups and the workspace's custom field definitions: small per-workspace lookups."""

from __future__ import annotations

from sqlalchemy import Executable, any_, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility
from contactcard.db.models import CustomField, Group, User
from contactcard.db.prepared import prepared
from contactcard.loaders.base import ManyByKeyLoader, OneByKeyLoader

users = User.__table__


class UserByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        return select(users).where(users.c.workspace_id == WORKSPACE, users.c.id == any_(KEYS))


class CustomFieldsByWorkspaceLoader(ManyByKeyLoader[int]):
    """Every field definition of the viewer's workspace, in display order (the key is the workspace id)."""

    key_column = "workspace_id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        fields = CustomField.__table__
        return (
            select(fields).where(fields.c.workspace_id == WORKSPACE).order_by(fields.c.position, fields.c.id)
        )


class GroupsByWorkspaceLoader(ManyByKeyLoader[int]):
    """Every group of the viewer's workspace, by name (the key is the workspace id): a small list."""

    key_column = "workspace_id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        groups = Group.__table__
        return select(groups).where(groups.c.workspace_id == WORKSPACE).order_by(groups.c.name, groups.c.id)


class ActiveUsersByWorkspaceLoader(ManyByKeyLoader[int]):
    """Every active user of the viewer's workspace, by name (the key is the workspace id)."""

    key_column = "workspace_id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        return (
            select(users)
            .where(users.c.workspace_id == WORKSPACE, users.c.deactivated_at.is_(None))
            .order_by(users.c.name, users.c.id)
        )
