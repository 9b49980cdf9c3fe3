"""Card layouts: the panel registry, the layer model, validation, the layer merge and edits of a layer.

Pure Python: no SQL and no GraphQL here, so the rules can be tested (and property-tested) on their own.
Storage is `contactcard.db.layouts`; the GraphQL types are `contactcard.schema.card`.
"""
