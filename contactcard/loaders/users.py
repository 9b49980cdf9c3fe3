"""Users by id (assignees, authors, mentions), batched per purpose."""

from __future__ import annotations

from sqlalchemy import Executable, any_, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility
from contactcard.db.models import User
from contactcard.db.prepared import prepared
from contactcard.loaders.base import OneByKeyLoader

users = User.__table__


class UserByIdLoader(OneByKeyLoader[int]):
    key_column = "id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        return select(users).where(users.c.workspace_id == WORKSPACE, users.c.id == any_(KEYS))
