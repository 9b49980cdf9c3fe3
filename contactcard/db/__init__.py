"""The data layer: typed models, the engine, the embedded PostgreSQL, migrations and seed data."""
