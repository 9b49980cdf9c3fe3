"""The card layout layers of the viewer (workspace, role, own): read once per request, whoever asks."""

from __future__ import annotations

from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import Executable, String, any_, select
from sqlalchemy.dialects.postgresql import ARRAY

from contactcard.auth.visibility import WORKSPACE
from contactcard.db.layouts import layouts, stack_subjects
from contactcard.db.prepared import param, prepared
from contactcard.loaders.base import LoaderEnv


@prepared
def layers_query() -> Executable:
    subjects = param("subjects", ARRAY(String))
    return select(layouts).where(layouts.c.workspace_id == WORKSPACE, layouts.c.subject == any_(subjects))


class LayoutLayersLoader(DataLoader[int, list[Any]]):
    """Key: the viewer's user id (the only key a request has); value: their stored layer rows."""

    def __init__(self, env: LoaderEnv) -> None:
        super().__init__()
        self.env = env

    async def batch_load_fn(self, keys: list[int]) -> list[list[Any]]:
        viewer = self.env.viewer
        subjects = [s for s in stack_subjects(viewer.role, viewer.user_id) if s is not None]
        rows = await self.env.rows(layers_query(), subjects=subjects)
        return [rows for _ in keys]
