"""contactcard: a GraphQL API for a CRM's contacts, built around a configurable contact card."""

__version__ = "0.1.0"
