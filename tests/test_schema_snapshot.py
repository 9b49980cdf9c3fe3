"""The committed SDL is the schema: `contactcard export-schema` rewrites it when the change is deliberate."""

from __future__ import annotations

from pathlib import Path

from contactcard.schema import schema

SNAPSHOT = Path(__file__).parent.parent / "contactcard" / "schema" / "schema.graphql"


def test_the_sdl_snapshot_matches_the_schema():
    assert SNAPSHOT.read_text() == schema.as_str() + "\n", "schema drifted: run `contactcard export-schema`"
