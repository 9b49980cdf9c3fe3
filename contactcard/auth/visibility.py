"""Which contacts a viewer may see, as a SQL condition every contact query includes (DESIGN.md section 6).

ADMIN: the whole workspace. MANAGER: contacts of their group and its sub-groups. AGENT: contacts assigned to
them, and unassigned contacts of their group. Soft-deleted and merged-away contacts are nobody's.

The condition's shape depends only on the viewer's `Visibility` (so a statement is prepared once per kind of
viewer); the viewer's own ids are bound parameters, their values from `visibility_values`.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, false, or_, select
from sqlalchemy.sql.expression import FromClause

from contactcard.auth.viewer import Viewer
from contactcard.db.enums import Role
from contactcard.db.models import Contact
from contactcard.db.prepared import id_array, param

WORKSPACE = param("workspace_id")
VIEWER_USER = param("viewer_user_id")
VIEWER_GROUP = param("viewer_group_id")
VIEWER_GROUPS = id_array("viewer_group_ids")
KEYS = id_array("keys")


class Visibility(enum.Enum):
    ALL = "all"
    """An admin: every live contact of the workspace."""
    GROUPS = "groups"
    """A manager: contacts of their group and its sub-groups."""
    NOTHING = "nothing"
    """A manager without a group."""
    OWN = "own"
    """An agent without a group: contacts assigned to them."""
    OWN_AND_GROUP_UNASSIGNED = "own-and-group-unassigned"
    """An agent in a group: theirs, and the group's unassigned contacts."""


def visibility_of(viewer: Viewer) -> Visibility:
    if viewer.role is Role.ADMIN:
        return Visibility.ALL
    if viewer.role is Role.MANAGER:
        return Visibility.GROUPS if viewer.group_ids else Visibility.NOTHING
    return Visibility.OWN if viewer.group_id is None else Visibility.OWN_AND_GROUP_UNASSIGNED


def visibility_values(viewer: Viewer) -> dict[str, Any]:
    """The values of the parameters every visibility condition may name."""
    return {
        "workspace_id": viewer.workspace_id,
        "viewer_user_id": viewer.user_id,
        "viewer_group_id": viewer.group_id,
        "viewer_group_ids": list(viewer.group_ids),
    }


def visible_contacts(
    visibility: Visibility, contacts: FromClause, *, deleted: bool = False
) -> ColumnElement[bool]:
    """The viewer's live contacts (`deleted`: their soft-deleted ones instead, for a restore)."""
    c = contacts.c
    alive = c.deleted_at.is_not(None) if deleted else c.deleted_at.is_(None)
    base = and_(c.workspace_id == WORKSPACE, alive, c.merged_into_id.is_(None))
    if visibility is Visibility.ALL:
        return base
    if visibility is Visibility.GROUPS:
        return and_(base, c.group_id == any_(VIEWER_GROUPS))
    if visibility is Visibility.NOTHING:
        return false()
    mine = c.assigned_user_id == VIEWER_USER
    if visibility is Visibility.OWN:
        return and_(base, mine)
    return and_(base, or_(mine, and_(c.assigned_user_id.is_(None), c.group_id == VIEWER_GROUP)))


def sees(viewer: Viewer, assigned_user_id: int | None, group_id: int | None) -> bool:
    """Whether the viewer would see a contact placed so: `visible_contacts` for one contact, in Python. A
    write may only place a contact where its writer still sees it (assignment, creation)."""
    visibility = visibility_of(viewer)
    if visibility is Visibility.ALL:
        return True
    if visibility is Visibility.GROUPS:
        return group_id in viewer.group_ids
    if visibility is Visibility.NOTHING:
        return False
    mine = assigned_user_id == viewer.user_id
    if visibility is Visibility.OWN:
        return mine
    return mine or (assigned_user_id is None and group_id == viewer.group_id)


def visible_contact_ids(visibility: Visibility, ids: Any = KEYS) -> Select[Any]:
    """Those of `ids` (default: the `keys` parameter) that are contacts the viewer may see: every
    contact-keyed loader is limited to them, so that a contact id reaching a loader by any path shows
    nothing the viewer could not list."""
    contacts = Contact.__table__
    return select(contacts.c.id).where(visible_contacts(visibility, contacts), contacts.c.id == any_(ids))
