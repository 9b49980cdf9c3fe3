"""DataLoaders, one module per domain, and the per-request `Loaders` bundle.

A `Loaders` is built for each request in the context getter, bound to the viewer (never at import time:
aiodataloader binds the running loop; never shared between requests: its cache is the viewer's).
"""

from __future__ import annotations

from dataclasses import dataclass

from contactcard.loaders.base import LoaderEnv
from contactcard.loaders.contacts import (
    ChannelsByContactLoader,
    CompanyLinksByContactLoader,
    ContactByIdLoader,
    TagsByContactLoader,
)
from contactcard.loaders.users import CustomFieldsByWorkspaceLoader, UserByIdLoader


@dataclass(frozen=True)
class Loaders:
    env: LoaderEnv
    contact_by_id: ContactByIdLoader
    channels_by_contact: ChannelsByContactLoader
    tags_by_contact: TagsByContactLoader
    company_links_by_contact: CompanyLinksByContactLoader
    user_by_id: UserByIdLoader
    custom_fields_by_workspace: CustomFieldsByWorkspaceLoader

    @classmethod
    def for_request(cls, env: LoaderEnv) -> Loaders:
        return cls(
            env=env,
            contact_by_id=ContactByIdLoader(env),
            channels_by_contact=ChannelsByContactLoader(env),
            tags_by_contact=TagsByContactLoader(env),
            company_links_by_contact=CompanyLinksByContactLoader(env),
            user_by_id=UserByIdLoader(env),
            custom_fields_by_workspace=CustomFieldsByWorkspaceLoader(env),
        )
