from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from selection.clone import clone_of_checkout


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """One clone of the checkout's HEAD for the folder's tests (one pytest process, see BUILD):
    its pantsd, started by the first test, serves the others warm."""
    with clone_of_checkout(tmp_path_factory.mktemp("matrix")) as cloned:
        yield cloned
