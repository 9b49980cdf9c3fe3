"""Seed data: the demo workspace and large deterministic datasets, written with COPY."""
