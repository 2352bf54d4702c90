"""The benchmark's command line: the database pool option."""

from __future__ import annotations

import pytest

from taskboard_bench.__main__ import CONNECTIONS, _parser


def test_the_pool_defaults_to_a_connection_per_load_connection() -> None:
    assert _parser().parse_args([]).pool == (CONNECTIONS, 0)


@pytest.mark.parametrize(("text", "pool"), [("10+10", (10, 10)), ("4", (4, 0)), ("8+0", (8, 0))])
def test_a_pool_is_size_plus_overflow(text: str, pool: tuple[int, int]) -> None:
    assert _parser().parse_args(["--pool", text]).pool == pool


@pytest.mark.parametrize("text", ["ten", "0+1", "4+-1", "4+x"])
def test_a_bad_pool_is_one_clear_error(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _parser().parse_args(["--pool", text])
    assert exited.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("python -m taskboard_bench: error: argument --pool:"), error
    assert text in error
