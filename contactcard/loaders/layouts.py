"""The card layout layers of the viewer (workspace, role, own): read once per request, whoever asks."""

from __future__ import annotations

from aiodataloader import DataLoader

from contactcard.db.base import AnyRow
from contactcard.db.layouts import layers_statement, stack_subjects
from contactcard.loaders.base import LoaderEnv, fetch_rows


class LayoutLayersLoader(DataLoader[int, list[AnyRow]]):
    """Key: the viewer's user id (the only key a request has); value: their stored layer rows."""

    def __init__(self, env: LoaderEnv) -> None:
        super().__init__()
        self.env = env

    async def batch_load_fn(self, keys: list[int]) -> list[list[AnyRow]]:
        rows = list(
            await fetch_rows(
                self.env.engine,
                layers_statement(
                    self.env.workspace_id, stack_subjects(self.env.viewer.role, self.env.viewer.user_id)
                ),
            )
        )
        return [rows for _ in keys]
