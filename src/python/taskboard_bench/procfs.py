"""What the benchmark reads about a process from /proc (Linux): memory, open files, CPU time."""

from __future__ import annotations

import os
import resource
from pathlib import Path


def parse_vmrss_kib(status_text: str) -> int:
    """The `VmRSS` of a /proc/<pid>/status text, in KiB."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            value, unit = line.split()[1:3]
            if unit != "kB":
                raise ValueError(f"unexpected VmRSS unit {unit!r}")
            return int(value)
    raise ValueError("no VmRSS line (is the process a zombie?)")


def rss_kib(pid: int) -> int:
    """Resident set size of process `pid` in KiB."""
    return parse_vmrss_kib(Path(f"/proc/{pid}/status").read_text())


def open_fds(pid: int) -> int:
    """How many file descriptors process `pid` has open (sockets included)."""
    return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())


def parse_cpu_ticks(stat_text: str) -> int:
    """utime + stime (clock ticks) from a /proc/<pid>/stat line."""
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = stat_text[stat_text.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return int(fields[11]) + int(fields[12])


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process `pid` has used so far, in seconds."""
    ticks = parse_cpu_ticks(Path(f"/proc/{pid}/stat").read_text())
    return ticks / os.sysconf("SC_CLK_TCK")


def raise_open_files_limit() -> int:
    """Raise this process's RLIMIT_NOFILE soft limit to the hard limit; return the new limit.

    Children inherit it, so the orchestrator calling this covers the servers it starts.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        return target
    return soft
