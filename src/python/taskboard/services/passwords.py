"""Password hashing with argon2id (pwdlib)."""

from __future__ import annotations

from functools import cached_property

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from taskboard.settings import Settings


class PasswordHasher:
    """Hashes and verifies passwords; tells when a stored hash needs the current cost."""

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hash = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))

    @cached_property
    def _dummy(self) -> str:
        # Verified against when the email is unknown, so both paths cost the same time.
        return self._hash.hash("timing-equaliser-not-a-real-password")

    @classmethod
    def from_settings(cls, settings: Settings) -> PasswordHasher:
        """The hasher with the configured argon2id cost."""
        return cls(
            time_cost=settings.password_hash_time_cost,
            memory_kib=settings.password_hash_memory_kib,
        )

    def hash(self, password: str) -> str:
        """A new salted argon2id hash."""
        return self._hash.hash(password)

    def verify(self, password: str, stored_hash: str | None) -> tuple[bool, str | None]:
        """(matches, upgraded hash or None); a None `stored_hash` burns the same time and fails."""
        if stored_hash is None:
            self._hash.verify(password, self._dummy)
            return False, None
        return self._hash.verify_and_update(password, stored_hash)
