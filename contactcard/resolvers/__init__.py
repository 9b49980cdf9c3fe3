"""What the schema's fields call: typed async functions, one module per domain."""
