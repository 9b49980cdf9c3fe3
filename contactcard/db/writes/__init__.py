"""The SQL of writes, one module per domain: functions of a connection inside a mutation's transaction.

Reads a mutation needs under the viewer's visibility live in `loaders/` (they share its conditions).
"""
