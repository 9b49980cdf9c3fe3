"""What each mutation requires, declared once, checked in one place (`denied`)."""

from __future__ import annotations

from dataclasses import dataclass

from contactcard.auth.viewer import Viewer
from contactcard.db.enums import Role, Scope


@dataclass(frozen=True)
class Requirement:
    scope: Scope
    role: Role | None = None

    def describe(self) -> str:
        who = f"an {self.role.value} user's token" if self.role else "a token"
        return f"{who} with the `{self.scope.value}` scope"


EDIT_OWN_SETTINGS = Requirement(Scope.WRITE)
EDIT_RECORDS = Requirement(Scope.WRITE)
"""Contacts and their tabs: any role, within what the viewer sees."""
EXPORT_CONTACTS = Requirement(Scope.READ)
"""An export reads what the viewer's list shows (and writes only the job and its file)."""
ADMINISTER_WORKSPACE = Requirement(Scope.ADMIN, Role.ADMIN)


def denied(viewer: Viewer, requirement: Requirement) -> str | None:
    """Why the viewer may not do what `requirement` guards, or None when they may."""
    if not viewer.has_scope(requirement.scope) or (requirement.role and viewer.role is not requirement.role):
        return f"this needs {requirement.describe()}"
    return None
