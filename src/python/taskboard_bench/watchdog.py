"""Stops the benchmark's throwaway PostgreSQL cluster if the benchmark dies without doing so.

    python -m taskboard_bench.watchdog DATADIR WORKDIR  < a pipe only the benchmark writes to

The servers and load processes get SIGTERM when the benchmark dies (PR_SET_PDEATHSIG, see
servers.py), but `pg_ctl` daemonises the postmaster: nothing tells it. This process reads its
standard input to the end. `done` there means the benchmark is stopping the cluster itself;
the end of the input without it means the benchmark is gone (SIGKILLed: no `finally` ran), and
the watchdog stops the postmaster named in DATADIR/postmaster.pid (fast shutdown, then harder)
and deletes WORKDIR.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

DONE = b"done"
# Fast shutdown first, then immediate, then SIGKILL: how long each may take.
STOP_SIGNALS = ((signal.SIGINT, 20.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 5.0))


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, waiting for a parent to reap it, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _postmaster(datadir: Path) -> int | None:
    """The running postmaster of `datadir`, if any (a stale pid file's pid may be another's)."""
    try:
        pid = int((datadir / "postmaster.pid").read_text().split("\n", 1)[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if os.fsencode(datadir) in command and _alive(pid) else None


def stop_cluster(datadir: Path, workdir: Path) -> None:
    """Stop the postmaster of `datadir` (it stops its backends), then delete `workdir`."""
    pid = _postmaster(datadir)
    if pid is not None:
        for signum, seconds in STOP_SIGNALS:
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + seconds
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if not _alive(pid):
                break
    shutil.rmtree(workdir, ignore_errors=True)


def watch(source: BinaryIO, datadir: Path, workdir: Path) -> bool:
    """Read `source` to its end; stop the cluster unless it said `done`. True if it did."""
    if source.read() == DONE:
        return False
    stop_cluster(datadir, workdir)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Watch standard input for the cluster of DATADIR in WORKDIR (the arguments)."""
    datadir, workdir = (Path(arg) for arg in (sys.argv[1:] if argv is None else argv))
    # Not stopped by a Ctrl-C or hang-up meant for the benchmark: it outlives it on purpose.
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    watch(sys.stdin.buffer, datadir, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
