"""list search: one folded-name function, and trigram indexes where the server has pg_trgm

`contactcard_fold_name(first, last)` is the name as search compares it (lower-cased, accents folded with
the table of `contactcard.loaders.contact_filters.ACCENTS`). It is declared IMMUTABLE (concat_ws is only
STABLE because of other types' output functions; on text it cannot change), so that an index may hold it.
Where pg_trgm is available, GIN trigram indexes serve the search's `LIKE '%…%'` on the folded name, on
emails and on the digits of phone numbers; without it (the embedded server) the same search scans the
workspace's contacts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

FROM, TO = "áàâäãåçéèêëíìîïñóòôöõúùûüýÿё", "aaaaaaceeeeiiiinooooouuuuyy\u0435"  # as ACCENTS
FOLD_NAME = f"""
CREATE FUNCTION contactcard_fold_name(first text, last text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT translate(lower(concat_ws(' ', first, last)), '{FROM}', '{TO}') $$
"""
INDEXES = (
    "CREATE INDEX ix_contacts_folded_name_trgm ON contacts "
    "USING gin (contactcard_fold_name(first_name, last_name) gin_trgm_ops)",
    "CREATE INDEX ix_contact_channels_email_trgm ON contact_channels "
    "USING gin (lower(normalized) gin_trgm_ops) WHERE kind = 'EMAIL'",
    "CREATE INDEX ix_contact_channels_phone_digits_trgm ON contact_channels "
    "USING gin (regexp_replace(normalized, '\\D', '', 'g') gin_trgm_ops) WHERE kind = 'PHONE'",
)


def upgrade() -> None:
    op.execute(FOLD_NAME)
    installed = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
        .scalar_one()
    )
    if installed:  # migration 0005 installs it where the server has it
        for index in INDEXES:
            op.execute(index)


def downgrade() -> None:
    for name in ("ix_contacts_folded_name_trgm", "ix_contact_channels_email_trgm",
                 "ix_contact_channels_phone_digits_trgm"):  # fmt: skip
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP FUNCTION IF EXISTS contactcard_fold_name(text, text)")
