"""The open-stream counter: the replica's cap, the per-user cap, and leases."""

from __future__ import annotations

import uuid

import pytest

from taskboard.domain.errors import OverCapacityError, RateLimitedError
from taskboard.services.capacity import (
    REPLICA_FULL_RETRY_AFTER,
    USER_FULL_RETRY_AFTER,
    StreamCapacity,
)

ALICE, BOB, CAROL = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def test_a_user_past_their_cap_is_refused_and_nothing_is_counted() -> None:
    capacity = StreamCapacity(max_streams=10, max_per_user=2)
    capacity.acquire(ALICE)
    capacity.acquire(ALICE)
    with pytest.raises(RateLimitedError) as refused:
        capacity.acquire(ALICE)
    assert refused.value.code == "too_many_streams"
    assert refused.value.retry_after == USER_FULL_RETRY_AFTER
    assert (capacity.open_streams, capacity.held_by(ALICE)) == (2, 2)
    capacity.acquire(BOB)  # other users are not affected
    assert capacity.open_streams == 3


def test_a_full_replica_refuses_everyone() -> None:
    capacity = StreamCapacity(max_streams=2, max_per_user=5)
    capacity.acquire(ALICE)
    capacity.acquire(BOB)
    for user in (ALICE, CAROL):
        with pytest.raises(OverCapacityError) as refused:
            capacity.acquire(user)
        assert refused.value.code == "stream_capacity_reached"
        assert refused.value.retry_after == REPLICA_FULL_RETRY_AFTER
    assert capacity.open_streams == 2
    assert capacity.held_by(CAROL) == 0


def test_a_released_lease_frees_its_place_once() -> None:
    capacity = StreamCapacity(max_streams=1, max_per_user=1)
    lease = capacity.acquire(ALICE)
    lease.release()
    lease.release()  # a second release must not free someone else's place
    assert (capacity.open_streams, capacity.held_by(ALICE)) == (0, 0)
    again = capacity.acquire(BOB)
    with pytest.raises(OverCapacityError):
        capacity.acquire(ALICE)
    again.release()
    capacity.acquire(ALICE)


@pytest.mark.parametrize(("total", "per_user"), [(0, 1), (1, 0)])
def test_caps_below_one_are_refused(total: int, per_user: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        StreamCapacity(max_streams=total, max_per_user=per_user)
