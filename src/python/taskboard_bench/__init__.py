"""Benchmarks of the API: HTTP throughput and latency, SSE fan-out (`python -m taskboard_bench`);
mixed load for minutes with 1,000 open streams (`python -m taskboard_bench.soak`)."""
