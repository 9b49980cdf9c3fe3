"""Background jobs: a durable queue in PostgreSQL (`queue`), the worker that runs it (`runner`), and one
module per kind of work (`export`, `bulk`)."""
