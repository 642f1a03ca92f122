"""Benchmarks that print ratios (``python -m bench queue``; see docs/PERFORMANCE.md)."""
