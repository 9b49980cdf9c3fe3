"""The node registry: every type `node(id:)` answers, with how its row is fetched and how a row becomes the
type. The tabs' record types come from the tab registry (`schema/tabs.py`): a new tab's entries are nodes
without an entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contactcard.resolvers import nodes as fetch
from contactcard.schema.contacts import Contact
from contactcard.schema.fields import CustomField
from contactcard.schema.node import Node
from contactcard.schema.tabs import TABS
from contactcard.schema.users import Group, User


@dataclass(frozen=True)
class NodeType:
    fetch: fetch.Fetch
    make: Callable[[Any], Node]


NODE_TYPES: dict[str, NodeType] = {
    "Contact": NodeType(fetch.contact, Contact.from_row),
    "User": NodeType(fetch.user, User.from_row),
    "Group": NodeType(fetch.group, Group.from_row),
    "CustomField": NodeType(fetch.custom_field, CustomField.from_row),
    **{tab.node.__name__: NodeType(fetch.record(tab.spec), tab.of_row) for tab in TABS},
}
"""By the type name inside a global id (`HistoryEntry` for the history tab's entries)."""
FETCHERS: dict[str, fetch.Fetch] = {name: node_type.fetch for name, node_type in NODE_TYPES.items()}
