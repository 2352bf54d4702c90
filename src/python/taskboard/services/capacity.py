"""How many event streams one replica holds open: in all, and for any one user.

An open stream costs a connection, a task and some 40 KiB for as long as the client stays,
so a replica caps them (`sse_max_streams`), and one user cannot take the whole budget
(`sse_max_streams_per_user`, a runaway tab loop or a script). Both counts are this process's:
with N replicas a user may hold N times the per-user cap, which still bounds what one account
can take from each replica.
"""

from __future__ import annotations

import uuid

from taskboard.domain.errors import OverCapacityError, RateLimitedError

# Seconds a refused client waits: soon for a full replica (streams end all the time, and the
# load balancer may pick another replica), longer for a user who already holds too many.
REPLICA_FULL_RETRY_AFTER = 5
USER_FULL_RETRY_AFTER = 30


class StreamCapacity:
    """Counts the open streams; `acquire` before answering one, release the lease after."""

    def __init__(self, *, max_streams: int, max_per_user: int) -> None:
        if max_streams < 1 or max_per_user < 1:
            msg = f"stream caps must be at least 1, got {max_streams} and {max_per_user}"
            raise ValueError(msg)
        self.max_streams = max_streams
        self.max_per_user = max_per_user
        self.open_streams = 0
        self._per_user: dict[uuid.UUID, int] = {}

    def acquire(self, user_id: uuid.UUID) -> StreamLease:
        """Count one more stream for `user_id`, or refuse it (nothing is counted then)."""
        if self.open_streams >= self.max_streams:
            msg = f"this server holds its maximum of {self.max_streams} event streams"
            raise OverCapacityError(
                msg, code="stream_capacity_reached", retry_after=REPLICA_FULL_RETRY_AFTER
            )
        held = self._per_user.get(user_id, 0)
        if held >= self.max_per_user:
            msg = f"you already hold {held} open event streams, the most one user may"
            raise RateLimitedError(msg, code="too_many_streams", retry_after=USER_FULL_RETRY_AFTER)
        self._per_user[user_id] = held + 1
        self.open_streams += 1
        return StreamLease(self, user_id)

    def held_by(self, user_id: uuid.UUID) -> int:
        """The streams `user_id` holds open on this replica."""
        return self._per_user.get(user_id, 0)

    def _release(self, user_id: uuid.UUID) -> None:
        self.open_streams -= 1
        held = self._per_user[user_id] - 1
        if held:
            self._per_user[user_id] = held
        else:
            del self._per_user[user_id]


class StreamLease:
    """One counted stream; `release()` it when the stream ends (a second call does nothing)."""

    __slots__ = ("_capacity", "_user_id")

    def __init__(self, capacity: StreamCapacity, user_id: uuid.UUID) -> None:
        self._capacity: StreamCapacity | None = capacity
        self._user_id = user_id

    def release(self) -> None:
        """Give the stream's place back."""
        if self._capacity is not None:
            capacity, self._capacity = self._capacity, None
            capacity._release(self._user_id)
