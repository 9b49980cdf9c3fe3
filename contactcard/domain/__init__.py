"""What a write checks before it touches the database: pure functions and types, no SQL and no GraphQL.

Used by the mutation resolvers and by the demo seed, so both validate and normalise the same way.
"""
