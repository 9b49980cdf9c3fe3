"""What a frontend's pickers list beyond the workspace's small lists (loaders/workspace_rows.py): a pipeline's
stages and the close reasons in use."""

from __future__ import annotations

from sqlalchemy import Executable, any_, func, select

from contactcard.auth.visibility import KEYS, WORKSPACE, Visibility, visible_contacts
from contactcard.db.models import Contact, PipelineStage
from contactcard.db.prepared import param, prepared
from contactcard.loaders.base import LoaderEnv, ManyByKeyLoader

MAX_CLOSE_REASONS = 100


class StagesByPipelineLoader(ManyByKeyLoader[int]):
    key_column = "pipeline_id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        stages = PipelineStage.__table__
        return (
            select(stages)
            .where(stages.c.workspace_id == WORKSPACE, stages.c.pipeline_id == any_(KEYS))
            .order_by(stages.c.pipeline_id, stages.c.position, stages.c.id)
        )


@prepared
def close_reasons_query(visibility: Visibility) -> Executable:
    contacts = Contact.__table__
    return (
        select(contacts.c.close_reason.label("reason"), func.count().label("uses"))
        .where(visible_contacts(visibility, contacts), contacts.c.close_reason.is_not(None))
        .group_by(contacts.c.close_reason)
        .order_by(func.count().desc(), contacts.c.close_reason)
        .limit(param("limit"))
    )


async def close_reasons(env: LoaderEnv) -> list[tuple[str, int]]:
    """The close reasons of the viewer's contacts, most used first (a CRM offers them when closing)."""
    rows = await env.rows(close_reasons_query(env.visibility), limit=MAX_CLOSE_REASONS)
    return [(row.reason, int(row.uses)) for row in rows]
