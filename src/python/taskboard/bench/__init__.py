"""Benchmark of the API: HTTP throughput and latency, SSE fan-out (`python -m taskboard.bench`)."""
