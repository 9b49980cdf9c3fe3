"""Which contacts a viewer may see, as a SQL condition every contact query includes (DESIGN.md section 6).

ADMIN: the whole workspace. MANAGER: contacts of their group and its sub-groups. AGENT: contacts assigned to
them, and unassigned contacts of their group. Soft-deleted and merged-away contacts are nobody's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.sql.expression import FromClause

from contactcard.auth.viewer import Viewer
from contactcard.db.base import any_of
from contactcard.db.enums import Role
from contactcard.db.models import Contact


def visible_contacts(viewer: Viewer, contacts: FromClause) -> ColumnElement[bool]:
    c = contacts.c
    base = and_(c.workspace_id == viewer.workspace_id, c.deleted_at.is_(None), c.merged_into_id.is_(None))
    if viewer.role is Role.ADMIN:
        return base
    if viewer.role is Role.MANAGER:
        if not viewer.group_ids:
            return false()
        return and_(base, any_of(c.group_id, viewer.group_ids))
    mine = c.assigned_user_id == viewer.user_id
    if viewer.group_id is None:
        return and_(base, mine)
    return and_(base, or_(mine, and_(c.assigned_user_id.is_(None), c.group_id == viewer.group_id)))


def visible_contact_ids(viewer: Viewer, ids: Sequence[int]) -> Select[Any]:
    """Those of `ids` that are contacts the viewer may see: every contact-keyed loader is limited to them,
    so that a contact id reaching a loader by any path shows nothing the viewer could not list."""
    contacts = Contact.__table__
    return select(contacts.c.id).where(visible_contacts(viewer, contacts), any_of(contacts.c.id, ids))
