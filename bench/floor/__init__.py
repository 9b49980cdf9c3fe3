"""The floor: the cheapest this stack can answer the benchmark's workloads (see app.py)."""
