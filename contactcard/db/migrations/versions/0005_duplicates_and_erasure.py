"""duplicates and erasure: a name similarity function, and tombstones of forgotten contacts

`contactcard_name_similarity(a, b)` is pg_trgm's `similarity` where the server has the extension (the
usual PostgreSQL packages do), and otherwise the same measure in plain SQL (the embedded server's wheel has
no contrib modules): the share of distinct trigrams the two lower-cased strings have in common, each word
padded with two spaces in front and one behind, as pg_trgm counts them. Slower, same answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

WITH_PG_TRGM = """
CREATE FUNCTION contactcard_name_similarity(a text, b text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT similarity(coalesce(a, ''), coalesce(b, '')) $$
"""
TRIGRAMS_IN_PLAIN_SQL = """
CREATE FUNCTION contactcard_trigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(w, i, 3)), '{}')
    FROM regexp_split_to_table(lower(coalesce(t, '')), '[^[:alnum:]]+') AS word,
         LATERAL (SELECT '  ' || word || ' ' AS w) padded,
         LATERAL generate_series(1, length(w) - 2) AS i
    WHERE word <> ''
$$
"""
IN_PLAIN_SQL = """
CREATE FUNCTION contactcard_name_similarity(a text, b text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN cardinality(x.t) + cardinality(y.t) = 0 THEN 0::real ELSE
        (SELECT count(*) FROM (SELECT unnest(x.t) INTERSECT SELECT unnest(y.t)) common)::real
        / (SELECT count(*) FROM (SELECT unnest(x.t) UNION SELECT unnest(y.t)) every)::real END
    FROM (SELECT contactcard_trigrams(a) AS t) x, (SELECT contactcard_trigrams(b) AS t) y
$$
"""


def upgrade() -> None:
    op.create_table(
        "contact_tombstones",
        sa.Column("workspace_id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "forgotten_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("forgotten_by_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_tombstones_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "forgotten_by_id"],
            ["users.workspace_id", "users.id"],
            name=op.f("fk_contact_tombstones_workspace_id_forgotten_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "contact_id", name=op.f("pk_contact_tombstones")),
    )
    op.execute("ALTER TABLE contact_tombstones ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant ON contact_tombstones "
        "USING (workspace_id = nullif(current_setting('contactcard.workspace_id', true), '')::bigint) "
        "WITH CHECK (workspace_id = nullif(current_setting('contactcard.workspace_id', true), '')::bigint)"
    )
    available = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"))
        .scalar_one()
    )
    if available:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(WITH_PG_TRGM)
    else:
        op.execute(TRIGRAMS_IN_PLAIN_SQL)
        op.execute(IN_PLAIN_SQL)


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS contactcard_name_similarity(text, text)")
    op.execute("DROP FUNCTION IF EXISTS contactcard_trigrams(text)")
    op.drop_table("contact_tombstones")
