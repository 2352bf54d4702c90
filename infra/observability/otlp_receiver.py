"""An OTLP/HTTP trace receiver for tests: what a collector would receive, decoded.

No collector binary can be obtained on these machines, so the tests point the services' real
OTLP exporters here. Payloads are decoded with `opentelemetry-proto`, the protocol's own
generated classes: a malformed export fails to parse, and the test with it.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanProto

PROTOBUF = "application/x-protobuf"


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: str  # SERVER, CLIENT, INTERNAL...
    trace_id: str  # hex, as the logs write it
    span_id: str
    parent_id: str | None
    attributes: dict[str, Any]


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [_value(item) for item in value.array_value.values]
    return getattr(value, kind) if kind else None


def _decode(body: bytes) -> list[Span]:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    spans: list[Span] = []
    for resource_spans in request.resource_spans:
        resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
        service = str(resource.get("service.name"))
        for scope_spans in resource_spans.scope_spans:
            spans.extend(
                Span(
                    service=service,
                    name=span.name,
                    kind=SpanProto.SpanKind.Name(span.kind).removeprefix("SPAN_KIND_"),
                    trace_id=span.trace_id.hex(),
                    span_id=span.span_id.hex(),
                    parent_id=span.parent_span_id.hex() or None,
                    attributes={a.key: _value(a.value) for a in span.attributes},
                )
                for span in scope_spans.spans
            )
    return spans


@dataclass
class Receiver:
    url: str
    spans: list[Span] = field(default_factory=list)
    # Every export request, decodable or not: "nothing was exported" means this stays empty.
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> list[Span]:
        with self.lock:
            return list(self.spans)


@contextmanager
def otlp_receiver(port: int = 0) -> Iterator[Receiver]:
    """Receive OTLP/HTTP protobuf exports on 127.0.0.1:`port` (any free port by default)."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            content_type = self.headers.get("Content-Type", "")
            with receiver.lock:
                receiver.requests.append(self.path)
            if self.path != "/v1/traces" or content_type != PROTOBUF:
                with receiver.lock:
                    receiver.errors.append(f"{self.path} {content_type}")
                self.send_error(415 if self.path == "/v1/traces" else 404)
                return
            spans = _decode(body)
            with receiver.lock:
                receiver.spans.extend(spans)
            answer = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", PROTOBUF)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
