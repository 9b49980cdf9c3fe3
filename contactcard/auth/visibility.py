"""Which contacts a viewer may see, as a SQL condition every contact query includes (DESIGN.md section 6).

ADMIN: the whole workspace. MANAGER: contacts of their group and its sub-groups. AGENT: contacts assigned to
them, and unassigned contacts of their group. Soft-deleted and merged-away contacts are nobody's.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy.sql.expression import FromClause

from contactcard.auth.viewer import Viewer
from contactcard.db.enums import Role


def visible_contacts(viewer: Viewer, contacts: FromClause) -> ColumnElement[bool]:
    c = contacts.c
    base = and_(c.workspace_id == viewer.workspace_id, c.deleted_at.is_(None), c.merged_into_id.is_(None))
    if viewer.role is Role.ADMIN:
        return base
    if viewer.role is Role.MANAGER:
        if not viewer.group_ids:
            return false()
        return and_(base, c.group_id.in_(viewer.group_ids))
    mine = c.assigned_user_id == viewer.user_id
    if viewer.group_id is None:
        return and_(base, mine)
    return and_(base, or_(mine, and_(c.assigned_user_id.is_(None), c.group_id == viewer.group_id)))
