"""Deals: a contact's deals, a deal's contacts (the graph partners walk), stages, per-contact totals."""

from __future__ import annotations

from sqlalchemy import Executable, func, select

from contactcard.auth.visibility import WORKSPACE, Visibility, visible_contact_ids, visible_contacts
from contactcard.db.models import Contact, Deal, DealContact, Pipeline, PipelineStage, User
from contactcard.db.prepared import prepared
from contactcard.loaders.base import ManyByKeyLoader
from contactcard.loaders.lists import ListSpec, Lookup

deals = Deal.__table__
deal_contacts = DealContact.__table__

RESPONSIBLE = Lookup("responsible", User.__table__, "responsible_user_id")
STAGE = Lookup("stage", PipelineStage.__table__, "stage_id")
PIPELINE = Lookup("pipeline", Pipeline.__table__, "pipeline_id")
DEALS_OF_CONTACT = ListSpec(
    "deals",
    deal_contacts,
    "contact_id",
    ("deal_created_at", "deal_id"),
    target=deals,
    target_id="deal_id",
    lookups=(RESPONSIBLE, STAGE, PIPELINE),
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
