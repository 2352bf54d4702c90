"""Which events each SSE stream received, by id, against the outbox: the soak's delivery check.

A stream's body arrives chunk-encoded (HTTP/1.1, no Content-Length); `ChunkedDecoder` undoes
that and `EventParser` cuts the text into SSE messages. A `StreamLedger` keeps the id the
stream started after (the `connected` greeting's) and the id of every event it received, in
arrival order; `account` compares the ledgers with the outbox's ids.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

_CRLF = b"\r\n"
# The server ends every SSE message with a blank line (`taskboard.api.sse.message`).
_MESSAGE_END = b"\n\n"


class ChunkedDecoder:
    """An incremental decoder of a chunked transfer-encoded body: feed it reads, in order."""

    def __init__(self) -> None:
        self._buffer = b""
        self._remaining = 0  # data bytes of the current chunk still to come
        self._crlf_due = False  # the current chunk's data is over: its CRLF comes next
        self.finished = False  # the last (empty) chunk arrived: the server ended the response

    def feed(self, data: bytes) -> bytes:
        """The body bytes in `data` (with what earlier feeds left undecoded)."""
        self._buffer += data
        out: list[bytes] = []
        while not self.finished:
            if self._remaining:
                if not self._buffer:
                    break
                take = min(self._remaining, len(self._buffer))
                out.append(self._buffer[:take])
                self._buffer = self._buffer[take:]
                self._remaining -= take
                self._crlf_due = not self._remaining
            elif self._crlf_due:
                if len(self._buffer) < len(_CRLF):
                    break
                if not self._buffer.startswith(_CRLF):
                    raise ValueError("a chunk's data does not end in CRLF")
                self._buffer = self._buffer[len(_CRLF) :]
                self._crlf_due = False
            else:
                line_end = self._buffer.find(_CRLF)
                if line_end == -1:
                    break
                size = int(self._buffer[:line_end].split(b";")[0], 16)  # ValueError if not hex
                self._buffer = self._buffer[line_end + len(_CRLF) :]
                self._remaining = size
                self.finished = size == 0
        return b"".join(out)


@dataclass(frozen=True)
class Message:
    """One SSE message: its `id:` and `event:` fields (None when absent; comments have none)."""

    id: int | None
    event: str | None


class EventParser:
    """Cuts an event stream's text into messages; feed it decoded body bytes, in order."""

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> list[Message]:
        """The messages completed by `data`."""
        self._buffer += data
        *complete, self._buffer = self._buffer.split(_MESSAGE_END)
        return [_message(text) for text in complete if text]


def _message(text: bytes) -> Message:
    event_id: int | None = None
    event: str | None = None
    for line in text.split(b"\n"):
        name, _, value = line.partition(b":")
        value = value.removeprefix(b" ")
        if name == b"id":
            event_id = int(value)
        elif name == b"event":
            event = value.decode()
    return Message(event_id, event)


@dataclass
class StreamLedger:
    """What one stream received: the id it started after, then each event's id."""

    start_id: int | None = None  # the `connected` greeting's id (None: no greeting yet)
    ids: array[int] = field(default_factory=lambda: array("q"))

    def add(self, message: Message) -> None:
        """Note one message: the greeting fixes the start, an event is counted by its id."""
        if message.event is None:
            if self.start_id is None and message.id is not None:
                self.start_id = message.id
            return
        if message.id is None:
            raise ValueError(f"a {message.event} event without an id")
        self.ids.append(message.id)

    @property
    def last_id(self) -> int | None:
        """The newest id this stream has seen (the start if no event arrived yet)."""
        return self.ids[-1] if self.ids else self.start_id


@dataclass(frozen=True)
class Delivery:
    """The outbox's events against every stream's ledger."""

    streams: int
    expected: int  # deliveries due: for each stream, the outbox events after its start
    missing: int  # due but never received
    duplicates: int  # received again, or after a newer one (streams deliver in id order)
    unexpected: int  # received, but not an outbox event after the stream's start
    incomplete_streams: int  # streams missing at least one event


def account(outbox_ids: Sequence[int], ledgers: Iterable[StreamLedger]) -> Delivery:
    """Compare each stream's ledger with the outbox ids (ascending) written after its start."""
    ordered = sorted(outbox_ids)
    everything = set(ordered)
    streams = expected = missing = duplicates = unexpected = incomplete = 0
    for ledger in ledgers:
        if ledger.start_id is None:
            raise ValueError("a stream that never said it was connected cannot be accounted")
        streams += 1
        due = ordered[bisect.bisect_right(ordered, ledger.start_id) :]
        received = set(ledger.ids)
        expected += len(due)
        lacking = sum(1 for event_id in due if event_id not in received)
        missing += lacking
        incomplete += lacking > 0
        duplicates += sum(1 for previous, current in pairwise(ledger.ids) if current <= previous)
        unexpected += sum(
            1 for event_id in received if event_id <= ledger.start_id or event_id not in everything
        )
    return Delivery(
        streams=streams,
        expected=expected,
        missing=missing,
        duplicates=duplicates,
        unexpected=unexpected,
        incomplete_streams=incomplete,
    )
