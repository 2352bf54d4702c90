"""Soak benchmark: minutes of mixed requests with 1,000 SSE streams open, on PostgreSQL.

    python -m taskboard_bench.soak [--duration 600] [--streams 1000] [--record docs/benchmarks.md]
    ./pants run src/python/taskboard_bench:soak -- --record docs/benchmarks.md

One `python -m taskboard.server` process with production settings (`servers.api_env`) on a
migrated PostgreSQL database (the throwaway cluster, or TEST_DATABASE_URL's server), pinned to
one CPU with taskset. The load process (`load.py soak`, see soakload.py) is pinned to the other
CPU, where this process and the cluster it starts run too, so the server has a core of its own.

Targets: no error (no failed request, every stream open to the end), every event written
delivered to every stream, and the server's RSS and open file descriptors at most 10 % above
what they were after the warm-up. Prints the figures as markdown, writes them between the
soak markers with `--record`, and exits 1 with one line naming the targets missed. Every
process it starts is stopped when it ends, however it ends.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from taskboard.settings import Settings
from taskboard_bench import load, report
from taskboard_bench.procfs import raise_open_files_limit
from taskboard_bench.seed import seed
from taskboard_bench.servers import (
    api_env,
    exit_on_signal,
    module_process,
    postgres_database,
    server_and_client_cpus,
    server_process,
)
from taskboard_bench.soakload import REQUEST_TIMEOUT_SECONDS
from taskboard_bench.stats import SoakResult

# The default access token lifetime; a longer run gets tokens that outlive it (_token_ttl).
TOKEN_TTL_SECONDS = Settings.model_fields["access_token_ttl_seconds"].default
# From signing in to the load's start (reading the tasks, opening the streams), with room.
TOKEN_MARGIN_SECONDS = 60.0
# Room, in the load process's time limit, for seeding, opening the streams and draining.
OVERHEAD_SECONDS = 300.0


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m taskboard_bench.soak", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--duration", type=_positive, default=600.0, help="measured seconds")
    parser.add_argument("--warmup", type=_positive, default=30.0, help="seconds before it")
    parser.add_argument("--window", type=_positive, default=60.0, help="seconds per table row")
    parser.add_argument("--streams", type=int, default=1000, help="SSE streams open throughout")
    parser.add_argument("--reads-per-second", type=float, default=20.0)
    parser.add_argument("--writes-per-second", type=float, default=2.0)
    parser.add_argument("--connections", type=int, default=16, help="keep-alive pool size")
    parser.add_argument("--drain", type=float, default=30.0, help="seconds for the last events")
    parser.add_argument("--server-cpu", type=int, help="default: the first CPU this may use")
    parser.add_argument("--client-cpu", type=int, help="default: the second one")
    parser.add_argument("--record", type=Path, help="markdown file to write the section into")
    return parser


def _token_ttl(args: argparse.Namespace) -> int | None:
    """A longer access token lifetime if the run would outlast the default one, else None.

    The load signs in once, before the streams open, and sends that token with every request
    to the last (a stream's is checked once, when it opens).
    """
    opening = args.streams / 20  # 1,000 streams open in about 4 s
    needed = math.ceil(
        TOKEN_MARGIN_SECONDS + opening + args.warmup + args.duration + REQUEST_TIMEOUT_SECONDS
    )
    return needed if needed > TOKEN_TTL_SECONDS else None


def _soak(
    args: argparse.Namespace, workdir: Path, *, server_cpu: int, client_cpu: int
) -> SoakResult:
    with postgres_database() as url:
        env = api_env(url)
        if (ttl := _token_ttl(args)) is not None:
            env["ACCESS_TOKEN_TTL_SECONDS"] = str(ttl)
        with server_process("postgres", workdir=workdir, env=env, cpu=server_cpu) as server:
            account, token = seed(server.url)
            load_args = ["soak", "--url", server.url, "--board", account.board_id]
            load_args += ["--token", token, "--database-url", url]
            load_args += ["--server-pid", str(server.pid), "--streams", str(args.streams)]
            load_args += ["--reads-per-second", str(args.reads_per_second)]
            load_args += ["--writes-per-second", str(args.writes_per_second)]
            load_args += ["--warmup", str(args.warmup), "--duration", str(args.duration)]
            load_args += ["--window", str(args.window), "--connections", str(args.connections)]
            load_args += ["--drain", str(args.drain)]
            planned = args.warmup + args.duration + args.drain + REQUEST_TIMEOUT_SECONDS
            timeout = planned + OVERHEAD_SECONDS + args.streams / 10
            output = module_process(load.__name__, load_args, timeout=timeout, cpu=client_cpu)
            _report_server_log(server.log)
            return SoakResult.from_json(json.loads(output))


def _report_server_log(log: Path) -> None:
    """Pass on what the server logged (warnings and errors only: LOG_LEVEL=WARNING)."""
    lines = log.read_text(errors="replace").splitlines()
    if lines:
        sys.stderr.write(f"soak: the server logged {len(lines)} lines; the last ones:\n")
        sys.stderr.write("".join(f"  {line[:300]}\n" for line in lines[-5:]))


def _notes(args: argparse.Namespace, result: SoakResult, *, load_average: float) -> Iterator[str]:
    yield f"Load average (1 min) when the run started: {load_average:.2f}."
    seconds = _token_ttl(args)
    ttl = "" if seconds is None else f", ACCESS_TOKEN_TTL_SECONDS={seconds} (outlasts the run)"
    server_cpus = ",".join(map(str, result.cpus.get("server", [])))
    client_cpus = ",".join(map(str, result.cpus.get("client", [])))
    yield (
        f"Pinned with taskset: the server to CPU {server_cpus}, the load process to CPU "
        f"{client_cpus}, which it shares with the PostgreSQL cluster and the orchestrator "
        "(affinities read back from the running processes)."
    )
    yield (
        "Server: one `python -m taskboard.server` process (one uvicorn worker), "
        "ENVIRONMENT=production, LOG_LEVEL=WARNING, default pools; stream caps raised to "
        f"100,000 (every stream is one user's; production allows 20 per user){ttl}."
    )
    yield (
        "PostgreSQL: the test harness's throwaway local cluster (fsync, synchronous_commit "
        "and full_page_writes off) unless TEST_DATABASE_URL is set."
    )
    yield (
        f"Load: {args.streams:,} SSE streams of one user on one board, opened first and read "
        f"to the end; then, open loop, {args.reads_per_second:g} reads/s (list 50 tasks, get "
        f"one task, in turn) and {args.writes_per_second:g} writes/s (create a task, update "
        f"one with If-Match, in turn) over {args.connections} keep-alive connections; each "
        "latency runs from when the request was due. Raw asyncio HTTP/1.1 on uvloop."
    )
    yield (
        f"{args.warmup:g} s warm-up (its own row), then {args.duration:g} s measured in "
        f"windows of {args.window:g} s; server RSS and open file descriptors from /proc at "
        "the end of each, the streams open throughout."
    )
    yield (
        "Errors: any status but the expected one (201 for a create, 200 otherwise), "
        f"connection errors, requests over {REQUEST_TIMEOUT_SECONDS:g} s, streams that did "
        "not open or ended before the run did. Percentiles are of the successful requests."
    )
    yield (
        "Delivery: after the load, the board's outbox is read from the database (every "
        "event written since the streams subscribed); each stream's events, parsed from its "
        f"body by id, are compared with it, the streams given up to {args.drain:g} s for the "
        "last ones."
    )


def _shown(argv: Sequence[str]) -> list[str]:
    """The arguments that made the figures (`--record FILE` only says where they went)."""
    shown: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--record":
            skip = True
        elif not arg.startswith("--record="):
            shown.append(arg)
    return shown


def main(argv: Sequence[str] | None = None) -> int:
    """Run the soak, print the markdown, record it if asked; 1 if a target was missed."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    server_cpu, client_cpu = server_and_client_cpus(args.server_cpu, args.client_cpu, "soak")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, exit_on_signal)
    raise_open_files_limit()  # inherited by the server and the load process
    # This process, and the PostgreSQL cluster it starts, stay off the server's CPU.
    os.sched_setaffinity(0, {client_cpu})
    load_average = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="taskboard-soak-"))
    try:
        result = _soak(args, workdir, server_cpu=server_cpu, client_cpu=client_cpu)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    command = shlex.join(["python", "-m", "taskboard_bench.soak", *_shown(argv)])
    text = report.render_soak(
        machine=report.machine_summary(),
        command=command,
        notes=list(_notes(args, result, load_average=load_average)),
        result=result,
    )
    sys.stdout.write(text)
    if args.record is not None:
        existing = args.record.read_text() if args.record.exists() else ""
        args.record.write_text(
            report.record(
                existing,
                text,
                command=command,
                markers=(report.SOAK_BEGIN, report.SOAK_END),
                heading=report.SOAK_HEADING,
            )
        )
    missed = [check for check in report.soak_checks(result) if not check.passed]
    if missed:
        sys.stderr.write(
            "soak: FAIL: "
            + "; ".join(f"{c.name}: {c.measured} (wanted {c.target})" for c in missed)
            + "\n"
        )
        return 1
    sys.stderr.write("soak: every target met\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
