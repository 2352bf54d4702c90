"""The cluster watchdog: it stops the postmaster when the benchmark dies, and only then."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from taskboard_bench.watchdog import DONE, watch


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes]]]:
    """A stand-in postmaster: a process whose command line names the data folder, and which
    SIGINT stops (as it stops PostgreSQL) even if this test runs with SIGINT ignored, as a
    background job does and its children inherit."""
    datadir = tmp_path / "cluster" / "data"
    datadir.mkdir(parents=True)
    standin = (
        "import signal, sys, time; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "print('ready', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-c", standin, str(datadir)], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"  # its SIGINT disposition is set
    (datadir / "postmaster.pid").write_text(f"{process.pid}\n{datadir}\n")
    yield datadir, process
    process.kill()
    process.wait()
    process.stdout.close()


def test_the_end_of_input_without_done_stops_the_cluster_and_deletes_its_folder(
    cluster: tuple[Path, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    datadir, process = cluster
    assert watch(io.BytesIO(b""), datadir, tmp_path)
    assert process.wait(timeout=5) != 0  # stopped by SIGINT
    assert not tmp_path.exists()


def test_done_leaves_the_cluster_to_the_benchmark(
    cluster: tuple[Path, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    datadir, process = cluster
    assert not watch(io.BytesIO(DONE), datadir, tmp_path)
    assert process.poll() is None
    assert datadir.exists()


def test_a_stale_pid_file_names_no_process_to_stop(tmp_path: Path) -> None:
    datadir = tmp_path / "data"
    datadir.mkdir()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (datadir / "postmaster.pid").write_text(f"{bystander.pid}\n")  # not this cluster's
        assert watch(io.BytesIO(b""), datadir, tmp_path)
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()
