"""Prepared statements (contactcard/db/prepared.py): parameters by name, literals kept, SQLAlchemy's own
conversions applied to the rows, and the statement counted."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contactcard.db.engine import StatementCounter, current_counter
from contactcard.db.enums import ContactSource
from contactcard.db.models import Contact
from contactcard.db.prepared import Prepared, param

contacts = Contact.__table__


def test_a_missing_parameter_is_refused_not_bound_as_null() -> None:
    query = Prepared(select(contacts.c.id).limit(param("limit")))
    with pytest.raises(KeyError, match="limit"):
        query.args({})
    assert query.args({"limit": 3, "unused": 1}) == [3]


def test_literals_written_in_the_statement_keep_their_value() -> None:
    query = Prepared(
        select(contacts.c.id).where(contacts.c.source == "API", contacts.c.workspace_id == param("ws"))
    )
    assert query.args({"ws": 7}) == ["API", 7]


async def test_rows_carry_sqlalchemys_conversions_and_are_counted(owner_engine) -> None:
    query = Prepared(select(contacts.c.id, contacts.c.source).order_by(contacts.c.id).limit(param("limit")))
    counter = StatementCounter()
    reset = current_counter.set(counter)
    try:
        rows = await query.rows(owner_engine, {"limit": 2})
    finally:
        current_counter.reset(reset)
    assert len(rows) == 2
    assert all(isinstance(row.source, ContactSource) for row in rows)  # text enum -> the Python enum
    assert rows[0].id < rows[1].id
    assert counter.count == 1
