"""Where the tests find Debian's `prometheus` package: skip locally without it, fail in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def binary(name: str) -> str:
    """The path of `name` (`prometheus`, `promtool`): $NAME in upper case, else from PATH.

    Missing, the test skips with the reason, or fails with it under CI=true.
    """
    variable = name.upper()
    found = os.environ.get(variable) or shutil.which(name)
    if found is None:
        reason = f"{name} not found (apt-get install prometheus, or set {variable})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI machines must have it")
        pytest.skip(reason)
    return found
