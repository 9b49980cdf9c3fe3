"""Tasks of a contact, and the contacts of a task."""

from __future__ import annotations

from contactcard.auth.visibility import visible_contacts
from contactcard.db.models import Contact, Task, TaskContact, User
from contactcard.loaders.lists import ListSpec, Lookup

task_contacts = TaskContact.__table__

ASSIGNEE = Lookup("assignee", User.__table__, "assignee_id")
TASKS_OF_CONTACT = ListSpec(
    "tasks",
    task_contacts,
    "contact_id",
    ("task_created_at", "task_id"),
    target=Task.__table__,
    target_id="task_id",
    lookups=(ASSIGNEE,),
)
CONTACTS_OF_TASK = ListSpec(
    "taskContacts",
    task_contacts,
    "task_id",
    ("contact_id",),
    descending=False,
    target=Contact.__table__,
    target_id="contact_id",
    visible=visible_contacts,
    parent_is_contact=False,
)
