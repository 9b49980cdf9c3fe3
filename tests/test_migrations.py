"""The migrations build exactly the schema the models describe, and the consent log is append-only."""

from __future__ import annotations

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from contactcard.db.base import Base
from contactcard.db.migrate import current_revision, head_revision


async def test_models_and_migrations_agree(owner_engine):
    async with owner_engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    # Trigram indexes (named *_trgm) exist only where the server has pg_trgm (migration 0008): not modelled.
    optional = [d for d in diff if d[0] == "remove_index" and d[1].name.endswith("_trgm")]
    assert [d for d in diff if d not in optional] == []
    async with owner_engine.connect() as conn:
        trgm = (
            await conn.exec_driver_sql("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
        ).scalar()
    assert len(optional) == (3 if trgm else 0)
    assert await current_revision(owner_engine) == head_revision()


async def test_the_folded_name_in_sql_is_the_folded_name_in_python(pg):
    from contactcard.loaders.contact_filters import fold  # noqa: PLC0415

    first, last = "ÁÀÂÄÃÅ Çéèêë ÍÌÎÏ Ñ", "ÓÒÔÖÕ ÚÙÛÜ Ýÿ Ёлка"
    assert await pg.fetchval("SELECT contactcard_fold_name($1, $2)", first, last) == fold(f"{first} {last}")
    assert await pg.fetchval("SELECT contactcard_fold_name(NULL, 'Ana')") == "ana"


async def test_consent_rows_cannot_be_edited(pg):
    row = await pg.fetchrow("SELECT workspace_id, id FROM consents ORDER BY id LIMIT 1")
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await pg.execute("UPDATE consents SET state = 'GRANTED' WHERE workspace_id = $1 AND id = $2", *row)
