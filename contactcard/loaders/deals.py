"""Deals: a contact's deals, a deal's contacts (the graph partners walk), stages, per-contact totals."""

from __future__ import annotations

from sqlalchemy import Executable, func, select

from contactcard.auth.visibility import WORKSPACE, Visibility, visible_contact_ids, visible_contacts
from contactcard.db.models import Contact, Deal, DealContact, Pipeline, PipelineStage
from contactcard.db.prepared import prepared
from contactcard.loaders.base import ManyByKeyLoader
from contactcard.loaders.lists import ListSpec

deals = Deal.__table__
deal_contacts = DealContact.__table__

DEALS_OF_CONTACT = ListSpec(
    "deals", deal_contacts, "contact_id", ("deal_created_at", "deal_id"), target=deals, target_id="deal_id"
)
CONTACTS_OF_DEAL = ListSpec(
    "dealContacts",
    deal_contacts,
    "deal_id",
    ("position", "contact_id"),
    descending=False,
    target=Contact.__table__,
    target_id="contact_id",
    visible=visible_contacts,
    parent_is_contact=False,
)


class StagesByWorkspaceLoader(ManyByKeyLoader[int]):
    """Every pipeline stage of the workspace with its pipeline's name: a handful of rows, loaded once."""

    key_column = "workspace_id"

    @staticmethod
    @prepared
    def query(_visibility: Visibility) -> Executable:
        stages, pipelines = PipelineStage.__table__, Pipeline.__table__
        return (
            select(stages, pipelines.c.name.label("pipeline_name"))
            .join(
                pipelines,
                (pipelines.c.workspace_id == stages.c.workspace_id)
                & (pipelines.c.id == stages.c.pipeline_id),
            )
            .where(stages.c.workspace_id == WORKSPACE)
            .order_by(stages.c.pipeline_id, stages.c.position)
        )


class DealTotalsByContactLoader(ManyByKeyLoader[int]):
    """Per contact and currency: the number of deals and the open ones' amount (dealCount, openDealAmount)."""

    key_column = "contact_id"

    @staticmethod
    @prepared
    def query(visibility: Visibility) -> Executable:
        return (
            select(
                deal_contacts.c.contact_id,
                deals.c.currency,
                func.count().label("deals"),
                func.sum(deals.c.amount).filter(deals.c.status == "OPEN").label("open_amount"),
            )
            .join(
                deals,
                (deals.c.workspace_id == deal_contacts.c.workspace_id)
                & (deals.c.id == deal_contacts.c.deal_id),
            )
            .where(
                deal_contacts.c.workspace_id == WORKSPACE,
                deal_contacts.c.contact_id.in_(visible_contact_ids(visibility)),
            )
            .group_by(deal_contacts.c.contact_id, deals.c.currency)
        )
