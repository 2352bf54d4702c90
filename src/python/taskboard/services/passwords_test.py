"""argon2id hashes with the configured cost, and upgrades of hashes made at an older cost."""

from __future__ import annotations

from taskboard.services.passwords import PasswordHasher

PASSWORD = "correct horse battery"


def test_hashes_are_salted_argon2id_at_the_configured_cost() -> None:
    hasher = PasswordHasher(time_cost=2, memory_kib=1024)
    first, second = hasher.hash(PASSWORD), hasher.hash(PASSWORD)
    assert first.startswith("$argon2id$v=19$m=1024,t=2,")
    assert first != second  # a salt of its own each
    assert hasher.verify(PASSWORD, first) == (True, None)
    assert hasher.verify("not the password", first) == (False, None)


def test_a_hash_at_an_older_cost_is_upgraded_on_a_correct_password_only() -> None:
    old = PasswordHasher(time_cost=1, memory_kib=1024).hash(PASSWORD)
    current = PasswordHasher(time_cost=2, memory_kib=2048)
    assert current.verify("not the password", old) == (False, None)
    ok, upgraded = current.verify(PASSWORD, old)
    assert ok
    assert upgraded is not None
    assert upgraded.startswith("$argon2id$v=19$m=2048,t=2,")


def test_an_unknown_account_fails_like_a_wrong_password() -> None:
    assert PasswordHasher(time_cost=1, memory_kib=1024).verify(PASSWORD, None) == (False, None)
