"""The process's place in its lifecycle, shared by the server and the readiness probe.

On SIGTERM with a drain delay, the server keeps accepting for that long while `/readyz` says
503, so a load balancer (Traefik's refresh, Kubernetes endpoints) stops sending new requests
before the listening socket closes. Then the graceful shutdown runs as usual.
"""

from __future__ import annotations

_state = {"draining": False}


def start_draining() -> None:
    """Mark the process as leaving: readiness fails from now on."""
    _state["draining"] = True


def is_draining() -> bool:
    """Whether shutdown has been asked for."""
    return _state["draining"]
