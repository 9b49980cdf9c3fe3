"""Declarative base and the helpers that keep `workspace_id` first in every key.

Every tenant table's primary key is `(workspace_id, id)`; every reference to another tenant row is a composite
foreign key `(workspace_id, x_id) -> (workspace_id, id)`. `tenant_fk` and `tenant_index` write them so that a
model cannot put the columns in another order. `tests/test_tenancy.py` checks the result over the metadata.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    MetaData,
    func,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

AnyRow = Row[*tuple[Any, ...]]
"""A row of any shape, as Core reads return them (loaders map rows straight to GraphQL types)."""

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow_column(*, nullable: bool = False) -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), nullable=nullable, server_default=func.now())


def text_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """An enum stored as checked text: adding a value is a one-line migration, not ALTER TYPE."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def _workspace_column(*, primary_key: bool) -> Mapped[int]:
    return mapped_column(
        BigInteger,
        ForeignKey("workspaces.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        sort_order=-10,
    )


class WorkspaceMixin:
    """`workspace_id` as the first column; link tables name it first in their own composite primary key."""

    @declared_attr
    def workspace_id(cls) -> Mapped[int]:  # noqa: N805
        return _workspace_column(primary_key=False)


class TenantMixin:
    """`workspace_id` and `id`, together the primary key, in that order."""

    @declared_attr
    def workspace_id(cls) -> Mapped[int]:  # noqa: N805
        return _workspace_column(primary_key=True)

    @declared_attr
    def id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(BigInteger, Identity(), primary_key=True, sort_order=-9)


def tenant_fk(column: str, target: str, *, ondelete: str | None = None) -> ForeignKeyConstraint:
    """`(workspace_id, column) -> target(workspace_id, id)`."""
    return ForeignKeyConstraint(
        ["workspace_id", column], [f"{target}.workspace_id", f"{target}.id"], ondelete=ondelete
    )


def tenant_index(table: str, *columns: Any, unique: bool = False, **kw: Any) -> Index:
    """An index led by `workspace_id`; `columns` may be names or SQL expressions (e.g. `desc`)."""
    names = "_".join(re.sub(r"\W+", "_", str(c)).strip("_").lower() for c in columns)
    return Index(f"ix_{table}_ws_{names}"[:63], "workspace_id", *columns, unique=unique, **kw)
