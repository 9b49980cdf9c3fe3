"""The benchmark's CPU accounting (bench/wrk_load.py): per process, never negative."""

from __future__ import annotations

from bench.wrk_load import cpu_spent


def test_cpu_spent_counts_new_processes_from_zero_and_ignores_ended_ones():
    before = {(10, 1.0): 5.0, (11, 1.0): 2.0}  # pid 11 ends during the run
    after = {(10, 1.0): 5.5, (12, 3.0): 0.25, (11, 9.0): 0.1}  # pid 11 again, but another process
    assert cpu_spent(before, after) == 0.5 + 0.25 + 0.1
    assert cpu_spent(before, {}) == 0.0
