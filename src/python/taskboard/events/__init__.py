"""Fan-out of "a board has new events" signals to SSE subscribers (in-process or PostgreSQL)."""
