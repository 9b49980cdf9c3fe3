"""GraphQL enums: the database's own enum classes, registered with strawberry so the two never drift."""

from __future__ import annotations

import strawberry

from contactcard.db.enums import ChannelKind, ContactSource, ContactStatus, FieldType, Role

strawberry.enum(Role, description="What a user may see and change.")
strawberry.enum(ContactSource, description="How the contact came into the CRM.")
strawberry.enum(ContactStatus)
strawberry.enum(ChannelKind)
strawberry.enum(FieldType, description="The type of a custom field's values.")

__all__ = ["ChannelKind", "ContactSource", "ContactStatus", "FieldType", "Role"]
