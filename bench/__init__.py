"""Benchmarks of Recount against raw sqlite3 baselines (run ``bench/run.py``)."""
