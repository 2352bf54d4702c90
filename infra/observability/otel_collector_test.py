"""The OpenTelemetry Collector configuration's structure (no collector binary is obtainable here).

What the collector itself would refuse at start: a pipeline naming a component that is not
defined, an extension enabled but not configured. What its documentation recommends: the memory
limiter first among processors, batch last.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG = Path(__file__).parent / "otel" / "otel-collector.yaml"
KINDS = ("receivers", "processors", "exporters")


def config() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(CONFIG.read_text())
    return loaded


def test_every_pipeline_uses_only_defined_components() -> None:
    loaded = config()
    pipelines = loaded["service"]["pipelines"]
    assert set(pipelines) == {"traces"}
    for name, pipeline in pipelines.items():
        for kind in KINDS:
            assert pipeline[kind], f"{name} has no {kind}"
            missing = set(pipeline[kind]) - set(loaded[kind])
            assert missing == set(), f"{name} uses undefined {kind}: {missing}"
    assert set(loaded["service"]["extensions"]) <= set(loaded["extensions"])


def test_the_memory_limiter_comes_first_and_batch_last() -> None:
    processors = config()["service"]["pipelines"]["traces"]["processors"]
    assert processors[0] == "memory_limiter"
    assert processors[-1] == "batch"


def test_otlp_comes_in_on_the_standard_ports_and_the_backend_is_configured_by_env() -> None:
    loaded = config()
    protocols = loaded["receivers"]["otlp"]["protocols"]
    assert protocols["http"]["endpoint"].endswith(":4318")
    assert protocols["grpc"]["endpoint"].endswith(":4317")
    assert loaded["exporters"]["otlphttp"]["endpoint"] == "${env:OTLP_BACKEND_ENDPOINT}"
