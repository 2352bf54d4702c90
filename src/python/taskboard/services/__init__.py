"""Use cases: each runs in one transaction and records its events in the same one (outbox)."""
