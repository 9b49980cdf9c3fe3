"""Webhooks: events queued with the writes that cause them (outbox), delivered signed, retried, logged."""
