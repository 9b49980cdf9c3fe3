"""DataLoaders, one module per domain, and the per-request `Loaders` bundle.

A `Loaders` is built for each request in the context getter, bound to the viewer (never at import time:
aiodataloader binds the running loop; never shared between requests: its cache is the viewer's).

Users are loaded through one loader per purpose (the history's authors, the deals' responsible users, …):
each tab's rows arrive at their own moment, and a loader shared by all would batch them differently from
one request to the next. One loader per purpose keeps the statement count of a query fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.behaviour import ConsentStatesByContactLoader, PurchaseTotalsByContactLoader
from contactcard.loaders.contacts import (
    ChannelsByContactLoader,
    CompanyLinksByContactLoader,
    ContactByIdLoader,
    TagsByContactLoader,
)
from contactcard.loaders.deals import DealTotalsByContactLoader
from contactcard.loaders.layouts import LayoutLayersLoader
from contactcard.loaders.lists import (
    LISTS,
    FirstPagesLoader,
    ListCountLoader,
    ListLoader,
    ListSpec,
    RecordByIdLoader,
)
from contactcard.loaders.pickers import StagesByPipelineLoader
from contactcard.loaders.users import UserByIdLoader
from contactcard.loaders.workspace_rows import (
    ACTIVE_USERS,
    COURSES,
    CUSTOM_FIELDS,
    GROUPS,
    PIPELINES,
    TAGS,
    WorkspaceRowsLoader,
)


@dataclass(frozen=True)
class Loaders:
    env: LoaderEnv
    contact_by_id: ContactByIdLoader
    channels_by_contact: ChannelsByContactLoader
    tags_by_contact: TagsByContactLoader
    company_links_by_contact: CompanyLinksByContactLoader
    custom_fields_by_workspace: WorkspaceRowsLoader
    groups_by_workspace: WorkspaceRowsLoader
    active_users_by_workspace: WorkspaceRowsLoader
    tags_by_workspace: WorkspaceRowsLoader
    pipelines_by_workspace: WorkspaceRowsLoader
    stages_by_pipeline: StagesByPipelineLoader
    courses_by_workspace: WorkspaceRowsLoader
    deal_totals_by_contact: DealTotalsByContactLoader
    purchase_totals_by_contact: PurchaseTotalsByContactLoader
    consent_states_by_contact: ConsentStatesByContactLoader
    layout_layers: LayoutLayersLoader
    first_pages: FirstPagesLoader = field(init=False)
    """The first pages of a card's panels, read together (and primed into `list_of(...)`)."""
    _lists: dict[str, ListLoader] = field(default_factory=dict)
    _counts: dict[str, ListCountLoader] = field(default_factory=dict)
    _users: dict[str, UserByIdLoader] = field(default_factory=dict)
    _records: dict[str, RecordByIdLoader] = field(default_factory=dict)

    @classmethod
    def for_request(cls, env: LoaderEnv) -> Loaders:
        channels = ChannelsByContactLoader(env)
        loaders = cls(
            env=env,
            contact_by_id=ContactByIdLoader(env, channels),
            channels_by_contact=channels,
            tags_by_contact=TagsByContactLoader(env),
            company_links_by_contact=CompanyLinksByContactLoader(env),
            custom_fields_by_workspace=WorkspaceRowsLoader(env, CUSTOM_FIELDS),
            groups_by_workspace=WorkspaceRowsLoader(env, GROUPS),
            active_users_by_workspace=WorkspaceRowsLoader(env, ACTIVE_USERS),
            tags_by_workspace=WorkspaceRowsLoader(env, TAGS),
            pipelines_by_workspace=WorkspaceRowsLoader(env, PIPELINES),
            stages_by_pipeline=StagesByPipelineLoader(env),
            courses_by_workspace=WorkspaceRowsLoader(env, COURSES),
            deal_totals_by_contact=DealTotalsByContactLoader(env),
            purchase_totals_by_contact=PurchaseTotalsByContactLoader(env),
            consent_states_by_contact=ConsentStatesByContactLoader(env),
            layout_layers=LayoutLayersLoader(env),
        )
        object.__setattr__(loaders, "first_pages", FirstPagesLoader(env, loaders.list_of))
        # Read with the token (db/tokens.py); an edit clears it, and the next read goes to the database.
        loaders.layout_layers.prime(env.viewer.user_id, list(env.viewer.layout_layers))
        return loaders

    def list_of(self, spec: ListSpec) -> ListLoader:
        loader = self._lists.get(spec.name)
        if loader is None:
            loader = self._lists[spec.name] = ListLoader(self.env, spec)
        return loader

    def record_of(self, spec: ListSpec) -> RecordByIdLoader:
        """Records of `spec`'s list by id (`node(id:)`, mutation payloads)."""
        loader = self._records.get(spec.name)
        if loader is None:
            loader = self._records[spec.name] = RecordByIdLoader(self.env, spec)
        return loader

    def count_of(self, spec: ListSpec) -> ListCountLoader:
        loader = self._counts.get(spec.name)
        if loader is None:
            loader = self._counts[spec.name] = ListCountLoader(self.env, spec)
        return loader

    def forget(self, names: Iterable[str], contacts: Iterable[int] = (), *, history: bool = False) -> None:
        """After a write: clear what it made stale, so the rest of the request reads what was written.

        `names` are attributes of this bundle or list names (`deals_of_contact`, `history`, ...: every page
        and count of that list); the contact loaders forget `contacts`; `history` clears the history list.
        """
        for contact_id in contacts:
            self.contact_by_id.clear(contact_id)
            self.channels_by_contact.clear(contact_id)
        for name in {*names, *(["history"] if history else [])}:
            if name in LISTS:  # every page, count and record of that list (none if it was not read)
                for cached in (self._lists.get(name), self._counts.get(name), self._records.get(name)):
                    if cached is not None:
                        cached.clear_all()
            else:
                getattr(self, name).clear_all()

    def users_for(self, purpose: str) -> UserByIdLoader:
        loader = self._users.get(purpose)
        if loader is None:
            loader = self._users[purpose] = UserByIdLoader(self.env)
        return loader
